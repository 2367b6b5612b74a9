import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { METRICS, type StatsQueryBody, type StatsQueryInput } from '../../src/stats/query-model.js';
import {
  checkStatsQuery,
  readStatsQuery,
  StatsQueryError,
  type StatsQueryProblem,
  statsQuerySchema,
  toStatsQueryInput,
} from '../../src/stats/stats-query-schema.js';

const base = { site: 'example.org', metrics: ['visitors'], date_range: '7d' } as const;

/** The problems `readStatsQuery` reports for a body, or [] when it accepts it. */
function problemsOf(value: unknown): StatsQueryProblem[] {
  try {
    readStatsQuery(value);
    return [];
  } catch (error) {
    if (error instanceof StatsQueryError) return error.problems;
    throw error;
  }
}

const codesAt = (value: unknown) => problemsOf(value).map(({ code, pointer }) => `${code} ${pointer}`);

describe('readStatsQuery', () => {
  it('accepts a full query and returns the model form, order_by as objects, without touching the body', () => {
    const body = {
      site: 'example.org',
      metrics: ['visitors', 'visits', 'dark_social_share'],
      dimensions: ['time:day', 'channel', 'source'],
      filters: [
        ['is', 'channel', ['dark-social', 'messaging']],
        ['contains', 'page', ['/blog/']],
        ['is_not', 'device', ['bot']],
      ],
      date_range: ['2026-01-01', '2026-03-31'],
      compare: 'previous_period',
      order_by: [
        ['visitors', 'desc'],
        ['time:day', 'asc'],
      ],
      limit: 50,
      offset: 100,
    };
    const copy = structuredClone(body);
    const expected: StatsQueryInput = {
      site: 'example.org',
      metrics: ['visitors', 'visits', 'dark_social_share'],
      dimensions: ['time:day', 'channel', 'source'],
      filters: [
        ['is', 'channel', ['dark-social', 'messaging']],
        ['contains', 'page', ['/blog/']],
        ['is_not', 'device', ['bot']],
      ],
      date_range: ['2026-01-01', '2026-03-31'],
      compare: 'previous_period',
      order_by: [
        { by: 'visitors', direction: 'desc' },
        { by: 'time:day', direction: 'asc' },
      ],
      limit: 50,
      offset: 100,
    };
    expect(readStatsQuery(body)).toEqual(expected);
    expect(body).toEqual(copy);
  });

  it('fills limit and offset with their defaults and adds nothing else', () => {
    expect(readStatsQuery(base)).toEqual({ ...base, limit: 1_000, offset: 0 });
  });

  it('accepts every metric, every preset and the bounds of limit, offset and filters', () => {
    // Revenue is per currency and converters per goal (docs/goals.md): split by both, all go.
    expect(problemsOf({ ...base, metrics: [...METRICS], dimensions: ['goal', 'currency'] })).toEqual([]);
    for (const preset of ['day', '24h', '7d', '28d', '30d', '91d', 'month', '6mo', '12mo', 'year', 'all']) {
      expect(problemsOf({ ...base, date_range: preset }), preset).toEqual([]);
    }
    expect(problemsOf({ ...base, limit: 1, offset: 0 })).toEqual([]);
    expect(problemsOf({ ...base, limit: 10_000, offset: 1_000_000 })).toEqual([]);
    const values = Array.from({ length: 100 }, (_, index) => `/${'a'.repeat(498)}${index % 10}`);
    expect(problemsOf({ ...base, filters: [['is', 'page', values]] })).toEqual([]);
    expect(problemsOf({ ...base, date_range: ['2024-02-29', '2024-02-29'] })).toEqual([]);
  });

  it('asks revenue for one currency per row and converters for one goal per row (issue 14)', () => {
    const codes = (body: Record<string, unknown>) =>
      problemsOf({ ...base, ...body }).map((problem) => `${problem.code} ${problem.pointer}`);
    expect(codes({ metrics: ['conversions', 'revenue'] })).toEqual(['revenue_needs_currency /metrics/1']);
    expect(codes({ metrics: ['average_revenue'], filters: [['is', 'currency', ['EUR', 'USD']]] })).toEqual([
      'revenue_needs_currency /metrics/0',
    ]);
    expect(codes({ metrics: ['revenue'], filters: [['is_not', 'currency', ['EUR']]] })).toEqual([
      'revenue_needs_currency /metrics/0',
    ]);
    expect(codes({ metrics: ['revenue'], filters: [['is', 'currency', ['EUR']]] })).toEqual([]);
    expect(codes({ metrics: ['revenue'], dimensions: ['channel', 'currency'] })).toEqual([]);
    expect(codes({ metrics: ['conversion_rate', 'converters'] })).toEqual([
      'converters_need_goal /metrics/0',
      'converters_need_goal /metrics/1',
    ]);
    expect(codes({ metrics: ['conversion_rate'], filters: [['is', 'goal', ['Sign-up']]] })).toEqual([]);
    expect(codes({ metrics: ['conversion_rate'], dimensions: ['goal'] })).toEqual([]);
    expect(codes({ metrics: ['conversions'] })).toEqual([]);
  });

  it('names each schema problem with a JSON Pointer and plain words', () => {
    const cases: [unknown, string[]][] = [
      [{ metrics: ['visitors'], date_range: '7d' }, ['invalid_body /site']],
      [{ ...base, site: '' }, ['invalid_body /site']],
      [{ ...base, metrics: [] }, ['invalid_body /metrics']],
      [{ ...base, metrics: ['visitors', 'visitors'] }, ['invalid_body /metrics']],
      [{ ...base, metrics: ['sessions'] }, ['invalid_body /metrics/0']],
      [{ ...base, metrics: 'visitors' }, ['invalid_body /metrics']],
      [{ ...base, dimensions: ['channel', 'channel'] }, ['invalid_body /dimensions']],
      [{ ...base, dimensions: ['time:year'] }, ['invalid_body /dimensions/0']],
      [{ ...base, date_range: 'yesterday' }, ['invalid_body /date_range']],
      [{ ...base, date_range: ['2026-01-01'] }, ['invalid_body /date_range']],
      [{ ...base, date_range: ['2026-01-01', '2026-01-02', '2026-01-03'] }, ['invalid_body /date_range']],
      [{ ...base, date_range: ['2026-1-1', '2026-01-02'] }, ['invalid_body /date_range']],
      [{ ...base, compare: 'previous_year' }, ['invalid_body /compare']],
      [{ ...base, limit: 0 }, ['invalid_body /limit']],
      [{ ...base, limit: 10_001 }, ['invalid_body /limit']],
      [{ ...base, limit: 1.5 }, ['invalid_body /limit']],
      [{ ...base, limit: '10' }, ['invalid_body /limit']],
      [{ ...base, offset: -1 }, ['invalid_body /offset']],
      [{ ...base, period: '7d' }, ['invalid_body /period']],
      [{ ...base, filters: [['is', 'channel']] }, ['invalid_body /filters/0']],
      [{ ...base, filters: [['is', 'channel', ['a'], 'extra']] }, ['invalid_body /filters/0']],
      [{ ...base, filters: [['matches', 'channel', ['a']]] }, ['invalid_body /filters/0/0']],
      [{ ...base, filters: [['is', 'time:day', ['a']]] }, ['invalid_body /filters/0/1']],
      [{ ...base, filters: [['is', 'channel', []]] }, ['invalid_body /filters/0/2']],
      [{ ...base, filters: [['is', 'channel', 'a']] }, ['invalid_body /filters/0/2']],
      [{ ...base, filters: [['is', 'channel', [1]]] }, ['invalid_body /filters/0/2/0']],
      [{ ...base, filters: [['is', 'page', ['x'.repeat(501)]]] }, ['invalid_body /filters/0/2/0']],
      [
        { ...base, filters: [['is', 'page', Array.from({ length: 101 }, String)]] },
        ['invalid_body /filters/0/2'],
      ],
      [
        { ...base, filters: Array.from({ length: 21 }, () => ['is', 'page', ['/']]) },
        ['invalid_body /filters'],
      ],
      [{ ...base, order_by: [['visitors']] }, ['invalid_body /order_by/0']],
      [{ ...base, order_by: [['visitors', 'up']] }, ['invalid_body /order_by/0/1']],
      [{ ...base, order_by: [{ by: 'visitors', direction: 'desc' }] }, ['invalid_body /order_by/0']],
      ['visitors', ['invalid_body ']],
      [null, ['invalid_body ']],
    ];
    for (const [body, expected] of cases) expect(codesAt(body), JSON.stringify(body)).toEqual(expected);
  });

  it('reports every schema problem at once, each message naming its place', () => {
    const problems = problemsOf({ metrics: ['sessions', 'visitors'], date_range: 'week', limit: 0, x: 1 });
    expect(problems.map((problem) => problem.message)).toEqual([
      'site is required.',
      'x is not a property of a stats query.',
      'metrics/0 must be one of: visitors, visits, pageviews, clicks, previews, bots, shares, copies, outbound, events, dark_social_share, amplification, clicks_per_preview, ga4_direct_visits, conversions, converters, conversion_rate, revenue, average_revenue.',
      'date_range must be one of the presets day, 24h, 7d, 28d, 30d, 91d, month, 6mo, 12mo, year, all, or two days ["YYYY-MM-DD", "YYYY-MM-DD"].',
      'limit must be >= 1.',
    ]);
    expect(problemsOf({ ...base, metrics: ['visits', 'visitors', 'visits'] })[0]?.message).toBe(
      'metrics names the same value twice (items 0 and 2).',
    );
  });

  it('stops listing after 20 problems', () => {
    const values = Array.from({ length: 100 }, () => 'x'.repeat(501));
    const problems = problemsOf({ ...base, filters: [['is', 'page', values]] });
    expect(problems).toHaveLength(20);
  });

  it('runs the semantic checks after the schema and throws them too', () => {
    expect(() => readStatsQuery({ ...base, order_by: [['pageviews', 'desc']] })).toThrow(
      'order_by/0/0 sorts by "pageviews", which is neither a metric nor a dimension of this query.',
    );
  });
});

