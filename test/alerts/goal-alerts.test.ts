import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { candidateView } from '../../src/http/routes/alerts.js';
import type { AlertTriggeredEvent } from '../../src/outbox/webhook-payloads.js';
import type { NewGoal } from '../../src/store/goal-store.js';
import type { NewEvent } from '../../src/store/store.js';
import { darkSocialArrivals, seedSteadyTraffic } from '../helpers/alert-traffic.js';
import { apiRequest } from '../helpers/api-request.js';
import { eventually } from '../helpers/eventually.js';
import { keepSample } from '../helpers/keep-sample.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { SmtpPeer } from '../outbox/smtp-peer.js';
import { WebhookReceiver } from '../outbox/webhook-receiver.js';

type AlertView = ReturnType<typeof candidateView>;
const dataOf = (json: unknown) => (json as { data?: AlertTriggeredEvent['data'] }).data;

const ARTICLE = '/world/flood-defences-give-way';

const goal = (siteId: string, id: string, name: string, overrides: Partial<NewGoal>): NewGoal => ({
  id,
  siteId,
  name,
  kind: 'event',
  pathPattern: null,
  eventName: null,
  propKey: null,
  propValue: null,
  shareWay: null,
  ...overrides,
});

/**
 * A burst of subscriptions from dark social in the last 20 minutes, each visit classified by the
 * real classifier from the seed's own profiles: 24 readers arriving from the WhatsApp Android app
 * and 8 copy-pastes (a share token, no referrer) read the article and subscribe a minute later.
 */
function subscriptionBurst(siteId: string, domain: string, now: number): NewEvent[] {
  const { fromWhatsapp, pasted } = darkSocialArrivals(`https://${domain}${ARTICLE}`);
  const events: NewEvent[] = [];
  for (let n = 0; n < 32; n++) {
    const c = n < 24 ? fromWhatsapp : pasted;
    const at = now - 20 * 60_000 + n * 20_000;
    const base = { siteId, linkId: null, kind: c.kind, evidence: c.evidence, visitorHash: `burst-${n}` };
    events.push({
      ...base,
      type: 'pageview',
      channel: c.channel,
      medium: c.medium,
      source: c.source,
      confidence: c.confidence,
      occurredAt: at,
      path: ARTICLE,
    });
    // The custom event itself carries the page's own classification; the visit is credited.
    events.push({
      ...base,
      type: 'event',
      channel: 'internal',
      medium: 'internal',
      source: 'direct',
      confidence: 'certain',
      occurredAt: at + 60_000,
      path: ARTICLE,
      name: 'subscribe',
      revenue: 9.99,
      currency: 'EUR',
    });
  }
  return events;
}

