/**
 * What the browser family costs per event (issue 14): `browserFamily` over the real human agents
 * of the labelled sets (test/fixtures), memoised as at ingestion (the same agents again and
 * again), and cold (both memos emptied before every call: each agent seen for the first time).
 * Run: node --import tsx bench/browser-family.ts
 */
import { readFileSync } from 'node:fs';
import { forgetAgents } from '../src/classify/agent-facts.js';
import { browserFamily, forgetBrowserFamilies } from '../src/privacy/browser-family.js';

const agents: string[] = [];
for (const file of ['classifier-devset.jsonl', 'classifier-extra.jsonl', 'classifier-third.jsonl']) {
  for (const line of readFileSync(new URL(`../test/fixtures/${file}`, import.meta.url), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { userAgent, expected } = JSON.parse(line) as { userAgent?: string; expected: { kind: string } };
    if (expected.kind === 'human' && userAgent) agents.push(userAgent);
  }
}

function measure(label: string, rounds: number, before?: () => void): void {
  let sink = 0;
  let spent = 0n;
  for (let round = 0; round < rounds; round++) {
    for (const agent of agents) {
      before?.();
      const start = process.hrtime.bigint();
      if (label !== 'clock read alone') sink += browserFamily(agent).length;
      spent += process.hrtime.bigint() - start;
    }
  }
  const calls = rounds * agents.length;
  console.log(
    `${label}: ${(Number(spent) / calls).toFixed(0)} ns per event over ${calls} calls (${sink % 7})`,
  );
}

// Warm: every agent memoised, as a site's traffic repeats a few thousand agents; timed per pass,
// as a clock read per call would cost as much as the lookup.
for (const agent of agents) browserFamily(agent);
{
  let sink = 0;
  const rounds = 4_000;
  const start = process.hrtime.bigint();
  for (let round = 0; round < rounds; round++)
    for (const agent of agents) sink += browserFamily(agent).length;
  const spent = Number(process.hrtime.bigint() - start);
  console.log(`memoised: ${(spent / (rounds * agents.length)).toFixed(0)} ns per event (${sink % 7})`);
}
// Cold paths are timed per call (the memos are emptied between calls, outside the clock).
measure('clock read alone', 200, () => {});
// The classifier's memo holds the agent at ingestion (classify ran first); the family's does not.
measure('first time, classifier memo warm', 200, forgetBrowserFamilies);
measure('first time, both memos cold', 200, () => {
  forgetBrowserFamilies();
  forgetAgents();
});
console.log(`${agents.length} agents`);
