import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../src/privacy/retention.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';

const DAY = 86_400_000;

for (const engine of ENGINES) {
  describe(`recorded preview fetches follow the site's retention (${engine})`, () => {
    let env: EngineEnv;
    let store: Store;

    beforeAll(async () => {
      env = await engineEnv(engine, 'preview_retention');
      store = await openStore({
        databaseUrl: env.env.DATABASE_URL,
        dataDir: mkdtempSync(join(tmpdir(), 'penumbra-preview-retention-')),
      });
    });
    afterAll(async () => {
      await store?.close();
      await env?.drop();
    });

    it('deletes the fetches older than the retention limit, once, and keeps the recent ones', async () => {
      const site = await store.createSite({
        id: 'site-retention',
        domain: 'retention.example.org',
        name: 'Retention',
        timezone: 'UTC',
        fallbackUrl: null,
        retentionMonths: 1,
      });
      const now = Date.now();
      const fetch = (daysAgo: number, key: string) => ({
        siteId: site.id,
        source: 'slack',
        status: 403,
        path: `/story-${key}`,
        occurredAt: now - daysAgo * DAY,
        dedupeKey: `retention-${key}`,
      });
      const fetches = [fetch(90, 'old'), fetch(45, 'older'), fetch(2, 'recent')];
      expect(await store.previews.recordPreviewFetches(fetches)).toBe(3);
      expect(await store.previews.recordPreviewFetches(fetches)).toBe(0);
      await enforceRetention(store, now);
      const [slack] = await store.previews.summarisePreviewFetches(site.id, 0);
      expect(slack).toMatchObject({
        source: 'slack',
        loggedFetches: 1,
        failures: [{ status: 403, pages: 1 }],
      });
      expect(await store.previews.prunePreviewFetches(site.id, now - 40 * DAY)).toBe(0);
    });
  });
}
