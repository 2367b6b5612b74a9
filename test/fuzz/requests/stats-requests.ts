import fc from 'fast-check';
import {
  DATE_PRESETS,
  FILTER_OPERATORS,
  METRICS,
  PLAIN_DIMENSIONS,
  TIME_DIMENSIONS,
} from '../../../src/stats/query-model.js';
import { bodyRequest, type FuzzRequest } from '../fuzz-request.js';
import { hostileValue, weirdText } from '../hostile-values.js';
import { mutatedBody } from '../mutate-json.js';

const QUERY_KEYS = [
  'site',
  'metrics',
  'dimensions',
  'filters',
  'date_range',
  'compare',
  'order_by',
  'limit',
  'offset',
] as const;
const NAMES = [...METRICS, ...TIME_DIMENSIONS, ...PLAIN_DIMENSIONS];

const day = fc.oneof(
  {
    arbitrary: fc
      .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10)),
    weight: 6,
  },
  {
    // Not on the calendar, badly written, or at the edges of the years a query may name.
    arbitrary: fc.constantFrom(
      '2026-02-30',
      '2026-13-01',
      '0000-01-01',
      '0001-01-01',
      '1969-12-31',
      '1970-01-01',
      '2999-12-31',
      '3000-01-01',
      '9999-12-31',
      '2026-1-1',
      '20261206',
    ),
    weight: 2,
  },
);

const filterValue = fc.oneof(
  { arbitrary: fc.constantFrom('dark-social', 'whatsapp', '/news/', 'FR', 'mobile', '0', '1'), weight: 4 },
  { arbitrary: fc.string({ maxLength: 500 }), weight: 1 },
  { arbitrary: weirdText, weight: 1 },
  // SQL LIKE and regular-expression metacharacters, for `contains`.
  {
    arbitrary: fc.constantFrom('%', '_', '\\', "'", '"; DROP TABLE events; --', '.*', '[', '(?:'),
    weight: 1,
  },
);

/** Mostly `usual`, sometimes `odd`: the base question should pass, the mutations make it hostile. */
function mostly<T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: odd, weight: 1 });
}

const dimensions = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...PLAIN_DIMENSIONS), { maxLength: 2 }),
  fc
    .tuple(
      fc.constantFrom(...TIME_DIMENSIONS),
      fc.uniqueArray(fc.constantFrom(...PLAIN_DIMENSIONS), { maxLength: 1 }),
    )
    .map(([time, rest]) => [time, ...rest]),
);

/** Sort keys drawn from the query's own names (valid), or from any name (often not). */
function orderBy(names: readonly string[]): fc.Arbitrary<[string, string][]> {
  const key = (pool: readonly string[]) => fc.tuple(fc.constantFrom(...pool), fc.constantFrom('asc', 'desc'));
  return mostly(
    fc.uniqueArray(key(names), { maxLength: 2, selector: ([name]) => name }),
    fc.array(key(NAMES), { maxLength: 3 }),
  );
}

/** A stats question in the shape of src/stats/stats-query-schema.ts, mostly valid. */
function validQuery(site: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      metrics: fc.uniqueArray(fc.constantFrom(...METRICS), { minLength: 1, maxLength: 4 }),
      dimensions,
    })
    .chain(({ metrics, dimensions: chosen }) =>
      fc.record(
        {
          site: fc.constant(site),
          metrics: fc.constant(metrics),
          dimensions: fc.constant(chosen),
          filters: fc.array(
            fc.tuple(
              fc.constantFrom(...FILTER_OPERATORS),
              fc.constantFrom(...PLAIN_DIMENSIONS),
              fc.array(filterValue, { minLength: 1, maxLength: 5 }),
            ),
            { maxLength: 4 },
          ),
          date_range: fc.oneof(
            { arbitrary: fc.constantFrom(...DATE_PRESETS), weight: 4 },
            { arbitrary: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])), weight: 4 },
            // Ranges at the edges of the calendar, whose previous period or ten-year limit is outside it.
            {
              arbitrary: fc.constantFrom(
                ['0000-01-01', '0000-01-01'],
                ['0001-03-01', '0001-03-31'],
                ['1970-01-01', '1970-01-07'],
                ['2999-12-25', '2999-12-31'],
                ['9999-12-31', '9999-12-31'],
              ),
              weight: 1,
            },
          ),
          compare: fc.constant('previous_period'),
          order_by: orderBy([...metrics, ...chosen]),
          limit: mostly(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, -1, 10_001, 1.5)),
          offset: mostly(fc.integer({ min: 0, max: 1_000 }), fc.constantFrom(-1, 2 ** 53, 1e20)),
        },
        { requiredKeys: ['site', 'metrics', 'date_range'] },
      ),
    );
}

const accept = fc.oneof(
  { arbitrary: fc.constant({}), weight: 4 },
  {
    arbitrary: fc
      .constantFrom('text/csv', 'application/json', 'text/csv;q=0.1, application/json', '*/*', 'text/*')
      .map((value) => ({ accept: value })),
    weight: 1,
  },
);

/** `POST /api/stats/query` with the owner's token, about `site`, mutated. */
export function statsQueryRequest(site: string, auth: string): fc.Arbitrary<FuzzRequest> {
  return bodyRequest(
    'POST',
    fc.constant('/api/stats/query'),
    fc.oneof({ arbitrary: mutatedBody(validQuery(site), QUERY_KEYS, 5), weight: 8 }, hostileValue),
    {
      usualType: 'application/json',
      headers: accept.map((headers) => ({ ...headers, authorization: auth })),
    },
  );
}

/** `POST /api/public/:token/stats/query`: the same questions through a public dashboard link. */
export function publicStatsQueryRequest(site: string, token: string): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    { arbitrary: fc.constant(`/api/public/${token}/stats/query`), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        `/api/public/${token}x/stats/query`,
        '/api/public/%00/stats/query',
        '/api/public/../stats/query',
      ),
      weight: 1,
    },
  );
  const body = fc.oneof({ arbitrary: mutatedBody(validQuery(site), QUERY_KEYS, 5), weight: 8 }, hostileValue);
  return bodyRequest('POST', path, body, { usualType: 'application/json', headers: accept });
}
