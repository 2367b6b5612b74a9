import { randomUUID } from 'node:crypto';
import { DeliveryInputError } from '../outbox/delivery-input-error.js';
import type { WebhookService } from '../outbox/webhook-service.js';
import type { RecipientService } from '../reports/recipient-service.js';
import type { AlertRule, AlertRuleKind } from '../store/alert-store.js';
import type { NewDelivery } from '../store/outbox-store.js';
import type { ReportRecipient } from '../store/recipient-store.js';
import type { Site, Store } from '../store/store.js';
import type { AlertCandidate } from './alert-candidate.js';
import { ALERT_DEFAULTS, QUIET_DEFAULTS } from './alert-defaults.js';
import { applyQuietRules, evaluateSite, firingDay } from './alert-evaluator.js';
import { alertEmail, alertSlack, alertWebhookData } from './alert-messages.js';

/** What an owner or editor may set on a rule; the rest takes ALERT_DEFAULTS and QUIET_DEFAULTS. */
export interface AlertRuleInput {
  kind: AlertRuleKind;
  windowMinutes?: 15 | 30;
  minCount?: number;
  factor?: number;
  cooldownHours?: number;
  quietStart?: number | null;
  quietEnd?: number | null;
  dailyCap?: number;
  recipientIds?: string[] | null;
  /** goal-dark-social: the goal watched (its id); required for that kind, refused for the others. */
  goalId?: string;
}

export interface AlertServiceDeps {
  store: Pick<Store, 'alerts' | 'outbox' | 'getSite' | 'getLink' | 'goals'>;
  recipients: RecipientService;
  webhooks: WebhookService;
  baseUrl: string;
  mailConfigured: boolean;
  retryWindowMs: number;
  now?: () => number;
}

/** The evaluator's lease: one instance evaluates at a time on a shared database; renewed each beat. */
const LEASE = 'alerts-evaluator';
const LEASE_MS = 3 * 60_000;

/**
 * "Spreading privately" alerts (issue 14, docs/alerts.md): rules per site, the evaluation, and
 * sending: each alert goes through the outbox (signed alert.triggered webhooks, e-mails and
 * Slack messages to the rule's report recipients), so none is lost across restarts.
 */
export class AlertService {
  readonly #deps: AlertServiceDeps;
  readonly #instance = randomUUID();

  constructor(deps: AlertServiceDeps) {
    this.#deps = deps;
  }

  list(siteId: string): Promise<AlertRule[]> {
    return this.#deps.store.alerts.listAlertRules(siteId);
  }

  async add(site: Site, input: AlertRuleInput): Promise<AlertRule> {
    const recipientIds = input.recipientIds ?? null;
    if (recipientIds) {
      const known = new Set((await this.#deps.recipients.list(site.id)).map((r) => r.id));
      const unknown = recipientIds.find((id) => !known.has(id));
      if (unknown !== undefined) {
        throw new DeliveryInputError(
          'alert_recipient_unknown',
          `"${unknown}" is not a report recipient of this site.`,
          'recipientIds',
        );
      }
    }
    const { goalId: _goal, ...settings } = definedOnly(input);
    return this.#deps.store.alerts.createAlertRule({
      id: randomUUID(),
      siteId: site.id,
      ...QUIET_DEFAULTS,
      ...ALERT_DEFAULTS[input.kind],
      ...settings,
      kind: input.kind,
      recipientIds,
      goalId: await this.#goalOf(site, input),
    });
  }

