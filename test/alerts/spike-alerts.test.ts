import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { candidateView } from '../../src/http/routes/alerts.js';
import type { AlertTriggeredEvent } from '../../src/outbox/webhook-payloads.js';
import type { NewEvent } from '../../src/store/store.js';
import { darkSocialArrivals, seedSteadyTraffic } from '../helpers/alert-traffic.js';
import { apiRequest } from '../helpers/api-request.js';
import { eventually } from '../helpers/eventually.js';
import { keepSample } from '../helpers/keep-sample.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { SmtpPeer } from '../outbox/smtp-peer.js';
import { WebhookReceiver } from '../outbox/webhook-receiver.js';

const FAST = {
  PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
  PENUMBRA_DELIVERY_TICK_MS: '50',
  PENUMBRA_DELIVERY_RETRY_BASE_MS: '100',
  PENUMBRA_DELIVERY_TIMEOUT_MS: '2000',
  // The server's beat (which also evaluates alerts) then comes once a minute, not every 30 s: the
  // tests below evaluate when they choose, after the spike is written.
  PENUMBRA_WEBHOOK_BATCH_MS: '120000',
};
type AlertView = ReturnType<typeof candidateView>;
type AlertData = AlertTriggeredEvent['data'];
/** A received body's `data`, for alert.triggered deliveries. */
const dataOf = (json: unknown) => (json as { data?: AlertData }).data;

const ARTICLE = '/world/flood-defences-give-way';

/**
 * A WhatsApp spike on one article in the last 20 minutes, classified by the real classifier
 * from the seed's own arrival and paste profiles: 40 arrivals from the WhatsApp Android app and
 * 15 copy-pastes (a share token with no referrer).
 */
function whatsappSpike(siteId: string, domain: string, now: number): NewEvent[] {
  const { fromWhatsapp, pasted } = darkSocialArrivals(`https://${domain}${ARTICLE}`);
  const events: NewEvent[] = [];
  const visit = (c: typeof fromWhatsapp, n: number): NewEvent => ({
    siteId,
    linkId: null,
    type: 'pageview',
    kind: c.kind,
    channel: c.channel,
    medium: c.medium,
    source: c.source,
    evidence: c.evidence,
    confidence: c.confidence,
    occurredAt: now - 20 * 60_000 + n * 15_000,
    path: ARTICLE,
    visitorHash: `spike-${n}`,
  });
  for (let n = 0; n < 40; n++) events.push(visit(fromWhatsapp, n));
  for (let n = 40; n < 55; n++) events.push(visit(pasted, n));
  return events;
}

