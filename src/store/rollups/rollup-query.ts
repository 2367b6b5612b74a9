import { tailSource, WATERMARK } from './rollup-fold-sql.js';
import {
  MONTHLY_TWINS,
  ROLLUP_BROWSERS,
  ROLLUP_BROWSERS_MONTHLY,
  ROLLUP_DAILY,
  ROLLUP_GENERATIONS,
  ROLLUP_GENERATIONS_MONTHLY,
  ROLLUP_GEO,
  ROLLUP_GEO_MONTHLY,
  ROLLUP_HOURLY,
  ROLLUP_LINKS,
  ROLLUP_LINKS_MONTHLY,
  ROLLUP_MONTHLY,
  ROLLUP_PAGE_TOTALS,
  ROLLUP_PAGE_TOTALS_MONTHLY,
  ROLLUP_PAGES,
  ROLLUP_PAGES_MONTHLY,
  type RollupTable,
} from './rollup-tables.js';

/*
 * A read of one rollup table, described without SQL: the stats service (src/stats/) decides
 * which table answers a question and what to group, filter and add; each adapter renders it
 * with renderRollupQuery for its dialect. Column names come only from the table descriptors,
 * never from a request: values always travel as parameters.
 */

export const ROLLUP_SOURCES = {
  hourly: ROLLUP_HOURLY,
  daily: ROLLUP_DAILY,
  monthly: ROLLUP_MONTHLY,
  pages: ROLLUP_PAGES,
  pages_monthly: ROLLUP_PAGES_MONTHLY,
  page_totals: ROLLUP_PAGE_TOTALS,
  page_totals_monthly: ROLLUP_PAGE_TOTALS_MONTHLY,
  geo: ROLLUP_GEO,
  geo_monthly: ROLLUP_GEO_MONTHLY,
  browsers: ROLLUP_BROWSERS,
  browsers_monthly: ROLLUP_BROWSERS_MONTHLY,
  generations: ROLLUP_GENERATIONS,
  generations_monthly: ROLLUP_GENERATIONS_MONTHLY,
  links: ROLLUP_LINKS,
  links_monthly: ROLLUP_LINKS_MONTHLY,
} as const satisfies Record<string, RollupTable>;
export type RollupSource = keyof typeof ROLLUP_SOURCES;

/** Of `rollup_links`: the share kit's slug (a variant's parent), or the variant's own. */
export const LINK_COLUMNS = ['link', 'variant'] as const;

export interface RollupCondition {
  column: string;
  op: 'eq' | 'gt';
  value: string | number;
}

export interface Aggregate {
  fn: 'sum' | 'min';
  column: string;
  /** Only rows meeting this count (`SUM(CASE WHEN … THEN column ELSE 0 END)`). */
  when?: RollupCondition;
}

export interface RollupFilter {
  column: string;
  operator: 'is' | 'is_not' | 'contains';
  values: readonly (string | number)[];
}

export interface RollupQuery {
  source: RollupSource;
  siteId: string;
  /** Inclusive bounds on the table's time column: hours (`YYYY-MM-DDTHH`), days or months (`YYYY-MM`). */
  from: string;
  to: string;
  groupBy: readonly string[];
  aggregates: readonly Aggregate[];
  filters: readonly RollupFilter[];
  /**
   * Edge days by subtraction (issue 12): `source` is a monthly twin, `from`/`to` its months, and
   * the answer is the months' folded rows less `less.source`'s (its daily table's) folded rows
   * over each of `minus` (days of those months), plus the daily table's unfolded tail over `tail`
   * (the months' other days). Only sums (a minimum cannot be taken back), and only of a twin
   * whose month row is the sum of its days (src/stats/range-segments.ts SUBTRACTABLE). A month
   * column grouped reads `substr(day, 1, 7)` from the daily table, so groups meet.
   */
  less?: {
    source: RollupSource;
    minus: readonly { from: string; to: string }[];
    tail: { from: string; to: string };
  };
}

export interface RollupResultRow {
  groups: (string | number)[];
  /** An aggregate over no matching row is null (MIN), a sum over none 0. */
  values: (number | null)[];
}

