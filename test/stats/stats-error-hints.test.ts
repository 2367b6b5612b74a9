import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/*
 * Stats API errors say what would work (issue 16): an unsupported combination lists what is
 * answerable for the dimensions asked, and a bad date range lists the values allowed.
 */
describe('stats API errors that say what to ask instead', () => {
  let test: TestApp;
  const query = (body: Record<string, unknown>) =>
    test.app.fastify.inject({
      method: 'POST',
      url: '/api/stats/query',
      headers: { authorization: test.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ site: 'hints.example', date_range: '30d', ...body }),
    });

  beforeAll(async () => {
    test = await startTestApp();
    await test.services.sites.create({ domain: 'hints.example' });
  });
  afterAll(async () => {
    await test.close();
  });

  it('unsupported_combination lists the metrics that go with the dimensions, and the dimensions that go with the metrics', async () => {
    const response = await query({ metrics: ['visitors', 'clicks'], dimensions: ['country'] });
    expect(response.statusCode, response.body).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('unsupported_combination');
    expect(problem.answerable.metrics).toEqual(expect.arrayContaining(['visitors', 'visits', 'pageviews']));
    expect(problem.answerable.metrics).not.toContain('clicks');
    // visitors and clicks together split by what both tables have: channel, days…
    expect(problem.answerable.dimensions).toEqual(expect.arrayContaining(['channel', 'time:day']));
    expect(problem.answerable.dimensions).not.toContain('country');
    expect(problem.detail).toContain('With country, ask for visitors, visits, pageviews');
    expect(problem.detail).toContain('visitors, clicks can be split by');
  });

  it('names the allowed values of a bad date_range on /api/stats/dark-social', async () => {
    const response = await test.app.fastify.inject({
      url: '/api/stats/dark-social?site=hints.example&date_range=31d',
      headers: { authorization: test.auth },
    });
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe('invalid_query');
    expect(problem.detail).toMatch(
      /date_range must be equal to one of the allowed values: "[^"]+"(, "[^"]+")+/,
    );
    expect(problem.detail).toContain('"30d"');
  });

  it('names the allowed presets of a bad date_range in a stats query too', async () => {
    const response = await query({ metrics: ['visitors'], date_range: '31d' });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/must be one of the presets .*\b30d\b/);
  });
});
