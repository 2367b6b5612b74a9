import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries } from '../../src/stats/dashboard-queries.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 16: a new site's Sources table showed rows of "0 visitors, 1 visit". The cause, through
 * the real event route: a person is counted once a day, in the row of their first page view
 * (docs/stats.md, "visitor"), so the developer who opens the page directly and then comes back
 * from Google is one visitor (under Direct) and two visits (Direct and Google). Not rounding (the
 * site is anonymous), not the rollup (folded or not, the answer is the same). The dashboard's
 * Sources question asks for visits, which every row has.
 */
const SITE = 'fresh.example.org';
const ORIGIN = `https://${SITE}`;

describe('visitors and visits by source on a new site', () => {
  let test: TestApp;
  const ask = async (body: Record<string, unknown>) => {
    const response = await test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ site: SITE, date_range: '7d', ...body }),
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { results: { dimensions: string[]; metrics: number[] }[] }).results;
  };

  beforeAll(async () => {
    test = await startTestApp();
    await test.services.sites.create({ domain: SITE, timezone: 'Europe/Paris' });
    const send = (page: string, referrer?: string) =>
      test.app.fastify.inject({
        method: 'POST',
        url: '/api/event',
        headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': AGENTS.chromeDesktop },
        payload: JSON.stringify({
          s: SITE,
          t: 'pageview',
          u: `${ORIGIN}${page}`,
          ...(referrer ? { r: referrer } : {}),
        }),
      });
    // One person: the home page typed in, a click inside the site, later back from Google.
    const answers = [
      await send('/'),
      await send('/a', `${ORIGIN}/`),
      await send('/b', 'https://www.google.com/'),
    ];
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    await test.services.sink.flush();
  });
  afterAll(() => test.close());

  it('counts the person once, under the source of their first page view: the cause', async () => {
    expect(await ask({ metrics: ['visitors', 'visits'] })).toEqual([{ dimensions: [], metrics: [1, 2] }]);
    const bySource = await ask({ metrics: ['visitors', 'visits'], dimensions: ['channel', 'source'] });
    expect(Object.fromEntries(bySource.map((row) => [row.dimensions.join(' '), row.metrics]))).toEqual({
      'direct direct': [1, 1],
      'search google': [0, 1],
    });
    // Folded or not, the same answer: not a rollup fault.
    await test.services.store.foldRollups(50_000);
    expect(await ask({ metrics: ['visitors', 'visits'], dimensions: ['channel', 'source'] })).toEqual(
      bySource,
    );
  });

  it('asks the dashboard’s Sources question for visits, so no row reads "0 visitors, 1 visit"', async () => {
    const question = dashboardQueries(SITE, '7d').sources;
    expect(question?.metrics).toEqual(['visits']);
    const rows = await ask({ ...question });
    expect(rows.map((row) => [...row.dimensions, ...row.metrics])).toEqual([
      ['direct', 'direct', 1],
      ['search', 'google', 1],
    ]);
  });
});
