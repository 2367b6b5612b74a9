import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/store/store.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'stats.example';
const at = (day: string, time: string) => Date.parse(`${day}T${time}Z`);

describe('POST /api/stats/query and GET /api/stats/dark-social', () => {
  let test: TestApp;
  let siteId = '';
  let whatsappSlug = '';

  const ask = (body: unknown, accept = 'application/json') =>
    test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, accept, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    test = await startTestApp();
    const site = await test.services.sites.create({ domain: SITE, timezone: 'UTC' });
    siteId = site.id;
    const kit = await test.services.links.create({
      url: 'https://stats.example/a',
      site: SITE,
      channels: ['whatsapp'],
    });
    const whatsapp = kit.variants.find((variant) => variant.channel === 'whatsapp');
    whatsappSlug = whatsapp?.slug ?? '';
    const view = (
      occurredAt: number,
      visitor: string,
      path: string,
      arrival: Pick<NewEvent, 'channel' | 'medium' | 'source' | 'evidence' | 'confidence'>,
      generation = 0,
    ): NewEvent => ({
      siteId,
      linkId: null,
      type: 'pageview',
      kind: 'human',
      ...arrival,
      occurredAt,
      path,
      visitorHash: visitor,
      country: 'FR',
      device: 'mobile',
      generation,
      originChannel: 'dark-social',
    });
    const whatsappApp = {
      channel: 'dark-social',
      medium: 'messaging',
      source: 'whatsapp',
      evidence: 'in-app-browser',
      confidence: 'certain',
    } as const;
    const copyPaste = {
      channel: 'dark-social',
      medium: 'copy-paste',
      source: 'direct',
      evidence: 'share-token',
      confidence: 'certain',
    } as const;
    const google = {
      channel: 'search',
      medium: 'organic',
      source: 'google',
      evidence: 'referrer',
      confidence: 'certain',
    } as const;
    const internal = {
      channel: 'internal',
      medium: 'internal',
      source: 'direct',
      evidence: 'referrer',
      confidence: 'certain',
    } as const;
    const direct = {
      channel: 'direct',
      medium: 'none',
      source: 'direct',
      evidence: 'none',
      confidence: 'certain',
    } as const;
    const linkEvent = (type: 'preview' | 'click', occurredAt: number): NewEvent => ({
      siteId,
      linkId: whatsapp?.id ?? null,
      type,
      kind: type === 'click' ? 'human' : 'preview',
      channel: 'dark-social',
      medium: 'messaging',
      source: 'whatsapp',
      evidence: type === 'click' ? 'tracked-link' : 'preview-agent',
      confidence: 'certain',
      occurredAt,
    });
    await test.services.store.insertEvents([
      view(at('2026-05-10', '09:00:00'), 'v1', '/a', whatsappApp),
      view(at('2026-05-10', '09:02:00'), 'v1', '/b', internal),
      view(at('2026-05-10', '10:00:00'), 'v2', '/a', copyPaste, 1),
      view(at('2026-05-11', '11:00:00'), 'v3', '/b', google),
      view(at('2026-05-11', '12:00:00'), 'v4', '/', direct),
      // The previous period (two days before).
      view(at('2026-05-08', '09:00:00'), 'p1', '/a', google),
      view(at('2026-05-09', '09:00:00'), 'p2', '/a', whatsappApp),
      linkEvent('preview', at('2026-05-10', '08:00:00')),
      linkEvent('preview', at('2026-05-10', '08:01:00')),
      linkEvent('click', at('2026-05-10', '08:05:00')),
    ]);
  });

  afterAll(async () => {
    await test.close();
  });

  it('answers totals over a range in the site’s time zone', async () => {
    const response = await ask({
      site: SITE,
      metrics: [
        'visitors',
        'visits',
        'pageviews',
        'dark_social_share',
        'ga4_direct_visits',
        'clicks',
        'previews',
      ],
      date_range: ['2026-05-10', '2026-05-11'],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.results).toEqual([{ dimensions: [], metrics: [4, 4, 5, 0.5, 3, 1, 2] }]);
    expect(body.meta).toMatchObject({
      date_range: { from: '2026-05-10', to: '2026-05-11' },
      time_zone: 'UTC',
      source: 'rollup',
    });
    // The site's day now, after which a range has no data yet (charts stop there).
    expect(body.meta.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('breaks down by channel, ordered, with the previous period beside each row', async () => {
    const response = await ask({
      site: SITE,
      metrics: ['visits'],
      dimensions: ['channel'],
      date_range: ['2026-05-10', '2026-05-11'],
      compare: 'previous_period',
      order_by: [['visits', 'desc']],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results).toEqual([
      { dimensions: ['dark-social'], metrics: [2], comparison: [1] },
      { dimensions: ['direct'], metrics: [1], comparison: [0] },
      { dimensions: ['search'], metrics: [1], comparison: [1] },
    ]);
    expect(response.json().meta.comparison_range).toEqual({ from: '2026-05-08', to: '2026-05-09' });
  });

  it('draws a daily timeline with empty days as zeros', async () => {
    const response = await ask({
      site: SITE,
      metrics: ['pageviews'],
      dimensions: ['time:day'],
      date_range: ['2026-05-09', '2026-05-12'],
    });
    expect(
      response
        .json()
        .results.map((row: { dimensions: string[]; metrics: number[] }) => [
          row.dimensions[0],
          row.metrics[0],
        ]),
    ).toEqual([
      ['2026-05-09', 1],
      ['2026-05-10', 3],
      ['2026-05-11', 2],
      ['2026-05-12', 0],
    ]);
  });

  it('filters pages and share generations', async () => {
    const pages = await ask({
      site: SITE,
      metrics: ['visitors', 'pageviews'],
      dimensions: ['page'],
      filters: [['is', 'channel', ['dark-social']]],
      date_range: ['2026-05-10', '2026-05-11'],
    });
    expect(pages.json().results).toEqual([{ dimensions: ['/a'], metrics: [2, 2] }]);
    const generations = await ask({
      site: SITE,
      metrics: ['visits', 'amplification'],
      dimensions: ['generation'],
      date_range: ['2026-05-10', '2026-05-11'],
      order_by: [['generation', 'asc']],
    });
    expect(generations.json().results).toEqual([
      { dimensions: ['0'], metrics: [3, 0] },
      { dimensions: ['1'], metrics: [1, null] },
    ]);
  });

  it('answers CSV when asked', async () => {
    const response = await ask(
      { site: SITE, metrics: ['visits'], dimensions: ['source'], date_range: ['2026-05-10', '2026-05-11'] },
      'text/csv',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="stats.example_2026-05-10_2026-05-11.csv"',
    );
    expect(response.body).toBe('source,visits\r\ndirect,2\r\ngoogle,1\r\nwhatsapp,1\r\n');
  });

  it('refuses bad questions with problem details', async () => {
    const bad = await ask({ site: SITE, metrics: ['nope'], date_range: '30d' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({
      code: 'invalid_body',
      errors: [expect.objectContaining({ pointer: '/metrics/0' })],
    });

    const range = await ask({ site: SITE, metrics: ['visits'], date_range: ['2026-05-11', '2026-05-10'] });
    expect(range.json()).toMatchObject({ status: 400, code: 'invalid_date_range' });

    // Year 0000 compared with the previous period was a 500 (found by test/fuzz).
    const ancient = await ask({
      site: SITE,
      metrics: ['visitors'],
      date_range: ['0000-01-01', '0000-01-01'],
      compare: 'previous_period',
    });
    expect(ancient.json()).toMatchObject({ status: 400, code: 'invalid_date' });

    // An hourly timeline over ten years grew the server by 120 MB for one request (found by test/fuzz).
    const hourly = await ask({
      site: SITE,
      metrics: ['visits'],
      dimensions: ['time:hour'],
      date_range: ['2015-01-01', '2024-12-17'],
      compare: 'previous_period',
    });
    expect(hourly.statusCode).toBe(422);
    expect(hourly.json()).toMatchObject({ code: 'too_many_buckets' });
    const daily = await ask({
      site: SITE,
      metrics: ['visits'],
      dimensions: ['time:day'],
      date_range: ['2015-01-01', '2024-12-17'],
    });
    expect(daily.statusCode).toBe(200);

    const mixed = await ask({ site: SITE, metrics: ['clicks'], dimensions: ['country'], date_range: '30d' });
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json()).toMatchObject({ code: 'unsupported_combination' });

    const generation = await ask({
      site: SITE,
      metrics: ['visits'],
      filters: [['is', 'generation', ['one']]],
      date_range: '30d',
    });
    expect(generation.json()).toMatchObject({ status: 422, code: 'invalid_filter_value' });

    const unknown = await ask({ site: 'nowhere.example', metrics: ['visits'], date_range: '30d' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('site_not_found');

    const anonymous = await test.app.fastify.inject({ method: 'POST', url: '/api/stats/query', payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });

  it('puts the dark-social questions in one report', async () => {
    const response = await test.app.fastify.inject({
      method: 'GET',
      url: `/api/stats/dark-social?site=${SITE}&from=2026-05-10&to=2026-05-11`,
      headers: { authorization: test.auth },
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.index).toMatchObject({
      visits: 4,
      darkVisits: 2,
      share: 0.5,
      byConfidence: { certain: 2, likely: 0, inferred: 0 },
    });
    expect(report.ga4).toEqual({ directVisits: 3, darkSocialInDirect: 2, share: 2 / 3 });
    expect(report.topPages).toEqual([{ page: '/a', darkVisits: 2, visits: 2, darkShare: 1 }]);
    expect(report.funnel).toEqual([
      expect.objectContaining({
        variant: whatsappSlug,
        previews: 2,
        clicks: 1,
        clicksPerPreview: 0.5,
        minutesToFirstClick: 5,
        previewsByApp: [{ source: 'whatsapp', previews: 2 }],
      }),
    ]);
    expect(report.generations).toEqual({
      steps: [
        { generation: 0, visits: 3, ratio: null },
        { generation: 1, visits: 1, ratio: 1 / 3 },
      ],
      depth: 1,
      amplification: 1 / 3,
    });
  });

  it('rounds every count to the nearest ten on a strict site, in the query API and the report', async () => {
    await test.services.sites.update(siteId, { privacyMode: 'strict' });
    try {
      const totals = await ask({
        site: SITE,
        metrics: ['visits', 'pageviews', 'dark_social_share'],
        date_range: ['2026-05-10', '2026-05-11'],
      });
      // 4 visits and 5 page views: 0 and 10 once rounded; the share comes from rounded sums too
      // (2 of 4 dark: 0 of 0, no share to speak of), never from the exact ones.
      expect(totals.json()).toMatchObject({
        results: [{ metrics: [0, 10, null] }],
        meta: { rounded_to: 10 },
      });
      // A breakdown leaves out what rounds to nothing: no row says "a few visits came from here".
      const bySource = await ask({
        site: SITE,
        metrics: ['pageviews'],
        dimensions: ['source'],
        date_range: ['2026-05-10', '2026-05-11'],
      });
      expect(bySource.json().results).toEqual([]);
      const response = await test.app.fastify.inject({
        method: 'GET',
        url: `/api/stats/dark-social?site=${SITE}&from=2026-05-10&to=2026-05-11`,
        headers: { authorization: test.auth },
      });
      const report = response.json();
      expect(report.roundedTo).toBe(10);
      // Ratios come from the rounded counts (none over 0 visits): 0.5 beside "0" would say "1 of 2".
      expect(report.index).toMatchObject({
        visits: 0,
        darkVisits: 0,
        share: null,
        byConfidence: { certain: 0, likely: 0, inferred: 0 },
      });
      expect(report.ga4).toEqual({ directVisits: 0, darkSocialInDirect: 0, share: null });
      expect(report.topPages).toEqual([{ page: '/a', darkVisits: 0, visits: 0, darkShare: null }]);
      // One person's first preview and click: to the day, and the minutes between them to 10.
      expect(report.funnel).toEqual([
        expect.objectContaining({
          previews: 0,
          clicks: 0,
          clicksPerPreview: null,
          firstPreviewAt: '2026-05-10',
          firstClickAt: '2026-05-10',
          minutesToFirstClick: 10,
          // Two previews round to nothing: no app is named.
          previewsByApp: [],
        }),
      ]);
      expect(report.generations).toMatchObject({
        steps: [
          { generation: 0, visits: 0, ratio: null },
          { generation: 1, visits: 0, ratio: null },
        ],
        amplification: null,
      });
    } finally {
      await test.services.sites.update(siteId, { privacyMode: 'anonymous' });
    }
  });

  it('publishes the query schema in the OpenAPI document', async () => {
    const response = await test.app.fastify.inject({ method: 'GET', url: '/api/openapi.json' });
    const document = response.json();
    expect(document.paths['/api/stats/query']).toBeDefined();
    expect(JSON.stringify(document.components.schemas)).toContain('prefixItems');
  });
});
