import { describe, expect, it } from 'vitest';
import type { StatsResult, StatsRow } from '../../src/stats/query-model.js';
import { csvNumber, csvText, statsToCsv } from '../../src/stats/stats-csv.js';

function result(rows: StatsRow[], query: Partial<StatsResult['query']> = {}, compared = false): StatsResult {
  return {
    results: rows,
    meta: {
      total_rows: rows.length,
      source: 'rollup',
      date_range: { from: '2026-05-01', to: '2026-05-07' },
      ...(compared ? { comparison_range: { from: '2026-04-24', to: '2026-04-30' } } : {}),
      time_zone: 'Europe/Paris',
      today: '2026-05-07',
    },
    query: { site: 'example.org', metrics: ['visitors'], date_range: '7d', ...query },
  };
}

/** A strict RFC 4180 reader, to check that what we write reads back as the values meant. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let index = 0;
  while (index < text.length) {
    if (text[index] === '"') {
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) throw new Error('unclosed quote');
        cell += text.slice(index, quote);
        index = quote + 1;
        if (text[index] !== '"') break;
        cell += '"';
        index += 1;
      }
    }
    const char = text[index];
    if (char === ',') {
      row.push(cell);
      cell = '';
      index += 1;
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index += 2;
    } else if (char === undefined || char === '"' || char === '\r' || char === '\n') {
      throw new Error(`bare ${JSON.stringify(char)} at ${index}`);
    } else {
      cell += char;
      index += 1;
    }
  }
  if (cell !== '' || row.length > 0) throw new Error('last row not ended by CRLF');
  return rows;
}

describe('statsToCsv', () => {
  it('writes a header of dimensions then metrics, one CRLF-ended line per row', () => {
    const csv = statsToCsv(
      result(
        [
          { dimensions: ['2026-05-01', 'dark-social'], metrics: [120, 0.4375] },
          { dimensions: ['2026-05-01', 'search'], metrics: [80, null] },
        ],
        { metrics: ['visitors', 'dark_social_share'], dimensions: ['time:day', 'channel'] },
      ),
    );
    expect(csv).toBe(
      'time:day,channel,visitors,dark_social_share\r\n' +
        '2026-05-01,dark-social,120,0.4375\r\n' +
        '2026-05-01,search,80,\r\n',
    );
  });

  it('adds <metric>_previous columns when the result carries a comparison', () => {
    const csv = statsToCsv(
      result(
        [
          { dimensions: ['whatsapp'], metrics: [10, 2], comparison: [7, null] },
          { dimensions: ['signal'], metrics: [3, 1] },
        ],
        { metrics: ['clicks', 'previews'], dimensions: ['source'], compare: 'previous_period' },
        true,
      ),
    );
    expect(parseCsv(csv)).toEqual([
      ['source', 'clicks', 'previews', 'clicks_previous', 'previews_previous'],
      ['whatsapp', '10', '2', '7', ''],
      ['signal', '3', '1', '', ''],
    ]);
  });

  it('writes just the header for an empty result, the comparison columns included when asked', () => {
    expect(statsToCsv(result([], { metrics: ['visitors', 'visits'] }))).toBe('visitors,visits\r\n');
    expect(statsToCsv(result([], { metrics: ['visits'] }, true))).toBe('visits,visits_previous\r\n');
  });

  it('needs no dimensions: one row of totals', () => {
    expect(statsToCsv(result([{ dimensions: [], metrics: [1_234_567] }]))).toBe('visitors\r\n1234567\r\n');
  });

  it('quotes what must be quoted and reads back to the same values', () => {
    const values = [
      '/search?q=a,b',
      'say "hi"',
      'line\nbreak',
      'carriage\rreturn',
      'crlf\r\nin',
      '',
      'plain',
      ' spaced ',
      'ünïcödé ✓',
      '"',
    ];
    const csv = statsToCsv(
      result(
        values.map((value, index) => ({ dimensions: [value], metrics: [index] })),
        { dimensions: ['page'] },
      ),
    );
    expect(csv).toContain('"/search?q=a,b",0\r\n');
    expect(csv).toContain('"say ""hi""",1\r\n');
    expect(parseCsv(csv)).toEqual([
      ['page', 'visitors'],
      ...values.map((value, index) => [value, String(index)]),
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const values = [
      '=HYPERLINK("http://evil.example","click")',
      '+1+2',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1',
      '\r=1',
    ];
    const csv = statsToCsv(
      result(
        values.map((value) => ({ dimensions: [value], metrics: [1] })),
        { dimensions: ['source'] },
      ),
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")",1\r\n`);
    expect(csv).toContain("'+1+2,1\r\n");
    expect(csv).toContain("'@SUM(A1:A2),1\r\n");
    expect(parseCsv(csv).slice(1)).toEqual(values.map((value) => [`'${value}`, '1']));
  });

  it('fills missing dimension values and metric values with empty cells', () => {
    const csv = statsToCsv(
      result([{ dimensions: ['fr'], metrics: [] }], {
        dimensions: ['country', 'device'],
        metrics: ['visits'],
      }),
    );
    expect(csv).toBe('country,device,visits\r\nfr,,\r\n');
  });
});

describe('csvNumber and csvText', () => {
  it('writes numbers plainly, ratios with at most 4 decimals, null and NaN as empty', () => {
    const cases: [number | null | undefined, string][] = [
      [0, '0'],
      [42, '42'],
      [-3, '-3'],
      [12_345_678, '12345678'],
      [0.5, '0.5'],
      [0.25, '0.25'],
      [1 / 3, '0.3333'],
      [2 / 3, '0.6667'],
      [0.43756, '0.4376'],
      [1.99999, '2'],
      [100.00001, '100'],
      [0.00004, '0'],
      [-0.00004, '0'],
      [-0.125, '-0.125'],
      [1e-7, '0'],
      [null, ''],
      [undefined, ''],
      [Number.NaN, ''],
      [Number.POSITIVE_INFINITY, ''],
    ];
    for (const [value, text] of cases) expect(csvNumber(value), String(value)).toBe(text);
  });

  it('leaves ordinary text alone', () => {
    for (const value of ['/blog/post', 'dark-social', 'a-b', 'x=1', 'mail@example.org', '2026-05-01T13']) {
      expect(csvText(value), value).toBe(value);
    }
  });
});