export interface SqlDialect {
  /** The placeholder of the n-th parameter (1-based). */
  placeholder(index: number): string;
  /** A case-insensitive substring test of `expression` against a parameter. */
  contains(expression: string, parameter: string): string;
  /**
   * The condition on events `e` that selects a site's unfolded tail, given placeholders (or a
   * subquery) for the site and the watermark: it must walk the id range past the watermark,
   * never the site's whole history.
   */
  tail(site: string, watermark: string): string;
}

export const SQLITE_DIALECT: SqlDialect = {
  placeholder: () => '?',
  contains: (expression, parameter) => `instr(lower(CAST(${expression} AS TEXT)), lower(${parameter})) > 0`,
  // The unary + keeps SQLite's planner off (site_id, occurred_at), which would read every event of
  // the site (https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_).
  tail: (site, watermark) => `+e.site_id = ${site} AND e.id > ${watermark}`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  placeholder: (index) => `$${index}`,
  contains: (expression, parameter) => `strpos(lower(${expression}::text), lower(${parameter})) > 0`,
  // The watermark read just before comes as a parameter, so the planner knows how few ids lie
  // past it (a subquery's value is unknown when planning, and a third of the table is assumed);
  // the subquery then holds the tail to this statement's snapshot, should a fold commit between.
  tail: (site, watermark) => `e.site_id = ${site} AND e.id > ${watermark} AND e.id > ${WATERMARK}`,
};

export function timeColumn(source: RollupSource): 'hour' | 'day' | 'month' {
  if (source === 'hourly') return 'hour';
  return source === 'monthly' || source.endsWith('_monthly') ? 'month' : 'day';
}

function columnExpression(source: RollupSource, column: string): string {
  const table = ROLLUP_SOURCES[source];
  const links = source === 'links' || source === 'links_monthly';
  if (links && column === 'link') return 'COALESCE(p.slug, v.slug)';
  if (links && column === 'variant') return 'v.slug';
  if (![...table.keys, ...table.sums, ...table.mins].includes(column)) {
    throw new RangeError(`${table.name} has no column ${column}`);
  }
  return `r.${column}`;
}

/**
 * SQL and parameters for one rollup read; result columns `g0…` (groups) and `a0…` (aggregates).
 *
 * Two branches under UNION ALL, each grouped: the folded rows of the table (the plain, fast read
 * of its primary key), then the site's events past the watermark as rows of the same shape
 * (rollup-fold-sql.ts). One statement, so one snapshot: a fold committing meanwhile is seen by
 * both or neither. A group may come from both branches; rollupResultRows merges them. A read
 * with `less` has a branch per set of days taken out, its sums negated, and its tail branch
 * reads the daily table over the days that remain.
 * `watermark`: the last folded event id read just before (PostgreSQL, for the planner); the
 * statement reads it itself too.
 */
export function renderRollupQuery(
  query: RollupQuery,
  dialect: SqlDialect,
  watermark?: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return dialect.placeholder(params.length);
  };
  const folded = (read: Read) =>
    branch(query, read, dialect, bind, () => `${ROLLUP_SOURCES[read.source].name} AS r`);
  const unfolded = (read: Read) =>
    branch(query, read, dialect, bind, () => {
      const tail = dialect.tail(bind(query.siteId), watermark === undefined ? WATERMARK : bind(watermark));
      return `${tailSource(ROLLUP_SOURCES[read.source], tail)} AS r`;
    });
  const { less } = query;
  if (less === undefined) {
    const read = { source: query.source, from: query.from, to: query.to };
    return { sql: `${folded(read)} UNION ALL ${unfolded(read)}`, params };
  }
  checkSubtractable(query);
  // One statement, so one snapshot: a write between the month's read and its days' cannot
  // leave a negative count.
  const branches = [
    folded({ source: query.source, from: query.from, to: query.to }),
    ...less.minus.map((days) => folded({ source: less.source, ...days, negated: true })),
    unfolded({ source: less.source, ...less.tail }),
  ];
  return { sql: branches.join(' UNION ALL '), params };
}

function checkSubtractable(query: RollupQuery): void {
  const days = query.less?.source;
  const months = ROLLUP_SOURCES[query.source];
  if (
    days === undefined ||
    MONTHLY_TWINS.get(ROLLUP_SOURCES[days]) !== months ||
    months.mins.length > 0 ||
    query.aggregates.some((aggregate) => aggregate.fn !== 'sum')
  ) {
    throw new RangeError(
      `${months.name} cannot be read less ${days ?? 'nothing'}'s days: only sums of a monthly twin`,
    );
  }
}

