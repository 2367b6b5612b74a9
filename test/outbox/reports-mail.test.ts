import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletePeriod } from '../../src/reports/report-period.js';
import type { NewEvent } from '../../src/store/store.js';
import { apiRequest } from '../helpers/api-request.js';
import { keepSample } from '../helpers/keep-sample.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { SmtpPeer } from './smtp-peer.js';
import { WebhookReceiver } from './webhook-receiver.js';

const FAST = {
  PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
  PENUMBRA_DELIVERY_TICK_MS: '50',
  PENUMBRA_DELIVERY_RETRY_BASE_MS: '100',
  PENUMBRA_DELIVERY_TIMEOUT_MS: '2000',
};

/**
 * Last week's traffic of a news site: WhatsApp and copy-paste shares of two articles, a kit shared
 * in WhatsApp; two goals: reading /budget (every one of its visitors), and subscribing (three
 * WhatsApp readers of /budget in EUR, one Google reader of /storm in USD).
 */
async function seedLastWeek(t: TestApp, siteId: string): Promise<void> {
  const week = lastCompletePeriod('weekly', new Date().toISOString().slice(0, 10));
  const monday = Date.parse(`${week.from}T10:00:00Z`);
  const [kit, variant] = await t.services.store.createLinks([
    {
      id: 'kit-1',
      siteId,
      parentId: null,
      channel: null,
      slug: 'budget',
      url: 'https://news.example/budget',
      title: 'Budget 2027',
      description: null,
      image: null,
      utm: {},
      tags: [],
      expiresAt: null,
      maxClicks: null,
      disabled: false,
    },
    {
      id: 'kit-1-wa',
      siteId,
      parentId: 'kit-1',
      channel: 'whatsapp',
      slug: 'budget-wa',
      url: 'https://news.example/budget',
      title: 'Budget 2027',
      description: null,
      image: null,
      utm: {},
      tags: [],
      expiresAt: null,
      maxClicks: null,
      disabled: false,
    },
  ]);
  if (!kit || !variant) throw new Error('kit expected');
  const goal = { siteId, pathPattern: null, eventName: null, propKey: null, propValue: null, shareWay: null };
  await t.services.store.goals.createGoal({
    ...goal,
    id: 'g-read',
    name: 'Read budget',
    kind: 'page',
    pathPattern: '/budget',
  });
  await t.services.store.goals.createGoal({
    ...goal,
    id: 'g-sub',
    name: 'Subscribe',
    kind: 'event',
    eventName: 'subscribe',
  });
  const visit = (
    path: string,
    source: string,
    medium: string,
    n: number,
    channel = 'dark-social',
  ): NewEvent => ({
    siteId,
    linkId: null,
    type: 'pageview',
    kind: 'human',
    channel,
    medium,
    source,
    evidence: channel === 'dark-social' ? 'in-app-browser' : 'referrer',
    confidence: 'certain',
    occurredAt: monday + n * 60_000,
    path,
    visitorHash: `visitor-${path}-${n}`,
  });
  const events: NewEvent[] = [];
  for (let n = 0; n < 12; n++) events.push(visit('/budget', 'whatsapp', 'messaging', n));
  for (let n = 0; n < 4; n++) events.push(visit('/budget', 'copy-paste', 'copy-paste', 100 + n));
  for (let n = 0; n < 5; n++) events.push(visit('/storm', 'telegram', 'messaging', 200 + n));
  for (let n = 0; n < 9; n++) events.push(visit('/storm', 'google', 'organic', 300 + n, 'search'));
  const link = (type: 'preview' | 'click', n: number): NewEvent => ({
    siteId,
    linkId: variant.id,
    type,
    kind: type === 'preview' ? 'preview' : 'human',
    channel: 'dark-social',
    medium: 'messaging',
    source: 'whatsapp',
    evidence: 'tracked-link',
    confidence: 'certain',
    occurredAt: monday + n * 60_000,
  });
  const subscribe = (path: string, n: number, revenue: number, currency: string): NewEvent => ({
    ...visit(path, 'direct', 'internal', n + 1, 'internal'),
    type: 'event',
    name: 'subscribe',
    visitorHash: `visitor-${path}-${n}`,
    revenue,
    currency,
  });
  for (let n = 0; n < 3; n++) events.push(subscribe('/budget', n, 9.99, 'EUR'));
  events.push(subscribe('/storm', 300, 5, 'USD'));
  for (let n = 0; n < 4; n++) events.push(link('preview', 400 + n));
  for (let n = 0; n < 10; n++) events.push(link('click', 500 + n));
  await t.services.store.insertEvents(events);
}

