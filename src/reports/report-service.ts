import { randomUUID } from 'node:crypto';
import type { WebhookService } from '../outbox/webhook-service.js';
import { localDay } from '../stats/date-range.js';
import type { StatsService } from '../stats/stats-service.js';
import type { NewDelivery, OutboxStore } from '../store/outbox-store.js';
import type { ReportRecipient } from '../store/recipient-store.js';
import type { Site, Store } from '../store/store.js';
import { buildDigest, type Digest } from './digest.js';
import { digestEmail } from './digest-email.js';
import { digestSlack } from './digest-slack.js';
import type { RecipientService } from './recipient-service.js';
import { lastCompletePeriod, type PeriodKind, type ReportPeriod } from './report-period.js';

/** One digest to one recipient, ready to queue; `skipped` says why it will not be sent. */
export interface PlannedDigest {
  recipient: ReportRecipient;
  site: Site;
  period: ReportPeriod;
  /** Absent when skipped. */
  delivery?: NewDelivery;
  skipped?: 'mail_not_configured' | 'already_sent';
}

export interface ReportServiceDeps {
  store: Pick<Store, 'outbox' | 'getSite' | 'getLinkBySlug' | 'listVariants' | 'goals'>;
  stats: StatsService;
  recipients: RecipientService;
  webhooks: WebhookService;
  baseUrl: string;
  /** False when PENUMBRA_SMTP_URL is unset: e-mail digests are not queued. */
  mailConfigured: boolean;
  retryWindowMs: number;
  now?: () => number;
}

const KINDS: Record<ReportRecipient['schedule'], PeriodKind[]> = {
  weekly: ['weekly'],
  monthly: ['monthly'],
  both: ['weekly', 'monthly'],
};

/**
 * Weekly and monthly digests (issue 14, "Reports"): what is due, built from the stats services,
 * rendered per recipient (e-mail in their language with an unsubscribe link, or Slack Block Kit),
 * and queued in the outbox under a key per recipient and period, so a period's digest is queued
 * once however many instances or restarts run the schedule (`runDue`, each minute in the server).
 */
export class ReportService {
  readonly #deps: ReportServiceDeps;
  readonly #outbox: OutboxStore;

  constructor(deps: ReportServiceDeps) {
    this.#deps = deps;
    this.#outbox = deps.store.outbox;
  }

  get mailConfigured(): boolean {
    return this.#deps.mailConfigured;
  }

  /**
   * The digests of the last whole period for each recipient (of one site, or all). `scheduled`:
   * only periods that ended after the recipient was added (the server's schedule; a recipient
   * added mid-week gets their first digest the next Monday).
   */
  async plan(options: { siteId?: string; scheduled?: boolean } = {}): Promise<PlannedDigest[]> {
    const now = (this.#deps.now ?? Date.now)();
    const digests = new Map<string, Promise<Digest>>();
    const planned: PlannedDigest[] = [];
    for (const recipient of await this.#deps.recipients.list(options.siteId)) {
      const site = await this.#deps.store.getSite(recipient.siteId);
      if (!site) continue;
      for (const kind of KINDS[recipient.schedule]) {
        const period = lastCompletePeriod(kind, localDay(now, site.timezone));
        if (options.scheduled && !endedAfter(period, recipient.createdAt, site.timezone)) continue;
        const dedupeKey = `digest:${recipient.id}:${period.key}`;
        if (await this.#outbox.hasDelivery(dedupeKey)) {
          planned.push({ recipient, site, period, skipped: 'already_sent' });
          continue;
        }
        if (recipient.kind === 'email' && !this.#deps.mailConfigured) {
          planned.push({ recipient, site, period, skipped: 'mail_not_configured' });
          continue;
        }
        const key = `${site.id}:${period.key}`;
        if (!digests.has(key)) digests.set(key, buildDigest(this.#deps, site, period));
        const digest = await (digests.get(key) as Promise<Digest>);
        planned.push({
          recipient,
          site,
          period,
          delivery: await this.#delivery(recipient, digest, dedupeKey, now),
        });
      }
    }
    return planned;
  }

  /** Queues the planned digests that are not skipped; returns how many were queued. */
  async queue(planned: readonly PlannedDigest[]): Promise<number> {
    const deliveries = planned.flatMap((digest) => (digest.delivery ? [digest.delivery] : []));
    return deliveries.length === 0 ? 0 : this.#outbox.enqueueDeliveries(deliveries);
  }

  /** The schedule's beat: queues every due digest, and the report.weekly webhooks. */
  async runDue(): Promise<number> {
    const queued = await this.queue(await this.plan({ scheduled: true }));
    return queued + (await this.#publishWeekly());
  }

  /** report.weekly to each subscribed endpoint, once per week (the same figures as the e-mail digest). */
  async #publishWeekly(): Promise<number> {
    const now = (this.#deps.now ?? Date.now)();
    const endpoints = await this.#outbox.listSubscribedEndpoints('report.weekly');
    let queued = 0;
    for (const siteId of new Set(endpoints.map((endpoint) => endpoint.siteId))) {
      const site = await this.#deps.store.getSite(siteId);
      if (!site) continue;
      const period = lastCompletePeriod('weekly', localDay(now, site.timezone));
      const key = `report.weekly:${period.key}`;
      const pending = [];
      for (const endpoint of endpoints.filter((e) => e.siteId === siteId)) {
        if (!(await this.#outbox.hasDelivery(`${key}:${endpoint.id}`))) pending.push(endpoint);
      }
      if (pending.length === 0) continue;
      const digest = await buildDigest(this.#deps, site, period);
      queued += await this.#deps.webhooks.publish(site, 'report.weekly', digest, key);
    }
    return queued;
  }

  async #delivery(
    recipient: ReportRecipient,
    digest: Digest,
    dedupeKey: string,
    now: number,
  ): Promise<NewDelivery> {
    const payload =
      recipient.kind === 'email'
        ? digestEmail(digest, recipient.language, await this.#deps.recipients.unsubscribeUrl(recipient.id))
        : digestSlack(digest, recipient.language);
    return {
      id: randomUUID(),
      siteId: recipient.siteId,
      channel: recipient.kind,
      targetId: recipient.id,
      eventType: `report.${digest.period.kind}`,
      payload: JSON.stringify(payload),
      dedupeKey,
      nextAttemptAt: now,
      giveUpAt: now + this.#deps.retryWindowMs,
    };
  }
}

/**
 * Whether the period ended after `createdAt`: its last local day is the day the recipient was
 * added, or later (both in the site's time zone, so the comparison is of whole local days).
 */
function endedAfter(period: ReportPeriod, createdAt: string, timeZone: string): boolean {
  return period.to >= localDay(Date.parse(createdAt), timeZone);
}