describe('"a goal’s conversions from dark social" alerts on seeded traffic, delivered to real peers', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let slack: WebhookReceiver;
  let hooks: WebhookReceiver;
  let steadyId: string;
  let siteId: string;

  beforeAll(async () => {
    smtp = new SmtpPeer();
    slack = new WebhookReceiver();
    hooks = new WebhookReceiver();
    const [smtpUrl, slackUrl, hookUrl] = [await smtp.start(), await slack.start(), await hooks.start()];
    t = await startTestApp({
      PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
      PENUMBRA_DELIVERY_TICK_MS: '50',
      PENUMBRA_DELIVERY_TIMEOUT_MS: '2000',
      // The server's own beat comes once a minute: the test evaluates when it chooses.
      PENUMBRA_WEBHOOK_BATCH_MS: '120000',
      PENUMBRA_SMTP_URL: smtpUrl,
      PENUMBRA_MAIL_FROM: 'Penumbra <alerts@shop.example>',
    });
    const now = Date.now();
    for (const domain of ['steady.example', 'shop.example']) {
      const { body } = await apiRequest(t, 'POST', '/api/sites', { domain, timezone: 'UTC' });
      const id = String(body.id);
      await seedSteadyTraffic(t, { id, domain, timezone: 'UTC' }, now - 25 * 60_000);
      // Every page view is a conversion of "Read anything": steady dark-social conversions every hour.
      await t.services.store.goals.createGoal(
        goal(id, `${domain}-read`, 'Read anything', { kind: 'page', pathPattern: '/*' }),
      );
      await t.services.store.goals.createGoal(
        goal(id, `${domain}-sub`, 'Subscribe', { eventName: 'subscribe' }),
      );
      for (const goalId of [`${domain}-read`, `${domain}-sub`]) {
        // Quiet hours off, so the test does not depend on the hour it runs at.
        const rule = await apiRequest(t, 'POST', `/api/sites/${id}/alerts`, {
          kind: 'goal-dark-social',
          goalId,
          quietStart: null,
          quietEnd: null,
        });
        expect(rule.status).toBe(201);
        expect(rule.body).toMatchObject({ kind: 'goal-dark-social', goalId, minCount: 5, factor: 3 });
      }
      if (domain === 'steady.example') steadyId = id;
      else siteId = id;
    }
    const endpoint = await apiRequest<{ secret: string }>(t, 'POST', `/api/sites/${siteId}/webhooks`, {
      url: hookUrl,
      events: ['alert.triggered'],
    });
    hooks.secret = endpoint.body.secret;
    for (const body of [
      { kind: 'email', address: 'desk@shop.example', language: 'en' },
      { kind: 'email', address: 'redaction@shop.example', language: 'fr' },
      { kind: 'slack', address: slackUrl, language: 'en' },
    ]) {
      expect((await apiRequest(t, 'POST', `/api/sites/${siteId}/reports/recipients`, body)).status).toBe(201);
    }
    await t.services.store.insertEvents(subscriptionBurst(siteId, 'shop.example', Date.now()));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await slack?.close();
    await hooks?.close();
  });

  it('a goal rule needs one of the site’s goals, and only a goal rule takes one', async () => {
    for (const body of [
      { kind: 'goal-dark-social' },
      { kind: 'goal-dark-social', goalId: 'no-such-goal' },
      { kind: 'goal-dark-social', goalId: 'steady.example-sub' },
      { kind: 'page-spike', goalId: 'shop.example-sub' },
    ]) {
      const answer = await apiRequest<{ code: string }>(t, 'POST', `/api/sites/${siteId}/alerts`, body);
      expect([body, answer.status, answer.body.code]).toEqual([body, 400, 'alert_goal_unknown']);
    }
  });

  it('steady conversions from dark social fire nothing', async () => {
    // Not for want of them: five weeks of dark-social page views, each a conversion of "Read anything".
    const history = await t.services.store.alerts.countGoalConversions({
      siteId: steadyId,
      from: Date.now() - 35 * 86_400_000,
      to: Date.now(),
      goalIds: ['steady.example-read'],
      by: [],
      channels: ['dark-social'],
    });
    expect(history[0]?.conversions).toBeGreaterThan(3_000);
    const { body } = await apiRequest<{ alerts: unknown[] }>(t, 'POST', `/api/sites/${steadyId}/alerts/test`);
    expect(body.alerts).toStrictEqual([]);
  });

  it('the test names the goal, WhatsApp first, against its usual level, and sends nothing', async () => {
    const { status, body } = await apiRequest<{ alerts: AlertView[] }>(
      t,
      'POST',
      `/api/sites/${siteId}/alerts/test`,
    );
    expect(status).toBe(200);
    const alert = body.alerts.find((a) => a.subject.id === 'shop.example-sub');
    expect(alert).toMatchObject({
      rule: 'goal-dark-social',
      subject: { kind: 'goal', id: 'shop.example-sub', label: 'Subscribe' },
      dashboardUrl: `https://go.example.test/app/goals?site=${siteId}&range=day&channel=dark-social&goal=Subscribe`,
    });
    expect(alert?.count).toBeGreaterThanOrEqual(32);
    expect(alert?.apps[0]).toMatchObject({ source: 'whatsapp', medium: 'messaging' });
    expect(alert?.apps[0]?.share).toBeGreaterThan(0.6);
    expect(alert?.held).toBeUndefined();
    expect(smtp.received).toHaveLength(0);
    expect(hooks.received).toHaveLength(0);
  });

  it('fires once: a signed webhook, an e-mail per recipient in its language, a Slack message; then stays quiet', async () => {
    const fired = await t.services.delivery.alerts.run();
    // The server's own beat may have evaluated first on a slow machine: the receivers prove once.
    expect(fired.filter((a) => a.subject.id === 'shop.example-sub').length).toBeLessThanOrEqual(1);
    const [hook] = await hooks.waitFor(1, (d) => dataOf(d.json)?.subject.id === 'shop.example-sub');
    if (!hook) throw new Error('webhook expected');
    expect(hook.verified).toBe(true);
    const data = dataOf(hook.json);
    expect(data).toMatchObject({ rule: 'goal-dark-social', subject: { kind: 'goal', label: 'Subscribe' } });
    expect(data?.apps[0]?.source).toBe('whatsapp');
    expect(hook.body).not.toMatch(/burst-\d|visitor|user.?agent/i);
    keepSample('alert-goal-webhook.json', JSON.stringify(JSON.parse(hook.body), null, 2));

    const isGoal = (text: string | undefined) => Boolean(text?.includes('Subscribe'));
    const mails = await eventually(() =>
      smtp.received.filter((m) => isGoal(m.mail.text)).length >= 2 ? smtp.received : undefined,
    );
    const english = mails.find((m) => m.envelopeTo.includes('desk@shop.example') && isGoal(m.mail.text));
    const french = mails.find((m) => m.envelopeTo.includes('redaction@shop.example') && isGoal(m.mail.text));
    if (!english || !french) throw new Error('both e-mails expected');
    expect(english.mail.subject).toBe('Goal "Subscribe" is converting through dark social — shop.example');
    expect(english.mail.text).toMatch(/\d+ conversions from dark social in 30 min, /);
    expect(english.mail.text).toMatch(/Through: WhatsApp \d+ %, copy-paste \d+ %/);
    expect(english.mail.text).toContain('/app/goals?site=');
    expect(english.mail.text).toMatch(/Unsubscribe: https:\/\/go\.example\.test\/unsubscribe\//);
    expect(french.mail.subject).toBe('L’objectif « Subscribe » convertit par le dark social — shop.example');
    expect(french.mail.text).toMatch(/conversions venues du dark social en 30 min/);
    expect(french.mail.text).toMatch(/Par où\u00a0: WhatsApp \d+\u202f%, copier-coller \d+\u202f%/);
    keepSample('alert-goal-email-en.txt', english.mail.text ?? '');
    keepSample('alert-goal-email-fr.txt', french.mail.text ?? '');

    const slackMessage = await eventually(() =>
      slack.received.find((m) => isGoal(String((m.json as { text?: string }).text))),
    );
    expect((slackMessage.json as { blocks?: unknown[] }).blocks?.[0]).toStrictEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Goal "Subscribe" is converting through dark social' },
    });

    // Still converting the next minutes, but within the cooldown.
    expect((await t.services.delivery.alerts.run()).filter((a) => a.subject.kind === 'goal')).toStrictEqual(
      [],
    );
    const { body } = await apiRequest<{ alerts: AlertView[] }>(t, 'POST', `/api/sites/${siteId}/alerts/test`);
    expect(body.alerts.find((a) => a.subject.id === 'shop.example-sub')?.held).toBe('cooldown');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hooks.received.filter((d) => dataOf(d.json)?.subject.id === 'shop.example-sub')).toHaveLength(1);
  });
});
