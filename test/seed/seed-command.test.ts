import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../helpers/run-cli.js';

const SUMMARY =
  /^seeded ([\d,]+) events for news\.example\.org over 14 days in \d+\.\d s \(([\d,]+) events\/s\)\n$/;

describe('penumbra seed (as a process)', () => {
  it('fills a fresh data directory: the store holds what it printed, on real share kits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-seed-'));
    const env = { PENUMBRA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const args = [
      'seed',
      '--site',
      'news.example.org',
      '--create-site',
      '--events',
      '5000',
      '--days',
      '14',
      '--seed',
      '3',
    ];
    const result = await runCli(args, { env });
    expect(result.code, result.stderr).toBe(0);
    // Not a terminal: no progress bar, only the summary line.
    const summary = SUMMARY.exec(result.stdout);
    expect(summary, result.stdout).not.toBeNull();
    const printed = Number(summary?.[1]?.replaceAll(',', ''));
    expect(printed).toBe(5_000);

    const store = await openStore({ dataDir });
    try {
      expect(await store.countEvents()).toBe(printed);
      const site = await store.getSiteByDomain('news.example.org');
      expect(site).toBeDefined();
      const kits = await store.listLinks({ siteId: site?.id ?? '', mainOnly: true, limit: 100, offset: 0 });
      expect(kits.total).toBeGreaterThanOrEqual(5);
      expect(kits.total).toBeLessThanOrEqual(20);
      const variantIds = new Set<string>();
      for (const kit of kits.items) {
        const variants = await store.listVariants(kit.id);
        expect(variants.map((variant) => variant.channel).sort()).toEqual([
          'copy',
          'email',
          'linkedin',
          'messenger',
          'qr',
          'sms',
          'telegram',
          'whatsapp',
          'x',
        ]);
        for (const variant of variants) variantIds.add(variant.id);
      }
      const linked = await store.listEvents({
        siteId: site?.id ?? '',
        types: ['click', 'preview', 'bot'],
        limit: 5_000,
      });
      expect(linked.length).toBeGreaterThan(0);
      expect(linked.every((event) => variantIds.has(event.linkId ?? ''))).toBe(true);
    } finally {
      await store.close();
    }

    // Seeding again adds to the same site.
    const again = await runCli(args, { env });
    expect(again.code, again.stderr).toBe(0);
    const reopened = await openStore({ dataDir });
    expect(await reopened.countEvents()).toBe(10_000);
    await reopened.close();
  }, 60_000);

  it('refuses missing or bad options with exit status 2', async () => {
    const env = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-seed-bad-')), LOG_LEVEL: 'silent' };
    const missing = await runCli(['seed', '--events', '10'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--site');
    const bad = await runCli(['seed', '--site', 'news.example.org', '--days', 'many'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--days');
    const help = await runCli(['seed', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--events N');
  });
});
