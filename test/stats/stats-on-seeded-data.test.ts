import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/privacy/audit-log.js';
import { seedSite } from '../../src/seed/seed-site.js';
import { dashboardQueries } from '../../src/stats/dashboard-queries.js';
import type { StatsResult, StatsRow } from '../../src/stats/query-model.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * The stats API on realistic data (issue #5): 60 days of a news site from `penumbra seed`'s
 * generator, every question the dashboard asks through HTTP, and the answers checked against
 * each other — a total equals the sum of its breakdown, a ratio equals its parts — and against
 * the generator's mix (dark social a large share of visits, cascades shrinking per generation).
 */

const SITE = 'seeded.example';
const NOW = Date.parse('2026-11-20T12:00:00Z');
const RANGE = ['2026-09-22', '2026-11-20'] as const;

describe('the stats API on seeded traffic', () => {
  let test: TestApp;

  const ask = async (body: unknown): Promise<StatsResult> => {
    const response = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as StatsResult;
  };
  const total = (rows: readonly StatsRow[], index = 0) =>
    rows.reduce((sum, row) => sum + (row.metrics[index] ?? 0), 0);

  beforeAll(async () => {
    test = await startTestApp();
    const seeded = await seedSite(test.services, {
      actor: CLI_ACTOR,
      domain: SITE,
      events: 30_000,
      days: 60,
      seed: 5,
      now: NOW,
    });
    expect(seeded.stored).toBe(30_000);
    // The site it created is in the audit log, as one made through the API would be.
    const { items } = await test.services.store.listAuditEntries({
      action: 'site.create',
      limit: 5,
      offset: 0,
    });
    expect(items).toEqual([
      expect.objectContaining({ siteId: seeded.site.id, actorKind: 'cli', actorLabel: 'command line' }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  it('answers every dashboard question, with totals equal to their breakdowns', async () => {
    const queries = dashboardQueries(SITE, [...RANGE]);
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(queries).map(async ([name, query]) => [name, await ask(query)] as const),
      ),
    );
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.results.length, name).toBeGreaterThan(0);
    }
    const [visitors, visits, pageviews, darkShare, ga4Direct] = answers.headline?.results[0]?.metrics ?? [];
    expect(visits).toBeGreaterThan(1_000);
    expect(pageviews).toBeGreaterThan(visits ?? 0);
    expect(visitors).toBeLessThanOrEqual(visits ?? 0);
    expect(darkShare).toBeGreaterThan(0.2);
    expect(darkShare).toBeLessThan(0.7);
    expect(ga4Direct).toBeGreaterThan(0);

    const byChannel = await ask({
      site: SITE,
      metrics: ['visits', 'visitors'],
      dimensions: ['channel'],
      date_range: [...RANGE],
    });
    expect(total(byChannel.results)).toBe(visits);
    expect(total(byChannel.results, 1)).toBe(visitors);
    const dark = byChannel.results.find((row) => row.dimensions[0] === 'dark-social')?.metrics[0] ?? 0;
    expect(dark / (visits ?? 1)).toBeCloseTo(darkShare ?? 0, 10);

    const timeline = answers['visits by channel over time']?.results ?? [];
    expect(total(timeline)).toBe(visits);
    const weekly = await ask({
      site: SITE,
      metrics: ['visits'],
      dimensions: ['time:week'],
      date_range: [...RANGE],
    });
    const monthly = await ask({
      site: SITE,
      metrics: ['visits'],
      dimensions: ['time:month'],
      date_range: [...RANGE],
    });
    expect(total(weekly.results)).toBe(visits);
    expect(total(monthly.results)).toBe(visits);

    const countries = await ask({
      site: SITE,
      metrics: ['visitors'],
      dimensions: ['country'],
      date_range: [...RANGE],
      limit: 10_000,
    });
    expect(total(countries.results)).toBe(visitors);
  });

  it('tells the dark-social story consistently', async () => {
    const response = await test.app.fastify.inject({
      method: 'GET',
      url: `/api/stats/dark-social?site=${SITE}&from=${RANGE[0]}&to=${RANGE[1]}`,
      headers: { authorization: test.auth },
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    const { index } = report;
    expect(index.byConfidence.certain + index.byConfidence.likely + index.byConfidence.inferred).toBe(
      index.darkVisits,
    );
    expect(index.share).toBeCloseTo(index.darkVisits / index.visits, 10);
    expect(report.ga4.darkSocialInDirect).toBeLessThanOrEqual(report.ga4.directVisits);
    expect(report.topPages.length).toBeGreaterThan(0);
    expect(report.funnel.length).toBeGreaterThan(0);
    for (const row of report.funnel) {
      if (row.previews > 0) expect(row.clicksPerPreview).toBeCloseTo(row.clicks / row.previews, 10);
      // The apps that drew a link's previews add up to its previews.
      expect(
        row.previewsByApp.reduce((sum: number, app: { previews: number }) => sum + app.previews, 0),
      ).toBe(row.previews);
    }
    // Issue 16: the demo showed "Facebook: 45 previews, 0 clicks" — Messenger's previews are drawn
    // by facebookexternalhit, its clicks come from Messenger. Per link of the kit, a link whose
    // preview Facebook drew has the clicks of the people who opened it.
    type FunnelRow = { previews: number; clicks: number; previewsByApp: { source: string }[] };
    const drawnByFacebook = (report.funnel as FunnelRow[]).filter((row) =>
      row.previewsByApp.some((app) => app.source === 'facebook'),
    );
    expect(drawnByFacebook.length).toBeGreaterThan(0);
    for (const row of drawnByFacebook) if (row.previews >= 5) expect(row.clicks).toBeGreaterThan(0);
    // The dashboard's funnel question asks the same thing: per link of each kit, the same counts.
    const funnel = await ask(dashboardQueries(SITE, [...RANGE])['share funnel']);
    const reportRows = new Map(
      (report.funnel as (FunnelRow & { variant: string })[]).map((row) => [row.variant, row]),
    );
    expect(funnel.results.length).toBeGreaterThan(0);
    for (const row of funnel.results) {
      const same = reportRows.get(row.dimensions[1] ?? '');
      expect(row.metrics.slice(0, 2)).toEqual([same?.previews, same?.clicks]);
    }
    const steps: { generation: number; visits: number }[] = report.generations.steps;
    expect(steps[0]?.generation).toBe(0);
    expect(report.generations.depth).toBeGreaterThanOrEqual(2);
    // Each hop loses people: fewer visits at generation 2 than at 1 (the far tail is a few visits).
    expect(steps[2]?.visits ?? 0).toBeLessThan(steps[1]?.visits ?? 0);
    expect(steps[1]?.visits ?? 0).toBeLessThan(steps[0]?.visits ?? 0);
  });
});