describe('checkStatsQuery', () => {
  const check = (body: Partial<StatsQueryBody>) =>
    checkStatsQuery({ ...base, ...body } as StatsQueryBody).map(({ code, pointer }) => `${code} ${pointer}`);

  it('allows one time dimension, not two', () => {
    expect(check({ dimensions: ['time:week', 'channel'] })).toEqual([]);
    expect(check({ dimensions: ['time:day', 'channel', 'time:hour'] })).toEqual([
      'too_many_time_dimensions /dimensions/2',
    ]);
    expect(checkStatsQuery({ ...base, dimensions: ['time:day', 'time:month'] })[0]?.message).toBe(
      'dimensions/1 asks for time:day and time:month; a query can break down by one time dimension only.',
    );
  });

  it('sorts only by the metrics and dimensions of the query, each once', () => {
    expect(
      check({
        dimensions: ['page'],
        order_by: [
          ['visitors', 'desc'],
          ['page', 'asc'],
        ],
      }),
    ).toEqual([]);
    expect(
      check({
        dimensions: ['page'],
        order_by: [
          ['channel', 'desc'],
          ['page', 'asc'],
          ['page', 'desc'],
        ],
      }),
    ).toEqual(['order_by_unknown /order_by/0/0', 'order_by_duplicate /order_by/2/0']);
  });

  it('checks a StatsQueryInput built in code the same way', () => {
    const input: StatsQueryInput = {
      ...base,
      dimensions: ['country'],
      order_by: [
        { by: 'country', direction: 'asc' },
        { by: 'clicks', direction: 'desc' },
      ],
    };
    expect(checkStatsQuery(input).map(({ code, pointer }) => `${code} ${pointer}`)).toEqual([
      'order_by_unknown /order_by/1/by',
    ]);
  });

  it('wants explicit ranges on the calendar, in order, shorter than ten years', () => {
    expect(check({ date_range: ['2026-02-28', '2026-03-01'] })).toEqual([]);
    expect(check({ date_range: ['2026-02-30', '2026-13-01'] })).toEqual([
      'invalid_date /date_range/0',
      'invalid_date /date_range/1',
    ]);
    expect(check({ date_range: ['2025-02-29', '2025-03-01'] })).toEqual(['invalid_date /date_range/0']);
    expect(check({ date_range: ['2026-03-02', '2026-03-01'] })).toEqual(['invalid_date_range /date_range']);
    expect(check({ date_range: ['2016-01-01', '2025-12-31'] })).toEqual([]);
    expect(check({ date_range: ['2016-01-01', '2026-01-01'] })).toEqual(['date_range_too_long /date_range']);
    expect(checkStatsQuery({ ...base, date_range: ['2026-03-02', '2026-03-01'] })[0]?.message).toBe(
      'date_range ends (2026-03-01) before it starts (2026-03-02).',
    );
    expect(checkStatsQuery({ ...base, date_range: ['2026-02-30', '2026-03-01'] })[0]?.message).toBe(
      'date_range/0 is "2026-02-30", which is not a day on the calendar.',
    );
    expect(checkStatsQuery({ ...base, date_range: ['2000-01-01', '2026-01-01'] })[0]?.message).toBe(
      'date_range spans 9498 days; a range must end before 2010-01-01, 10 years after it starts.',
    );
  });

  it('wants days from 1970 to 2999, so that no derived day leaves four-digit years (test/fuzz found a 500)', () => {
    expect(check({ date_range: ['1970-01-01', '1970-01-31'] })).toEqual([]);
    expect(check({ date_range: ['2999-12-01', '2999-12-31'] })).toEqual([]);
    expect(check({ date_range: ['0000-01-01', '0000-01-01'] })).toEqual([
      'invalid_date /date_range/0',
      'invalid_date /date_range/1',
    ]);
    expect(check({ date_range: ['1969-12-31', '1970-01-01'] })).toEqual(['invalid_date /date_range/0']);
    // Once wrongly "too long": "9999-12-31" compared as text with the limit "10009-12-31".
    expect(checkStatsQuery({ ...base, date_range: ['9999-12-31', '9999-12-31'] })[0]?.message).toBe(
      'date_range/0 is "9999-12-31"; days run from 1970-01-01 to 2999-12-31.',
    );
  });

  it('finds nothing to say about a plain query', () => {
    expect(checkStatsQuery(base)).toEqual([]);
  });
});