describe('digests by e-mail (a real SMTP server) and Slack (a real loopback receiver)', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let slack: WebhookReceiver;
  let siteId: string;

  beforeAll(async () => {
    smtp = new SmtpPeer();
    slack = new WebhookReceiver();
    const smtpUrl = await smtp.start();
    const slackUrl = await slack.start();
    t = await startTestApp({
      ...FAST,
      PENUMBRA_SMTP_URL: smtpUrl,
      PENUMBRA_MAIL_FROM: 'Penumbra <digest@news.example>',
    });
    siteId = String(
      (await apiRequest(t, 'POST', '/api/sites', { domain: 'news.example', timezone: 'UTC' })).body.id,
    );
    await seedLastWeek(t, siteId);
    for (const body of [
      { kind: 'email', address: 'Editor@Example.org', language: 'en', schedule: 'weekly' },
      { kind: 'email', address: 'redaction@example.fr', language: 'fr', schedule: 'weekly' },
      { kind: 'slack', address: slackUrl, language: 'fr', schedule: 'weekly' },
    ]) {
      expect((await apiRequest(t, 'POST', `/api/sites/${siteId}/reports/recipients`, body)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await t.close();
    await smtp.close();
    await slack.close();
  });

  it('lists recipients without the Slack URL, and says mail is configured', async () => {
    const { body } = await apiRequest<{
      mailConfigured: boolean;
      recipients: { kind: string; address: string }[];
    }>(t, 'GET', `/api/sites/${siteId}/reports`);
    expect(body.mailConfigured).toBe(true);
    expect(body.recipients.map((r) => r.address).slice(0, 2)).toStrictEqual([
      'editor@example.org',
      'redaction@example.fr',
    ]);
    expect(body.recipients[2]?.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);
  });

  it('does not schedule a digest for a period that ended before the recipient was added', async () => {
    expect(await t.services.delivery.reports.plan({ scheduled: true })).toStrictEqual([]);
  });

  it('sends each recipient its digest once: HTML and text, in its language, with an unsubscribe link', async () => {
    const reports = t.services.delivery.reports;
    // Kit conversions read the folded goal claims (goal-store.ts): the server folds within a second.
    await t.services.store.foldRollups();
    expect(await reports.queue(await reports.plan())).toBe(3);
    const mails = await smtp.waitFor(2);
    const [slackMessage] = await slack.waitFor(1);
    const english = mails.find((m) => m.envelopeTo.includes('editor@example.org'));
    const french = mails.find((m) => m.envelopeTo.includes('redaction@example.fr'));
    if (!english || !french || !slackMessage) throw new Error('three messages expected');
    expect(english.envelopeTo).toStrictEqual(['editor@example.org']);
    expect(english.mail.from?.value[0]?.address).toBe('digest@news.example');
    expect(english.mail.subject).toMatch(
      /^Weekly dark social digest for news\.example, \d{4}-\d{2}-\d{2} – /,
    );
    expect(french.mail.subject).toMatch(/^Bilan hebdomadaire du dark social pour news\.example, du /);
    for (const { mail } of [english, french]) {
      expect(mail.text).toContain('/budget');
      expect(mail.text).toMatch(/WhatsApp/);
      expect(mail.html).toContain('<a href="https://go.example.test/app">');
      expect(mail.html).toContain('/budget');
      const unsubscribe = /(https?:\/\/\S+\/unsubscribe\/\S+)/.exec(mail.text ?? '')?.[1];
      expect(unsubscribe).toBeDefined();
      const header = (name: string) =>
        mail.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n\s+/g, ' ') ?? '';
      expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      expect(mail.html).toContain(String(unsubscribe).replace(/&/g, '&amp;'));
    }
    expect(english.mail.text).toContain('Dark social index');
    expect(english.mail.text).toContain('Budget 2027');
    // Goals by channel, dark social split by app; the kit's conversions (its WhatsApp visits to /budget).
    expect(english.mail.text).toContain(
      '  - Subscribe: 4 conversions by 4 visitors (13.3% of visitors), €29.97, $5.00; by channel: dark social 3 (WhatsApp 3), search 1',
    );
    expect(english.mail.text).toContain(
      '  - Read budget: 16 conversions by 16 visitors (53.3% of visitors); by channel: dark social 16 (WhatsApp 12, copy-paste 4)',
    );
    expect(english.mail.text).toContain('4 previews, 10 clicks, 2.5 clicks per preview, 15 conversions');
    expect(english.mail.html).toContain('<h2 style="font-size:1.1em">Goals by channel</h2>');
    expect(french.mail.text).toContain('Objectifs par canal');
    expect(french.mail.text).toMatch(
      /Subscribe: 4 conversion\(s\) par 4 visiteur\(s\) \(13,3\s%\s?des visiteurs\), 29,97\s€, 5,00\s\$US; par canal\u00a0: dark social 3 \(WhatsApp 3\), recherche 1/,
    );
    // Apps by the names people know them by, ways of sharing in the reader's language.
    expect(french.mail.text).toContain('dark social 16 (WhatsApp 12, copier-coller 4)');
    expect(french.mail.text).toContain('Indice dark social');
    expect(french.mail.text).toContain('Se désabonner');
    expect(french.mail.html).toContain('<html lang="fr">');
    // Slack: Block Kit in French, posted to the incoming-webhook URL.
    const blocks = slackMessage.json.blocks as { type: string; text?: { text: string } }[];
    expect(slackMessage.json.text).toMatch(/^Bilan hebdomadaire/);
    expect(blocks[0]?.type).toBe('header');
    expect(blocks.some((b) => b.text?.text.includes('/budget'))).toBe(true);
    expect(
      blocks.some((b) =>
        b.text?.text.startsWith('*Objectifs par canal*\n• *Read budget* — 16 conversion(s)'),
      ),
    ).toBe(true);
    keepSample('digest-en.txt', english.mail.text ?? '');
    keepSample('digest-fr.html', String(french.mail.html));
    keepSample('digest-en.eml', english.raw);
    keepSample('digest-slack.json', JSON.stringify(slackMessage.json, null, 2));
    // The same period again: nothing more is queued.
    const again = await reports.plan();
    expect(again.every((digest) => digest.skipped === 'already_sent')).toBe(true);
    expect(await reports.queue(again)).toBe(0);
  });

  it('unsubscribes in one click without sign-in, and refuses a forged link', async () => {
    const french = smtp.received.find((m) => m.envelopeTo.includes('redaction@example.fr'));
    const link = /(https?:\/\/\S+\/unsubscribe\/\S+)/.exec(french?.mail.text ?? '')?.[1] ?? '';
    const path = new URL(link).pathname;
    const page = await t.app.fastify.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('Se désabonner');
    const forged = await t.app.fastify.inject({
      method: 'POST',
      url: `${path.slice(0, -3)}abc`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.statusCode).toBe(404);
    // RFC 8058: what a mail client sends for List-Unsubscribe-Post.
    const oneClick = await t.app.fastify.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('désabonné');
    const { body } = await apiRequest<{ recipients: { address: string }[] }>(
      t,
      'GET',
      `/api/sites/${siteId}/reports`,
    );
    expect(body.recipients.map((r) => r.address)).not.toContain('redaction@example.fr');
    const twice = await t.app.fastify.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(twice.statusCode).toBe(404);
  });
});

describe('without PENUMBRA_SMTP_URL', () => {
  it('says mail is not configured and queues no e-mail', async () => {
    const t = await startTestApp({});
    try {
      const siteId = String((await apiRequest(t, 'POST', '/api/sites', { domain: 'quiet.example' })).body.id);
      await apiRequest(t, 'POST', `/api/sites/${siteId}/reports/recipients`, {
        kind: 'email',
        address: 'a@example.org',
      });
      const { body } = await apiRequest<{ mailConfigured: boolean }>(
        t,
        'GET',
        `/api/sites/${siteId}/reports`,
      );
      expect(body.mailConfigured).toBe(false);
      const planned = await t.services.delivery.reports.plan();
      expect(planned.map((p) => p.skipped)).toStrictEqual(['mail_not_configured']);
      expect(await t.services.delivery.reports.queue(planned)).toBe(0);
      const bad = await apiRequest<{ code: string }>(t, 'POST', `/api/sites/${siteId}/reports/recipients`, {
        kind: 'email',
        address: 'not an address',
      });
      expect(bad.body.code).toBe('recipient_address_invalid');
    } finally {
      await t.close();
    }
  });
});
