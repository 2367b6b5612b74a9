import { readFileSync } from 'node:fs';
import { classify } from '../../src/classify/index.js';

export interface LabelledRequest {
  url: string;
  referrer: string;
  userAgent: string;
  expected: { kind: string; channel: string; source: string };
  origin?: string;
}

export interface FieldScore {
  field: 'kind' | 'channel' | 'source';
  correct: number;
  total: number;
  accuracy: number;
}

export interface LabelledSetReport {
  scores: FieldScore[];
  misses: string[];
}

export function readLabelledSet(path: string): LabelledRequest[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledRequest);
}

/** Scores the classifier field by field; bots are scored on kind and channel only (issue #2). */
export function scoreLabelledSet(rows: readonly LabelledRequest[]): LabelledSetReport {
  const tally = {
    kind: { correct: 0, total: 0 },
    channel: { correct: 0, total: 0 },
    source: { correct: 0, total: 0 },
  };
  const misses: string[] = [];
  for (const row of rows) {
    const got = classify({ url: row.url, referrer: row.referrer, userAgent: row.userAgent });
    const fields =
      row.expected.kind === 'bot' ? (['kind', 'channel'] as const) : (['kind', 'channel', 'source'] as const);
    const wrong = fields.filter((field) => got[field] !== row.expected[field]);
    for (const field of fields) {
      tally[field].total += 1;
      if (!wrong.includes(field)) tally[field].correct += 1;
    }
    if (wrong.length > 0) {
      misses.push(
        `expected ${JSON.stringify(row.expected)} got ${JSON.stringify({ kind: got.kind, channel: got.channel, source: got.source })}\n    url=${row.url} referrer=${row.referrer}\n    ua=${row.userAgent}`,
      );
    }
  }
  const scores = (['kind', 'channel', 'source'] as const).map((field) => {
    const { correct, total } = tally[field];
    return { field, correct, total, accuracy: total === 0 ? 1 : correct / total };
  });
  return { scores, misses };
}

export function formatReport(name: string, report: LabelledSetReport): string {
  const lines = report.scores.map(
    (s) => `  ${s.field.padEnd(8)} ${(s.accuracy * 100).toFixed(1).padStart(5)} %  (${s.correct}/${s.total})`,
  );
  const misses = report.misses.map((miss) => `  MISS ${miss}`);
  return [`${name}:`, ...lines, ...misses].join('\n');
}