  /** A goal-dark-social rule's goal, which must be the site's; null for the other kinds. */
  async #goalOf(site: Site, input: AlertRuleInput): Promise<string | null> {
    if (input.kind !== 'goal-dark-social') {
      if (input.goalId === undefined) return null;
      throw new DeliveryInputError(
        'alert_goal_unknown',
        'Only a goal-dark-social rule watches a goal.',
        'goalId',
      );
    }
    const goal =
      input.goalId === undefined ? undefined : await this.#deps.store.goals.getGoal(site.id, input.goalId);
    if (!goal) {
      throw new DeliveryInputError(
        'alert_goal_unknown',
        input.goalId === undefined
          ? 'A goal-dark-social rule needs the goal it watches (goalId).'
          : `"${input.goalId}" is not a goal of this site.`,
        'goalId',
      );
    }
    return goal.id;
  }

  remove(siteId: string, id: string): Promise<boolean> {
    return this.#deps.store.alerts.deleteAlertRule(siteId, id);
  }

  /**
   * What would fire now (`alerts test`, the API's test): every candidate, held ones marked with
   * why. Records and sends nothing.
   */
  async evaluate(site: Site): Promise<AlertCandidate[]> {
    const now = this.#now();
    const rules = await this.list(site.id);
    const candidates = await evaluateSite(this.#deps, site, rules, now);
    const held: AlertCandidate[] = [];
    for (const candidate of candidates) {
      const today = await this.#deps.store.alerts.countFirings(candidate.rule.id, firingDay(candidate, now));
      held.push(await applyQuietRules(this.#deps.store.alerts, candidate, now, today));
    }
    return held;
  }

  /**
   * The server's beat: if this instance holds the lease, evaluates every site with rules, and
   * for each alert that fires queues its deliveries then records the firing. Returns the alerts sent.
   */
  async run(): Promise<AlertCandidate[]> {
    const now = this.#now();
    const { alerts } = this.#deps.store;
    if (!(await alerts.acquireLease(LEASE, this.#instance, now, now + LEASE_MS))) return [];
    const fired: AlertCandidate[] = [];
    const rules = await alerts.listAlertRules();
    for (const siteId of new Set(rules.map((rule) => rule.siteId))) {
      const site = await this.#deps.store.getSite(siteId);
      if (!site) continue;
      const siteRules = rules.filter((rule) => rule.siteId === siteId);
      for (const found of await evaluateSite(this.#deps, site, siteRules, now)) {
        const day = firingDay(found, now);
        const checked = await applyQuietRules(
          alerts,
          found,
          now,
          await alerts.countFirings(found.rule.id, day),
        );
        if (checked.held) continue;
        await this.#send(checked, now);
        await alerts.recordFiring({
          ruleId: found.rule.id,
          siteId,
          subject: found.subject.id,
          firedAt: now,
          localDay: day,
        });
        fired.push(checked);
      }
    }
    return fired;
  }

  /** Queues one alert: alert.triggered to subscribed endpoints, then each recipient's message. */
  async #send(candidate: AlertCandidate, now: number): Promise<void> {
    const key = `alert:${candidate.rule.id}:${candidate.subject.id}:${now}`;
    await this.#deps.webhooks.publish(candidate.site, 'alert.triggered', alertWebhookData(candidate), key);
    const deliveries: NewDelivery[] = [];
    for (const recipient of await this.#recipientsOf(candidate.rule)) {
      if (recipient.kind === 'email' && !this.#deps.mailConfigured) continue;
      const payload =
        recipient.kind === 'email'
          ? alertEmail(
              candidate,
              recipient.language,
              await this.#deps.recipients.unsubscribeUrl(recipient.id),
            )
          : alertSlack(candidate, recipient.language);
      deliveries.push({
        id: randomUUID(),
        siteId: candidate.site.id,
        channel: recipient.kind,
        targetId: recipient.id,
        eventType: 'alert.triggered',
        payload: JSON.stringify(payload),
        dedupeKey: `${key}:${recipient.id}`,
        nextAttemptAt: now,
        giveUpAt: now + this.#deps.retryWindowMs,
      });
    }
    if (deliveries.length > 0) await this.#deps.store.outbox.enqueueDeliveries(deliveries);
  }

  async #recipientsOf(rule: AlertRule): Promise<ReportRecipient[]> {
    const all = await this.#deps.recipients.list(rule.siteId);
    if (rule.recipientIds === null) return all;
    const chosen = new Set(rule.recipientIds);
    return all.filter((recipient) => chosen.has(recipient.id));
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }
}

function definedOnly(input: AlertRuleInput): Partial<AlertRuleInput> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