describe('toStatsQueryInput', () => {
  it('keeps the values and turns order_by tuples into objects', () => {
    expect(toStatsQueryInput({ ...base, order_by: [['visitors', 'asc']], limit: 5 })).toEqual({
      ...base,
      order_by: [{ by: 'visitors', direction: 'asc' }],
      limit: 5,
      offset: 0,
    });
  });
});

describe('statsQuerySchema', () => {
  it('describes every property, for the OpenAPI document', () => {
    for (const [name, property] of Object.entries(statsQuerySchema.properties)) {
      expect(property.description, name).toMatch(/\w/);
    }
  });

  it('serves a route that validates with readStatsQuery and is published in OpenAPI 3.1', async () => {
    const app = Fastify({ logger: false });
    app.addSchema(statsQuerySchema);
    await app.register(swagger, {
      openapi: { openapi: '3.1.0', info: { title: 'test', version: '0' } },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema${index}`),
      },
    });
    app.post(
      '/api/stats/query',
      {
        validatorCompiler: () => (value) => ({ value }),
        schema: { body: { $ref: 'StatsQuery#' } },
      },
      async (request, reply) => {
        try {
          return readStatsQuery(request.body);
        } catch (error) {
          if (error instanceof StatsQueryError) return reply.code(400).send({ errors: error.problems });
          throw error;
        }
      },
    );
    await app.ready();
    const ok = await app.inject({ method: 'POST', url: '/api/stats/query', payload: base });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ...base, limit: 1_000, offset: 0 });
    const bad = await app.inject({ method: 'POST', url: '/api/stats/query', payload: { ...base, limit: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe('/limit');

    const document = app.swagger() as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const published = document.components.schemas.StatsQuery;
    expect(published?.properties.filters).toEqual(statsQuerySchema.properties.filters);
    expect(published?.properties.date_range).toEqual(statsQuerySchema.properties.date_range);
    await app.close();
  });
});
