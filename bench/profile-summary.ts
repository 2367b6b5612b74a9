/**
 * Where the time went in a `.cpuprofile` (V8 sampling profiler, as written by
 * `bench/redirect.ts --cpu-profile FILE` or `node --cpu-prof`): self and inclusive time per
 * function and self time per file or package, as shares of the busy (non-idle) samples.
 *
 *   node --import tsx bench/profile-summary.ts FILE [--top 30] [--match TEXT]
 *
 * `--match` lists the inclusive time of functions whose name or file contains TEXT.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The process waiting for work. `(program)` is not: it is native time outside JavaScript
 * (libuv, system calls), which a server under load spends for real.
 */
const IDLE = new Set(['(idle)']);

function shortFile(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return (rest[0]?.startsWith('@') ? rest.slice(0, 2) : rest.slice(0, 1)).join('/');
  }
  const repo = path.indexOf('/src/');
  if (repo >= 0) return path.slice(repo + 1);
  const bench = path.indexOf('/bench/');
  return bench >= 0 ? path.slice(bench + 1) : path || '(native)';
}

function keyOf(frame: CallFrame): string {
  const where = frame.url ? `${shortFile(frame.url)}:${frame.lineNumber + 1}` : '(native)';
  return `${frame.functionName || '(anonymous)'} ${where}`;
}

class Tally {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  top(n: number): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, n);
  }
}

interface Summary {
  busy: number;
  idle: number;
  self: Tally;
  inclusive: Tally;
  byFile: Tally;
}

function summarise(profile: CpuProfile): Summary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const summary: Summary = {
    busy: 0,
    idle: 0,
    self: new Tally(),
    inclusive: new Tally(),
    byFile: new Tally(),
  };
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    if (IDLE.has(node.callFrame.functionName)) {
      summary.idle += 1;
      continue;
    }
    summary.busy += 1;
    summary.self.add(keyOf(node.callFrame));
    summary.byFile.add(node.callFrame.url ? shortFile(node.callFrame.url) : node.callFrame.functionName);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) seen.add(keyOf(frame));
    }
    for (const key of seen) summary.inclusive.add(key);
  }
  return summary;
}

function printTable(title: string, rows: [string, number][], busy: number): void {
  console.log(`\n${title}`);
  for (const [key, n] of rows) console.log(`${((n / busy) * 100).toFixed(1).padStart(6)} %  ${key}`);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' }, match: { type: 'string', multiple: true } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: profile-summary.ts FILE [--top N] [--match TEXT]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarise(profile);
  const top = Number(values.top);
  console.log(`${summary.busy} busy samples, ${summary.idle} idle; shares are of the busy samples`);
  printTable('self time by file or package', summary.byFile.top(top), summary.busy);
  printTable('self time by function', summary.self.top(top), summary.busy);
  printTable('inclusive time by function', summary.inclusive.top(top), summary.busy);
  for (const text of values.match ?? []) {
    const rows = [...summary.inclusive.counts].filter(([key]) => key.includes(text));
    printTable(
      `inclusive time, functions matching "${text}"`,
      rows.sort((a, b) => b[1] - a[1]),
      summary.busy,
    );
  }
}

main();
