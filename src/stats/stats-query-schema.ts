/**
 * The body of `POST /api/stats/query`: its JSON Schema (draft 2020-12, published in the OpenAPI
 * document as `StatsQuery`), the rules a schema cannot say (`checkStatsQuery`), and the reader
 * that does both and returns the model's `StatsQueryInput` (`readStatsQuery`).
 *
 * Tuples are written with `prefixItems`, which Fastify's built-in Ajv (draft-07) refuses in
 * strict mode; so the route should do as `POST /api/classify` does — give `{ $ref: 'StatsQuery#' }`
 * as the body schema for the documentation, turn Fastify's validation off with
 * `validatorCompiler: () => (value) => ({ value })`, and call `readStatsQuery(request.body)`,
 * which validates with its own Ajv 2020 instance and reports every problem with a JSON Pointer.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { addMonths, daysBetween, isValidDay } from './date-range.js';
import {
  CONVERTER_METRICS,
  DATE_PRESETS,
  type Dimension,
  FILTER_OPERATORS,
  METRICS,
  type OrderBy,
  type OrderByTuple,
  PLAIN_DIMENSIONS,
  REVENUE_METRICS,
  type StatsQueryBody,
  type StatsQueryInput,
  TIME_DIMENSIONS,
} from './query-model.js';

export const DEFAULT_LIMIT = 1_000;
export const MAX_LIMIT = 10_000;
export const MAX_FILTERS = 20;
export const MAX_FILTER_VALUES = 100;
export const MAX_FILTER_VALUE_LENGTH = 500;
/** An explicit range must end before the same day this many years after it starts. */
export const MAX_RANGE_YEARS = 10;

const DIMENSIONS: readonly Dimension[] = [...TIME_DIMENSIONS, ...PLAIN_DIMENSIONS];
const ORDERABLE: readonly OrderBy['by'][] = [...METRICS, ...DIMENSIONS];

const daySchema = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: "A day, `YYYY-MM-DD`, on the site's calendar (its time zone).",
} as const;

export const statsQuerySchema = {
  $id: 'StatsQuery',
  type: 'object',
  description:
    "A stats query, after Plausible's Stats API v2: metrics, broken down by dimensions, over a date range in the site's time zone, optionally filtered and compared with the previous period.",
  required: ['site', 'metrics', 'date_range'],
  additionalProperties: false,
  properties: {
    site: {
      type: 'string',
      minLength: 1,
      maxLength: 253,
      description: 'The domain of the site, as registered (`example.org`).',
    },
    metrics: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: METRICS },
      description:
        'What to count, in the order the result gives the values. Goal metrics (docs/goals.md): `revenue` and `average_revenue` need one currency per row (the `currency` dimension or an `is` filter on one currency), `converters` and `conversion_rate` one goal per row (the `goal` dimension or an `is` filter on one goal).',
    },
    dimensions: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', enum: DIMENSIONS },
      description:
        'What to break the counts down by, in the order the result gives the values; at most one `time:` dimension. `goal` (by name) and `currency` go with goal metrics only.',
    },
    filters: {
      type: 'array',
      maxItems: MAX_FILTERS,
      description:
        'Conditions every counted event meets: `[operator, dimension, values]`, such as `["is", "channel", ["dark-social"]]`; a filter matches when any of its values does.',
      items: {
        type: 'array',
        minItems: 3,
        items: false,
        prefixItems: [
          { type: 'string', enum: FILTER_OPERATORS },
          { type: 'string', enum: PLAIN_DIMENSIONS },
          {
            type: 'array',
            minItems: 1,
            maxItems: MAX_FILTER_VALUES,
            items: { type: 'string', maxLength: MAX_FILTER_VALUE_LENGTH },
          },
        ],
      },
    },
    date_range: {
      description:
        "A preset ending today in the site's time zone, or two inclusive days `[from, to]` spanning less than ten years.",
      anyOf: [
        { type: 'string', enum: DATE_PRESETS },
        { type: 'array', minItems: 2, items: false, prefixItems: [daySchema, daySchema] },
      ],
    },
    compare: {
      type: 'string',
      enum: ['previous_period'],
      description: 'Also count the same number of days immediately before the range.',
    },
    order_by: {
      type: 'array',
      maxItems: ORDERABLE.length,
      description:
        'Sort keys, first one first: `[name, "asc" | "desc"]`, where name is one of the metrics or dimensions of the query.',
      items: {
        type: 'array',
        minItems: 2,
        items: false,
        prefixItems: [
          { type: 'string', enum: ORDERABLE },
          { type: 'string', enum: ['asc', 'desc'] },
        ],
      },
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_LIMIT,
      default: DEFAULT_LIMIT,
      description: 'Rows to return at most.',
    },
    offset: { type: 'integer', minimum: 0, default: 0, description: 'Rows to skip first.' },
  },
} as const;

