import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletePeriod } from '../../src/reports/report-period.js';
import { ReportService } from '../../src/reports/report-service.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { SmtpPeer } from './smtp-peer.js';
import { WebhookReceiver } from './webhook-receiver.js';

describe('report periods', () => {
  it('takes the last whole ISO week and calendar month before the local day', () => {
    expect(lastCompletePeriod('weekly', '2026-12-07')).toStrictEqual({
      kind: 'weekly',
      key: '2026-W49',
      from: '2026-11-30',
      to: '2026-12-06',
      previous: { from: '2026-11-23', to: '2026-11-29' },
    });
    // A Sunday is still inside its week: the last whole week is the one before.
    expect(lastCompletePeriod('weekly', '2026-12-06').key).toBe('2026-W48');
    // ISO week 1 of 2027 starts on Monday 4 January; 28 December 2026 is in week 53 of 2026.
    expect(lastCompletePeriod('weekly', '2027-01-04').key).toBe('2026-W53');
    expect(lastCompletePeriod('monthly', '2026-03-01')).toStrictEqual({
      kind: 'monthly',
      key: '2026-02',
      from: '2026-02-01',
      to: '2026-02-28',
      previous: { from: '2026-01-01', to: '2026-01-31' },
    });
    expect(lastCompletePeriod('monthly', '2026-01-15').previous).toStrictEqual({
      from: '2025-11-01',
      to: '2025-11-30',
    });
  });
});

describe('the digest schedule', () => {
  let t: TestApp;
  const smtp = new SmtpPeer();
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    t = await startTestApp({
      PENUMBRA_SMTP_URL: await smtp.start(),
      PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
      PENUMBRA_DELIVERY_TICK_MS: '50',
    });
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
    await receiver.close();
  });

  it('queues each due digest and report.weekly once per period, however many instances run it', async () => {
    const site = await t.services.sites.create({ domain: 'schedule.example', timezone: 'Europe/Paris' });
    const recipient = await t.services.delivery.recipients.add(site, {
      kind: 'email',
      address: 'weekly@example.org',
      language: 'en',
      schedule: 'both',
    });
    const created = await t.services.delivery.webhooks.create(site, {
      url: await receiver.start(),
      events: ['report.weekly'],
    });
    receiver.secret = created.secret;
    // Two "instances" a week and a month later: both run the schedule, at once.
    const later = Date.parse(recipient.createdAt) + 40 * 86_400_000;
    const instance = () =>
      new ReportService({
        store: t.services.store,
        stats: t.services.stats,
        recipients: t.services.delivery.recipients,
        webhooks: t.services.delivery.webhooks,
        baseUrl: t.services.config.baseUrl,
        mailConfigured: true,
        retryWindowMs: 60_000,
        now: () => later,
      });
    const [a, b] = [instance(), instance()];
    expect(await t.services.delivery.reports.runDue()).toBe(1); // today: only report.weekly, which has no "added after" rule
    const queued = await Promise.all([a.runDue(), b.runDue()]);
    expect(queued.reduce((sum, n) => sum + n, 0)).toBe(3); // weekly + monthly e-mails, report.weekly of that week
    expect(await a.runDue()).toBe(0);
    // What the later instances queued waits for its time; the outbox holds each once.
    const log = await t.services.store.outbox.listDeliveries({ siteId: site.id, limit: 10, offset: 0 });
    expect(log.items.map((d) => `${d.channel} ${d.eventType}`).sort()).toStrictEqual([
      'email report.monthly',
      'email report.weekly',
      'webhook report.weekly',
      'webhook report.weekly',
    ]);
    // Today's report.weekly is due now: the receiver gets it, signed, with the digest's figures.
    const [weekly] = await receiver.waitFor(1);
    expect(weekly?.verified).toBe(true);
    const data = weekly?.json.data as Record<string, unknown>;
    expect(data).toMatchObject({ site: { domain: 'schedule.example' }, goalsByChannel: null });
    expect(Object.keys(data)).toStrictEqual(
      expect.arrayContaining(['darkSocial', 'topArticles', 'shareKits', 'period', 'dashboardUrl']),
    );
  });
});
