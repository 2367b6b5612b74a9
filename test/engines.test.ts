import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * `npm install` warned that cookie@2.0.2 wants Node ≥ 22 while the README said Node 20 (issue 16).
 * Every installed package's `engines.node` must accept the oldest Node versions package.json
 * claims, so the stated requirement is the real one. The ranges in package-lock.json use a small
 * part of semver's grammar, read here: `||`, `>=`, `^`, `*`, and x-ranges such as `20.x`, `12.*`.
 */

type Version = [number, number, number];

function parseVersion(text: string): { version: Version; given: number } {
  const parts = text.replace(/^v/, '').split('.');
  const numbers = parts.filter((part) => /^\d+$/.test(part)).map(Number);
  const given = numbers.length;
  return { version: [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0], given };
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function satisfiesComparator(version: Version, comparator: string): boolean {
  if (comparator === '*' || comparator === '') return true;
  const match = /^(>=|\^)?\s*(\S+)$/.exec(comparator);
  if (!match) throw new Error(`unknown range syntax: "${comparator}"`);
  const [, operator, bound] = match as unknown as [string, string | undefined, string];
  const { version: floor, given } = parseVersion(bound);
  if (operator === '>=') return compare(version, floor) >= 0;
  if (operator === '^') {
    // ^0.y.z is not used by any engines range here; ^X.y.z means >= X.y.z and < X+1.
    return version[0] === floor[0] && compare(version, floor) >= 0;
  }
  // An x-range: the parts given must match.
  return version.slice(0, given).every((part, index) => part === floor[index]);
}

function satisfies(versionText: string, range: string): boolean {
  const { version } = parseVersion(versionText);
  return range
    .split('||')
    .map((part) => part.trim().replace(/(>=)\s+/g, '$1'))
    .some((part) => part.split(/\s+/).every((comparator) => satisfiesComparator(version, comparator)));
}

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));

/** The oldest version of each Node major that package.json's `engines.node` admits. */
function floors(range: string): string[] {
  return range.split('||').map((part) => part.trim().replace(/^(\^|>=)\s*/, ''));
}

describe('Node.js version requirement', () => {
  it('reads the range forms used by the lock file', () => {
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('20.18.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '>=22')).toBe(false);
    expect(satisfies('22.13.0', '20.x || 22.x')).toBe(true);
    expect(satisfies('20.19.0', '6.* || 8.* || >= 10.*')).toBe(true);
  });

  it('is met by every installed package at the oldest versions package.json admits', () => {
    const range: string = manifest.engines.node;
    const versions = floors(range);
    expect(versions.length).toBeGreaterThan(0);
    const refused: string[] = [];
    for (const [path, entry] of Object.entries<{ engines?: { node?: string } }>(lock.packages)) {
      const wanted = entry.engines?.node;
      if (path === '' || wanted === undefined) continue;
      for (const version of versions) {
        if (!satisfies(version, wanted)) refused.push(`${path} wants node ${wanted}, not ${version}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('is the one the README states', () => {
    expect(manifest.engines.node).toBe('^20.19.0 || >=22.13.0');
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain('Node.js 20.19 or later (22.13 or later on Node 22)');
  });
});