/** One branch's table and bounds on its time column; `negated` takes its sums out. */
interface Read {
  source: RollupSource;
  from: string;
  to: string;
  negated?: boolean;
}

/**
 * One grouped SELECT over `rows()` (a relation named `r`, rendered after the SELECT list so that
 * its parameters are bound in text order too).
 */
function branch(
  query: RollupQuery,
  read: Read,
  dialect: SqlDialect,
  bind: (value: unknown) => string,
  rows: () => string,
): string {
  const column = (name: string) =>
    name === 'month' && timeColumn(read.source) === 'day'
      ? 'substr(r.day, 1, 7)'
      : columnExpression(read.source, name);
  const sign = read.negated ? '-' : '';
  // Parameters are bound in the order they appear in the SQL text (`?` is positional):
  // the SELECT list's, then FROM's, then WHERE's.
  const groups = query.groupBy.map((name, index) => `${column(name)} AS g${index}`);
  const aggregates = query.aggregates.map((aggregate, index) => {
    const value = column(aggregate.column);
    const when = aggregate.when;
    if (when === undefined) return `${sign}${aggregate.fn.toUpperCase()}(${value}) AS a${index}`;
    const test = `${column(when.column)} ${when.op === 'eq' ? '=' : '>'} ${bind(when.value)}`;
    return aggregate.fn === 'sum'
      ? `${sign}SUM(CASE WHEN ${test} THEN ${value} ELSE 0 END) AS a${index}`
      : `MIN(CASE WHEN ${test} THEN ${value} END) AS a${index}`;
  });
  const from =
    read.source === 'links' || read.source === 'links_monthly'
      ? `${rows()} JOIN links AS v ON v.id = r.link_id LEFT JOIN links AS p ON p.id = v.parent_id`
      : rows();
  const time = column(timeColumn(read.source));
  const conditions = [
    `r.site_id = ${bind(query.siteId)}`,
    `${time} >= ${bind(read.from)}`,
    `${time} <= ${bind(read.to)}`,
  ];
  for (const filter of query.filters) {
    const expression = column(filter.column);
    const values = filter.values.map((value) => bind(value));
    if (filter.operator === 'contains') {
      conditions.push(`(${values.map((value) => dialect.contains(expression, value)).join(' OR ')})`);
    } else {
      conditions.push(`${expression} ${filter.operator === 'is' ? 'IN' : 'NOT IN'} (${values.join(', ')})`);
    }
  }
  const groupBy = query.groupBy.length > 0 ? ` GROUP BY ${query.groupBy.map(column).join(', ')}` : '';
  return `SELECT ${[...groups, ...aggregates].join(', ')} FROM ${from} WHERE ${conditions.join(' AND ')}${groupBy}`;
}

/**
 * Rows as the drivers return them (PostgreSQL sums are bigint: strings) made plain, one per group:
 * a group answered by both branches of renderRollupQuery is merged (sums added, minimums kept).
 */
export function rollupResultRows(
  rows: readonly Record<string, unknown>[],
  query: Pick<RollupQuery, 'groupBy' | 'aggregates'>,
): RollupResultRow[] {
  const merged = new Map<string, RollupResultRow>();
  for (const row of rows) {
    const result: RollupResultRow = {
      groups: query.groupBy.map((_, index) => {
        const value = row[`g${index}`];
        return typeof value === 'number' ? value : String(value ?? '');
      }),
      values: query.aggregates.map((_, index) => {
        const value = row[`a${index}`];
        return value === null || value === undefined ? null : Number(value);
      }),
    };
    const key = JSON.stringify(result.groups);
    const earlier = merged.get(key);
    if (earlier === undefined) merged.set(key, result);
    else
      earlier.values = earlier.values.map((value, index) =>
        combine(query.aggregates[index]?.fn, value, result.values[index] ?? null),
      );
  }
  return [...merged.values()];
}

function combine(fn: Aggregate['fn'] | undefined, a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return fn === 'min' ? Math.min(a, b) : a + b;
}
