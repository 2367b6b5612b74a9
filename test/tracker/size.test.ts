/**
 * The snippet's byte budget (issue #4): at most 2,048 bytes gzipped (level 9) with every feature.
 * For scale: Plausible's script is about 2.6 KB, Umami's 2.2 KB, both with fewer features.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTracker } from '../../scripts/build-tracker.mjs';

const BUDGET_GZIP_BYTES = 2_048;

describe('tracker snippet size', () => {
  it(`is at most ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const built = await buildTracker();
    const gzipBytes = gzipSync(built.code, { level: 9 }).length;
    console.log(
      `tracker snippet: ${built.bytes} bytes minified, ${gzipBytes} bytes gzipped (budget ${BUDGET_GZIP_BYTES})`,
    );
    expect(
      gzipBytes,
      `snippet is ${gzipBytes} bytes gzipped, over the ${BUDGET_GZIP_BYTES}-byte budget`,
    ).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect(built.gzipBytes).toBe(gzipBytes);
  });

  it('names the hashed file after its content', async () => {
    const built = await buildTracker();
    expect(built.file).toBe(`p.${built.hash}.js`);
    expect(built.hash).toMatch(/^[0-9a-f]{8}$/);
    // An IIFE: nothing but `penumbra` reaches the page's global scope.
    expect(built.code).toMatch(/^\(\(\)=>\{/);
  });
});
