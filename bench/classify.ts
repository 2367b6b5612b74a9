/**
 * bench/classify: classifications per second on one core for a realistic mix, against the
 * cost of `isbot` alone on the same user agents (the floor any classifier pays), same run,
 * alternating, 3 rounds. Target (issue #2): ≥ 200,000 classifications/s.
 *
 *   npm run bench:classify
 */
import { readFileSync } from 'node:fs';
import { isbot } from 'isbot';
import { classify } from '../src/classify/index.js';
import type { ClassifyInput } from '../src/classify/taxonomy.js';
import { formatRate, measureRate, median } from './bench-utils.js';

interface Row extends ClassifyInput {
  expected: { kind: string };
}

function loadRows(): Row[] {
  const files = ['test/fixtures/classifier-devset.jsonl', 'test/fixtures/classifier-extra.jsonl'];
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Row),
  );
}

/**
 * Real traffic is mostly people: weight human rows 8:1 over previews and bots, which are
 * over-represented in the labelled sets because they are the hard cases.
 */
function realisticMix(rows: Row[]): ClassifyInput[] {
  return rows.flatMap((row) => {
    const input = { url: row.url, referrer: row.referrer, userAgent: row.userAgent };
    return row.expected.kind === 'human' ? Array(8).fill(input) : [input];
  });
}

const mix = realisticMix(loadRows());
const agents = mix.map((input) => input.userAgent ?? '');
let sink = 0;
const ours: number[] = [];
const floor: number[] = [];
for (let round = 1; round <= 3; round++) {
  const classifyRate = measureRate((i) => {
    sink += classify(mix[i % mix.length] as ClassifyInput).source.length;
  });
  const isbotRate = measureRate((i) => {
    sink += isbot(agents[i % agents.length] as string) ? 1 : 0;
  });
  ours.push(classifyRate.perSecond);
  floor.push(isbotRate.perSecond);
  console.log(
    `round ${round}: classify ${formatRate(classifyRate.perSecond)}   isbot alone ${formatRate(isbotRate.perSecond)}`,
  );
}
const result = median(ours);
console.log(`\nmix: ${mix.length} requests (${new Set(mix).size} distinct)`);
console.log(
  `classify (median of 3): ${formatRate(result)}  — target ≥ 200,000/s: ${result >= 200_000 ? 'met' : 'NOT met'}`,
);
console.log(`ratio classify / isbot alone: ${(result / median(floor)).toFixed(2)}×`);
if (sink === -1) console.log('');