export type StatsQueryProblemCode =
  /** The body does not match the schema. */
  | 'invalid_body'
  /** A `date_range` day that is not on the calendar (`2026-02-30`). */
  | 'invalid_date'
  /** A `date_range` that ends before it starts. */
  | 'invalid_date_range'
  | 'date_range_too_long'
  | 'too_many_time_dimensions'
  /** An `order_by` name that is neither a metric nor a dimension of the query. */
  | 'order_by_unknown'
  /** The same name twice in `order_by`. */
  | 'order_by_duplicate'
  /** `revenue` or `average_revenue` without one currency per row (docs/goals.md): sums never mix currencies. */
  | 'revenue_needs_currency'
  /** `converters` or `conversion_rate` without one goal per row: a person converting to two goals counts in each. */
  | 'converters_need_goal';

export interface StatsQueryProblem {
  code: StatsQueryProblemCode;
  /** Plain English, naming the place in the body. */
  message: string;
  /** JSON Pointer (RFC 6901) to the faulty value in the body, `''` for the body itself. */
  pointer: string;
}

/** What `readStatsQuery` throws; `problems` are all it found (the first few, if very many). */
export class StatsQueryError extends Error {
  constructor(readonly problems: StatsQueryProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
    this.name = 'StatsQueryError';
  }
}

/** Past this, a body is clearly not worth more detail (every one of 2,000 filter values too long). */
const MAX_PROBLEMS = 20;

function problem(code: StatsQueryProblemCode, pointer: string, message: string): StatsQueryProblem {
  return { code, pointer, message: `${pointer === '' ? 'body' : pointer.slice(1)} ${message}` };
}

function orderByName(entry: OrderByTuple | OrderBy): { by: string; pointer: string } {
  return Array.isArray(entry)
    ? { by: (entry as OrderByTuple)[0], pointer: '/0' }
    : { by: (entry as OrderBy).by, pointer: '/by' };
}

/**
 * The days a range may name. Before 1970 no event can exist (times are stored from the Unix
 * epoch on), and the days a query derives from its range — the previous period, up to ten years
 * before; the ten-year limit after — must stay four-digit years: `0000-01-01` compared with the
 * previous period made `-0001-12-31`, which no day parses, and answered 500 (found by test/fuzz).
 */
export const FIRST_QUERY_DAY = '1970-01-01';
export const LAST_QUERY_DAY = '2999-12-31';

function dayProblem(day: string, index: number): StatsQueryProblem[] {
  const pointer = `/date_range/${index}`;
  if (!isValidDay(day))
    return [problem('invalid_date', pointer, `is "${day}", which is not a day on the calendar.`)];
  if (day < FIRST_QUERY_DAY || day > LAST_QUERY_DAY) {
    return [
      problem('invalid_date', pointer, `is "${day}"; days run from ${FIRST_QUERY_DAY} to ${LAST_QUERY_DAY}.`),
    ];
  }
  return [];
}

function checkDateRange(range: readonly [string, string]): StatsQueryProblem[] {
  const [from, to] = range;
  const bad = [from, to].flatMap(dayProblem);
  if (bad.length > 0) return bad;
  if (from > to) {
    return [problem('invalid_date_range', '/date_range', `ends (${to}) before it starts (${from}).`)];
  }
  const limit = addMonths(from, 12 * MAX_RANGE_YEARS);
  if (to >= limit) {
    const days = daysBetween(from, to) + 1;
    return [
      problem(
        'date_range_too_long',
        '/date_range',
        `spans ${days} days; a range must end before ${limit}, ${MAX_RANGE_YEARS} years after it starts.`,
      ),
    ];
  }
  return [];
}

/**
 * The rules the schema cannot say, for a body the schema accepts (or a `StatsQueryInput` built
 * in code): at most one time dimension; `order_by` naming only the query's metrics and
 * dimensions, each once; explicit days on the calendar, in order, spanning less than ten years.
 */
export function checkStatsQuery(input: StatsQueryBody | StatsQueryInput): StatsQueryProblem[] {
  const problems: StatsQueryProblem[] = [];
  const dimensions = input.dimensions ?? [];
  const timeDimensions = dimensions.filter((dimension) => dimension.startsWith('time:'));
  if (timeDimensions.length > 1) {
    const second = timeDimensions[1] as Dimension;
    problems.push(
      problem(
        'too_many_time_dimensions',
        `/dimensions/${dimensions.indexOf(second)}`,
        `asks for ${timeDimensions.join(' and ')}; a query can break down by one time dimension only.`,
      ),
    );
  }
  const named = new Set<string>([...input.metrics, ...dimensions]);
  const seen = new Set<string>();
  (input.order_by ?? []).forEach((entry: OrderByTuple | OrderBy, index) => {
    const { by, pointer } = orderByName(entry);
    if (!named.has(by)) {
      problems.push(
        problem(
          'order_by_unknown',
          `/order_by/${index}${pointer}`,
          `sorts by "${by}", which is neither a metric nor a dimension of this query.`,
        ),
      );
    } else if (seen.has(by)) {
      problems.push(problem('order_by_duplicate', `/order_by/${index}${pointer}`, `sorts by "${by}" twice.`));
    }
    seen.add(by);
  });
  if (typeof input.date_range !== 'string') problems.push(...checkDateRange(input.date_range));
  problems.push(...checkGoalMetrics(input));
  return problems;
}

