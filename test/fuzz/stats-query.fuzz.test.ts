import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/privacy/audit-log.js';
import { seedSite } from '../../src/seed/seed-site.js';
import { ENGINES, type EngineEnv, engineEnv, engineShare } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fuzz } from './fuzz-run.js';
import { publicStatsQueryRequest, statsQueryRequest } from './requests/stats-requests.js';
import { injectRequest } from './send-request.js';
import { expectSoundAnswer } from './sound-answer.js';
import { StatusTally } from './status-tally.js';

const SITE = 'news.example.org';

describe.each(ENGINES)(
  'fuzz: POST /api/stats/query, with a token and through a public link (in-process, %s)',
  (engine) => {
    let t: TestApp;
    let store: EngineEnv;
    let publicToken = '';
    const share = engineShare(engine);
    beforeAll(async () => {
      store = await engineEnv(engine, 'fuzz');
      t = await startTestApp(store.env);
      // Real rollups to answer from: a month of a news site's traffic, share kits included.
      await seedSite(t.services, { domain: SITE, actor: CLI_ACTOR, events: 1_500, days: 30, seed: 13 });
      const site = await t.services.sites.find(SITE);
      publicToken = (await t.services.publicLinks.create(site?.id ?? '')).token;
    });
    afterAll(async () => {
      await t?.close();
      await store?.drop();
    });

    const check =
      (name: string, requests: fc.Arbitrary<Parameters<typeof injectRequest>[1]>, runs: number) =>
      async () => {
        const tally = new StatusTally();
        await fuzz(
          `${name}.${engine}`,
          fc.asyncProperty(requests, async (request) => {
            const answer = await injectRequest(t.app.fastify, request);
            tally.add(answer.status);
            expectSoundAnswer(request, answer);
          }),
          { runs, ms: 6_000 * share },
        );
        console.info(`fuzz ${name} (${engine}): ${tally}`);
        expect(
          tally.count((status) => status === 200),
          String(tally),
        ).toBeGreaterThanOrEqual(Math.max(2, runs / 200));
        expect(tally.refused, String(tally)).toBeGreaterThanOrEqual(Math.max(2, runs / 200));
      };

    it('answers or refuses every mutated question with the owner token, never with a 5xx', async () => {
      await check('stats.query', statsQueryRequest(SITE, t.auth), 400 * share)();
    });

    it('answers or refuses every mutated question through a public link, never with a 5xx', async () => {
      await check('stats.public', publicStatsQueryRequest(SITE, publicToken), 400 * share)();
    });
  },
);