describe('"spreading privately" alerts on seeded traffic, delivered to real peers', () => {
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
      ...FAST,
      PENUMBRA_SMTP_URL: smtpUrl,
      PENUMBRA_MAIL_FROM: 'Penumbra <alerts@news.example>',
    });
    const now = Date.now();
    for (const domain of ['steady.example', 'news.example']) {
      const { body } = await apiRequest(t, 'POST', '/api/sites', { domain, timezone: 'UTC' });
      await seedSteadyTraffic(t, { id: String(body.id), domain, timezone: 'UTC' }, now - 25 * 60_000);
      // Quiet hours off, so the test does not depend on the hour it runs at.
      for (const kind of ['page-spike', 'kit-previews', 'site-spike']) {
        const rule = await apiRequest(t, 'POST', `/api/sites/${body.id}/alerts`, {
          kind,
          quietStart: null,
          quietEnd: null,
        });
        expect(rule.status).toBe(201);
      }
      if (domain === 'steady.example') steadyId = String(body.id);
      else siteId = String(body.id);
    }
    const endpoint = await apiRequest<{ secret: string }>(t, 'POST', `/api/sites/${siteId}/webhooks`, {
      url: hookUrl,
      events: ['alert.triggered'],
    });
    hooks.secret = endpoint.body.secret;
    for (const body of [
      { kind: 'email', address: 'desk@news.example', language: 'en' },
      { kind: 'email', address: 'redaction@news.example', language: 'fr' },
      { kind: 'slack', address: slackUrl, language: 'en' },
    ]) {
      expect((await apiRequest(t, 'POST', `/api/sites/${siteId}/reports/recipients`, body)).status).toBe(201);
    }
    await t.services.store.insertEvents(whatsappSpike(siteId, 'news.example', Date.now()));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await slack?.close();
    await hooks?.close();
  });

  it('audits each rule added (which site, the thresholds)', async () => {
    const { body } = await apiRequest<{ items: { action: string }[] }>(
      t,
      'GET',
      '/api/audit?action=alert_rule.create&limit=50',
    );
    expect(body.items.filter((entry) => entry.action === 'alert_rule.create')).toHaveLength(6);
  });

  it('a steady site has nothing to say', async () => {
    // Not for want of data: five weeks of dark-social visits from the seed profiles.
    const history = await t.services.store.alerts.countDarkSocialPages(
      steadyId,
      Date.now() - 35 * 86_400_000,
      Date.now(),
    );
    expect(history.reduce((total, row) => total + row.count, 0)).toBeGreaterThan(3_000);
    const { body } = await apiRequest<{ alerts: unknown[] }>(t, 'POST', `/api/sites/${steadyId}/alerts/test`);
    expect(body.alerts).toStrictEqual([]);
  });

  it('the test names the article, WhatsApp first, against its usual level, and sends nothing', async () => {
    const { status, body } = await apiRequest<{ alerts: AlertView[] }>(
      t,
      'POST',
      `/api/sites/${siteId}/alerts/test`,
    );
    expect(status).toBe(200);
    const page = body.alerts.find((a) => a.rule === 'page-spike');
    expect(page?.subject).toStrictEqual({ kind: 'page', id: ARTICLE, label: ARTICLE });
    expect(page?.count).toBeGreaterThanOrEqual(55);
    expect(page?.apps[0]).toMatchObject({ source: 'whatsapp', medium: 'messaging' });
    expect(page?.apps[0]?.share).toBeGreaterThan(0.6);
    expect(page?.held).toBeUndefined();
    expect(page?.dashboardUrl).toBe(
      `https://go.example.test/app?site=${siteId}&range=day&channel=dark-social&page=${encodeURIComponent(ARTICLE)}`,
    );
    expect(smtp.received).toHaveLength(0);
    expect(hooks.received).toHaveLength(0);
  });

  it('fires once: a signed webhook, an e-mail per recipient in its language, a Slack message; then stays quiet', async () => {
    // The server's own beat (every minute) may have evaluated first on a slow machine: either
    // way the page's alert goes out once, which is what the receivers check below.
    const fired = await t.services.delivery.alerts.run();
    expect(fired.filter((a) => a.rule.kind === 'page-spike').map((a) => a.subject.id)).toStrictEqual(
      fired.length === 0 ? [] : [ARTICLE],
    );

    const [hook] = await hooks.waitFor(
      1,
      (d) => d.json.type === 'alert.triggered' && dataOf(d.json)?.rule === 'page-spike',
    );
    if (!hook) throw new Error('webhook expected');
    expect(hook.verified).toBe(true);
    expect(hook.headers['penumbra-event']).toBe('alert.triggered');
    const data = dataOf(hook.json);
    if (!data) throw new Error('data expected');
    expect(data.subject.id).toBe(ARTICLE);
    expect(data.apps[0]?.source).toBe('whatsapp');
    expect(hook.body).not.toMatch(/spike-\d|visitor/i);
    keepSample('alert-webhook.json', JSON.stringify(JSON.parse(hook.body), null, 2));

    const mails = await eventually(() =>
      smtp.received.filter((m) => m.mail.text?.includes(ARTICLE)).length >= 2 ? smtp.received : undefined,
    );
    const english = mails.find(
      (m) => m.envelopeTo.includes('desk@news.example') && m.mail.text?.includes(ARTICLE),
    );
    const french = mails.find(
      (m) => m.envelopeTo.includes('redaction@news.example') && m.mail.text?.includes(ARTICLE),
    );
    if (!english || !french) throw new Error('both e-mails expected');
    expect(english.mail.subject).toBe(`${ARTICLE} is spreading privately — news.example`);
    expect(english.mail.text).toMatch(/Through: WhatsApp \d+ %, copy-paste \d+ %/);
    expect(english.mail.text).toMatch(/\d+ dark-social visits in 30 min, /);
    expect(english.mail.html).toContain('Open the filtered dashboard');
    expect(english.mail.text).toMatch(/Unsubscribe: https:\/\/go\.example\.test\/unsubscribe\//);
    expect(french.mail.subject).toBe(`La page ${ARTICLE} circule en privé — news.example`);
    expect(french.mail.text).toMatch(/Par où\u00a0: WhatsApp \d+\u202f%, copier-coller \d+\u202f%/);
    keepSample('alert-email-en.txt', english.mail.text ?? '');
    keepSample('alert-email-fr.txt', french.mail.text ?? '');

    const slackMessages = await eventually(() =>
      slack.received.some((m) => String((m.json as { text?: string }).text).includes(ARTICLE))
        ? slack.received
        : undefined,
    );
    const slackPage = slackMessages.find((m) => String((m.json as { text?: string }).text).includes(ARTICLE));
    expect((slackPage?.json as { blocks?: unknown[] } | undefined)?.blocks?.[0]).toStrictEqual({
      type: 'header',
      text: { type: 'plain_text', text: `${ARTICLE} is spreading privately` },
    });
    keepSample('alert-slack.json', JSON.stringify(slackPage?.json, null, 2));

    // The next minutes: still spiking, but within the cooldown.
    expect(await t.services.delivery.alerts.run()).toStrictEqual([]);
    const { body } = await apiRequest<{ alerts: AlertView[] }>(t, 'POST', `/api/sites/${siteId}/alerts/test`);
    expect(body.alerts.find((a) => a.rule === 'page-spike')?.held).toBe('cooldown');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hooks.received.filter((d) => dataOf(d.json)?.rule === 'page-spike')).toHaveLength(1);
  });
});
