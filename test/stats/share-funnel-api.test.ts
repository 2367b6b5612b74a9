import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkView } from '../../src/links/link-view.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 16, "clicks per preview compares different things": previews are stored under the app
 * that fetched the link, clicks under the link's channel. An iMessage preview of a kit's SMS link
 * then a tap on it gave "iMessage: 1 preview, 0 clicks" beside "SMS: 0 previews, 1 click". Through
 * the real short-link route, the funnel now compares the SMS link's preview with the SMS link's
 * click, names iMessage as the app that drew the preview, and the query API refuses a ratio split
 * the way that compared nothing.
 */
const SITE = 'funnel.example.org';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

describe('the share funnel per link of a kit, with the fetching apps as a breakdown', () => {
  let test: TestApp;
  let kit: LinkView;
  const slugOf = (channel: string) => kit.variants.find((variant) => variant.channel === channel)?.slug ?? '';

  const get = (url: string, userAgent?: string) =>
    test.app.fastify.inject({
      method: 'GET',
      url,
      headers: { authorization: test.auth, ...(userAgent ? { 'user-agent': userAgent } : {}) },
    });
  const ask = (body: Record<string, unknown>) =>
    test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ site: SITE, date_range: '7d', ...body }),
    });

  beforeAll(async () => {
    test = await startTestApp();
    await test.services.sites.create({ domain: SITE, timezone: 'UTC' });
    kit = await test.services.links.create({
      url: `https://${SITE}/2026/05/storm`,
      site: SITE,
      title: 'The storm',
      channels: ['sms', 'whatsapp'],
    });
    // iMessage draws the preview of the SMS link; a person taps it. WhatsApp draws its own link's
    // preview twice, and one person opens it. The click is a person's, without the preview's agent.
    const answers = [
      await get(`/${slugOf('sms')}`, AGENTS.imessagePreview),
      await get(`/${slugOf('sms')}`, PHONE),
      await get(`/${slugOf('whatsapp')}`, AGENTS.whatsappPreview),
      await get(`/${slugOf('whatsapp')}`, AGENTS.whatsappPreview),
      await get(`/${slugOf('whatsapp')}`, PHONE),
    ].map((response) => response.statusCode);
    expect(answers).toEqual([200, 302, 200, 200, 302]);
    await test.services.sink.flush();
  });
  afterAll(() => test.close());

  it('GET /api/stats/dark-social: the SMS link has 1 preview and 1 click, the preview drawn by iMessage', async () => {
    const response = await get(`/api/stats/dark-social?site=${SITE}&date_range=7d`);
    expect(response.statusCode).toBe(200);
    const rows = (response.json() as { funnel: Record<string, unknown>[] }).funnel;
    expect(rows).toEqual([
      expect.objectContaining({
        link: kit.slug,
        variant: slugOf('whatsapp'),
        previews: 2,
        clicks: 1,
        clicksPerPreview: 0.5,
        previewsByApp: [{ source: 'whatsapp', previews: 2 }],
      }),
      expect.objectContaining({
        link: kit.slug,
        variant: slugOf('sms'),
        previews: 1,
        clicks: 1,
        clicksPerPreview: 1,
        previewsByApp: [{ source: 'imessage', previews: 1 }],
      }),
    ]);
    // No row compares iMessage's preview with nobody's clicks.
    expect(rows.some((row) => row.clicksPerPreview === 0)).toBe(false);
  });

  it('POST /api/stats/query: clicks per preview by link of the kit, the same numbers', async () => {
    const response = await ask({
      metrics: ['previews', 'clicks', 'clicks_per_preview'],
      dimensions: ['variant'],
    });
    expect(response.statusCode).toBe(200);
    expect(
      Object.fromEntries(
        (response.json() as { results: { dimensions: string[]; metrics: number[] }[] }).results.map((row) => [
          row.dimensions[0],
          row.metrics,
        ]),
      ),
    ).toEqual({ [slugOf('whatsapp')]: [2, 1, 0.5], [slugOf('sms')]: [1, 1, 1] });
    // Previews by the app that drew them stay answerable: a breakdown, without the ratio.
    const byApp = await ask({ metrics: ['previews'], dimensions: ['variant', 'source'] });
    expect(byApp.statusCode).toBe(200);
    expect(
      (byApp.json() as { results: { dimensions: string[]; metrics: number[] }[] }).results.map((row) => [
        ...row.dimensions,
        row.metrics[0],
      ]),
    ).toEqual([
      [slugOf('whatsapp'), 'whatsapp', 2],
      [slugOf('sms'), 'imessage', 1],
    ]);
  });

  it('refuses clicks per preview by source, channel or app filter, saying what to ask instead', async () => {
    for (const question of [
      { dimensions: ['source'] },
      { dimensions: ['link', 'channel'] },
      { dimensions: ['variant'], filters: [['is', 'source', ['imessage']]] },
    ]) {
      const response = await ask({ metrics: ['clicks_per_preview'], ...question });
      expect(response.statusCode, JSON.stringify(question)).toBe(422);
      const problem = response.json() as { code: string; detail: string };
      expect(problem.code).toBe('unsupported_combination');
      expect(problem.detail).toMatch(/previews are counted under the app that fetched the link/);
      expect(problem.detail).toMatch(/clicks_per_preview by variant/);
    }
  });

  it('GET /api/links/:id/stats: per link of the kit, the same previews and clicks (all time)', async () => {
    const response = await get(`/api/links/${kit.id}/stats`);
    expect(response.statusCode).toBe(200);
    const { byVariant } = response.json() as {
      byVariant: {
        variant: string;
        previews: number;
        clicks: number;
        clicksPerPreview: number | null;
        previewsByApp: { source: string; previews: number }[];
      }[];
    };
    expect(
      byVariant.map(({ variant, previews, clicks, clicksPerPreview }) => [
        variant,
        previews,
        clicks,
        clicksPerPreview,
      ]),
    ).toEqual([
      ['main', 0, 0, null],
      ['sms', 1, 1, 1],
      ['whatsapp', 2, 1, 0.5],
    ]);
    expect(byVariant.map((row) => row.previewsByApp)).toEqual([
      [],
      [{ source: 'imessage', previews: 1 }],
      [{ source: 'whatsapp', previews: 2 }],
    ]);
  });

  it('rounds a strict site’s kit stats like its reports, so the all-time line gives nothing away', async () => {
    const site = await test.services.sites.find(SITE);
    await test.services.sites.update(site?.id ?? '', { privacyMode: 'strict' });
    try {
      const response = await get(`/api/links/${kit.id}/stats`);
      const stats = response.json() as {
        totals: { previews: number; clicks: number };
        byVariant: { previews: number; clicksPerPreview: number | null; previewsByApp: unknown[] }[];
      };
      // 3 previews and 2 clicks round to 0, as the stats API rounds them for the same kit.
      expect(stats.totals).toMatchObject({ previews: 0, clicks: 0 });
      expect(stats.byVariant.every((row) => row.previews === 0 && row.clicksPerPreview === null)).toBe(true);
      expect(stats.byVariant.every((row) => row.previewsByApp.length === 0)).toBe(true);
      const query = await ask({ metrics: ['previews', 'clicks'], filters: [['is', 'link', [kit.slug]]] });
      expect((query.json() as { results: { metrics: number[] }[] }).results[0]?.metrics).toEqual([0, 0]);
    } finally {
      await test.services.sites.update(site?.id ?? '', { privacyMode: 'anonymous' });
    }
  });
});
