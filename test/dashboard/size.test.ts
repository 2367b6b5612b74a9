import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, ensureDashboardBuilt, firstViewScripts, readManifest } from './dashboard-build.js';

/** Issue #6: the JavaScript of the first view stays under 150 KB gzipped (lazy chunks not counted). */
const BUDGET = 150 * 1024;

const gzipped = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

describe('the dashboard bundle', () => {
  beforeAll(() => ensureDashboardBuilt(), 120_000);

  it('loads at most 150 KB of gzipped JavaScript for the first view', () => {
    const manifest = readManifest();
    const first = firstViewScripts(manifest);
    const lazy = Object.values(manifest)
      .map((chunk) => chunk.file)
      .filter((file) => file.endsWith('.js') && !first.includes(file));
    const firstBytes = first.reduce((sum, file) => sum + gzipped(file), 0);
    const lazyBytes = lazy.reduce((sum, file) => sum + gzipped(file), 0);
    console.log(
      `dashboard first view: ${(firstBytes / 1024).toFixed(1)} KB of JavaScript gzipped (${first.join(', ')}); ` +
        `lazy chunks: ${(lazyBytes / 1024).toFixed(1)} KB (${lazy.join(', ') || 'none'}); budget ${BUDGET / 1024} KB`,
    );
    expect(first.length).toBeGreaterThan(0);
    expect(firstBytes).toBeLessThanOrEqual(BUDGET);
  });

  it('emits no inline script or style and only hashed assets', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/app\/assets\/[\w-]+-[\w-]{8}\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toMatch(/<link rel="stylesheet"[^>]* href="\/app\/assets\/[\w-]+-[\w-]{8}\.css"/);
  });
});