/** Whether the query keeps one value of `dimension` per row: split by it, or filtered to one value. */
function onePer(input: StatsQueryBody | StatsQueryInput, dimension: 'goal' | 'currency'): boolean {
  if ((input.dimensions ?? []).includes(dimension)) return true;
  return (input.filters ?? []).some(
    ([operator, filtered, values]) => operator === 'is' && filtered === dimension && values.length === 1,
  );
}

/**
 * Money is summed per currency, never across (issue 14): revenue needs the `currency` dimension or
 * an `is` filter on one currency. A person who meets two goals is a converter of each, so
 * converters (and the rate made of them) need the `goal` dimension or an `is` filter on one goal.
 */
function checkGoalMetrics(input: StatsQueryBody | StatsQueryInput): StatsQueryProblem[] {
  const problems: StatsQueryProblem[] = [];
  input.metrics.forEach((metric, index) => {
    if (REVENUE_METRICS.has(metric) && !onePer(input, 'currency')) {
      problems.push(
        problem(
          'revenue_needs_currency',
          `/metrics/${index}`,
          `is ${metric}, which is summed per currency, never across currencies: add the "currency" dimension, or the filter ["is", "currency", ["EUR"]] with one currency.`,
        ),
      );
    }
    if (CONVERTER_METRICS.has(metric) && !onePer(input, 'goal')) {
      problems.push(
        problem(
          'converters_need_goal',
          `/metrics/${index}`,
          `is ${metric}, which counts a person once per goal (someone who meets two goals converts to each): add the "goal" dimension, or the filter ["is", "goal", ["Sign-up"]] with one goal.`,
        ),
      );
    }
  });
  return problems;
}

const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: true });
ajv.addSchema(statsQuerySchema);
const validate = ajv.compile<StatsQueryBody>({ $ref: 'StatsQuery' });

/** Messages for `anyOf` failures, which would otherwise list every branch's complaint. */
const ANY_OF_MESSAGES: Record<string, string> = {
  '/date_range': `must be one of the presets ${DATE_PRESETS.join(', ')}, or two days ["YYYY-MM-DD", "YYYY-MM-DD"].`,
};

function schemaProblem(error: ErrorObject): StatsQueryProblem {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'anyOf':
      return problem('invalid_body', pointer, ANY_OF_MESSAGES[pointer] ?? 'does not match any allowed form.');
    case 'enum':
      return problem(
        'invalid_body',
        pointer,
        `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}.`,
      );
    case 'required':
      return problem('invalid_body', `${pointer}/${String(params.missingProperty)}`, 'is required.');
    case 'additionalProperties':
      return problem(
        'invalid_body',
        `${pointer}/${String(params.additionalProperty)}`,
        'is not a property of a stats query.',
      );
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return problem('invalid_body', pointer, `names the same value twice (items ${first} and ${second}).`);
    }
    default:
      return problem('invalid_body', pointer, `${error.message ?? 'is not valid'}.`);
  }
}

/** Ajv's errors in plain words, without the per-branch noise under an `anyOf`. */
function schemaProblems(errors: readonly ErrorObject[]): StatsQueryProblem[] {
  const anyOfPaths = errors
    .filter((error) => error.keyword === 'anyOf')
    .map((error) => `${error.schemaPath}/`);
  return errors
    .filter((error) => !anyOfPaths.some((path) => error.schemaPath.startsWith(path)))
    .map(schemaProblem);
}

/** The model's form: `order_by` tuples become `{ by, direction }`, `limit` and `offset` filled in. */
export function toStatsQueryInput(body: StatsQueryBody): StatsQueryInput {
  const { order_by: orderBy, ...rest } = body;
  return {
    ...rest,
    ...(orderBy === undefined ? {} : { order_by: orderBy.map(([by, direction]) => ({ by, direction })) }),
    limit: body.limit ?? DEFAULT_LIMIT,
    offset: body.offset ?? 0,
  };
}

/**
 * Validates one decoded JSON body against `statsQuerySchema`, then `checkStatsQuery`, and
 * returns the query in the model's form. Throws a `StatsQueryError` listing the problems.
 * The value given is not modified.
 */
export function readStatsQuery(value: unknown): StatsQueryInput {
  const body = structuredClone(value);
  if (!validate(body)) {
    throw new StatsQueryError(schemaProblems(validate.errors ?? []).slice(0, MAX_PROBLEMS));
  }
  const problems = checkStatsQuery(body);
  if (problems.length > 0) throw new StatsQueryError(problems.slice(0, MAX_PROBLEMS));
  return toStatsQueryInput(body);
}
