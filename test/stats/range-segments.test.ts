import { describe, expect, it } from 'vitest';
import { MONTH_IN_DAYS, rangeSegments } from '../../src/stats/range-segments.js';
import { renderRollupQuery, SQLITE_DIALECT } from '../../src/store/rollups/rollup-query.js';

const pages = { source: 'page_totals' as const };

describe('rangeSegments', () => {
  it('reads 23 edge days of November as November less its first 7 days (a 30-day range to today)', () => {
    expect(rangeSegments(pages, ['page'], { from: '2026-11-08', to: '2026-12-07' }, '2026-12-07')).toEqual([
      {
        source: 'page_totals_monthly',
        range: { from: '2026-11-08', to: '2026-12-31' },
        minus: [{ from: '2026-11-01', to: '2026-11-07' }],
      },
    ]);
  });

  it('adds the edge days when that reads fewer rows, and always with edges: add', () => {
    const added = [
      { source: 'page_totals', range: { from: '2026-11-08', to: '2026-11-30' } },
      { source: 'page_totals_monthly', range: { from: '2026-12-01', to: '2026-12-31' } },
    ];
    expect(rangeSegments(pages, [], { from: '2026-11-08', to: '2026-12-07' }, '2026-12-07', 'add')).toEqual(
      added,
    );
    // 12 days inside, 18 outside: the days are fewer.
    expect(rangeSegments(pages, [], { from: '2026-11-19', to: '2026-12-07' }, '2026-12-07')).toEqual([
      { source: 'page_totals', range: { from: '2026-11-19', to: '2026-11-30' } },
      { source: 'page_totals_monthly', range: { from: '2026-12-01', to: '2026-12-31' } },
    ]);
    // At the threshold: 30 days = outside + inside; subtracted while outside + MONTH_IN_DAYS < inside.
    const outside = Math.ceil((30 - MONTH_IN_DAYS) / 2);
    const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;
    const sources = (from: string) =>
      rangeSegments(pages, [], { from, to: '2026-11-30' }).map((segment) => segment.source);
    expect(sources(day(outside + 1))).toEqual(['page_totals']);
    expect(sources(day(outside))).toEqual(['page_totals_monthly']);
  });

  it('takes both ends out of a month, and only the start when the range reaches today', () => {
    expect(rangeSegments(pages, [], { from: '2026-11-03', to: '2026-11-27' })).toEqual([
      {
        source: 'page_totals_monthly',
        range: { from: '2026-11-03', to: '2026-11-27' },
        minus: [
          { from: '2026-11-01', to: '2026-11-02' },
          { from: '2026-11-28', to: '2026-11-30' },
        ],
      },
    ]);
    // A range from the 3rd to today does not start the month: days after today are taken out too.
    expect(rangeSegments(pages, [], { from: '2026-10-03', to: '2026-12-27' }, '2026-12-27')).toEqual([
      {
        source: 'page_totals_monthly',
        range: { from: '2026-10-03', to: '2026-12-31' },
        minus: [{ from: '2026-10-01', to: '2026-10-02' }],
      },
    ]);
  });

  it('never subtracts from the link twin (first times are minimums) nor by day or week', () => {
    for (const segment of rangeSegments({ source: 'links' }, [], { from: '2026-11-03', to: '2026-12-27' })) {
      expect(segment.minus).toBeUndefined();
    }
    expect(rangeSegments(pages, ['time:week'], { from: '2026-11-03', to: '2026-12-27' })).toEqual([
      { source: 'page_totals', range: { from: '2026-11-03', to: '2026-12-27' } },
    ]);
  });
});

describe('renderRollupQuery with days taken out', () => {
  const query = {
    source: 'links_monthly' as const,
    siteId: 's',
    from: '2026-11',
    to: '2026-11',
    groupBy: [],
    aggregates: [{ fn: 'sum' as const, column: 'hits' }],
    filters: [],
    less: {
      source: 'links' as const,
      minus: [{ from: '2026-11-01', to: '2026-11-02' }],
      tail: { from: '2026-11-03', to: '2026-11-30' },
    },
  };

  it('refuses minimums and twins whose months are not sums of their days', () => {
    expect(() => renderRollupQuery(query, SQLITE_DIALECT)).toThrow(RangeError);
    const pageQuery = {
      ...query,
      source: 'page_totals_monthly' as const,
      aggregates: [{ fn: 'min' as const, column: 'visits' }],
    };
    expect(() =>
      renderRollupQuery({ ...pageQuery, less: { ...query.less, source: 'page_totals' } }, SQLITE_DIALECT),
    ).toThrow(RangeError);
    expect(() =>
      renderRollupQuery(
        { ...pageQuery, less: { ...query.less, source: 'pages' }, aggregates: query.aggregates },
        SQLITE_DIALECT,
      ),
    ).toThrow(RangeError);
  });

  it('negates the days taken out and reads the tail of the days that remain, in one statement', () => {
    const { sql, params } = renderRollupQuery(
      {
        ...query,
        source: 'page_totals_monthly',
        groupBy: ['path', 'month'],
        aggregates: [{ fn: 'sum', column: 'visits' }],
        less: { ...query.less, source: 'page_totals' },
      },
      SQLITE_DIALECT,
    );
    const branches = sql.split(' UNION ALL ');
    expect(branches).toHaveLength(3);
    expect(branches[0]).toContain('FROM rollup_page_totals_monthly AS r');
    expect(branches[1]).toContain('-SUM(r.visits)');
    expect(branches[1]).toContain('substr(r.day, 1, 7) AS g1');
    expect(branches[2]).toContain('substr(r.day, 1, 7) AS g1');
    expect(params.slice(-3)).toEqual(['s', '2026-11-03', '2026-11-30']);
  });
});
