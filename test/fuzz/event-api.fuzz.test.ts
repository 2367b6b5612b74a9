import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineEnv, engineEnv, engineShare } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fuzz } from './fuzz-run.js';
import { eventRequest } from './requests/event-requests.js';
import { injectRequest } from './send-request.js';
import { expectSoundAnswer } from './sound-answer.js';
import { StatusTally } from './status-tally.js';

const SITES = [
  'fuzz.example.org',
  'strict.fuzz.example.org',
  'consented.fuzz.example.org',
  'dnt.fuzz.example.org',
];

describe.each(ENGINES)('fuzz: POST /api/event (in-process, %s)', (engine) => {
  let t: TestApp;
  let store: EngineEnv;
  beforeAll(async () => {
    store = await engineEnv(engine, 'fuzz');
    // A high rate limit, so the fuzzer reaches the code behind the limiter.
    t = await startTestApp({ ...store.env, PENUMBRA_EVENT_RATE: '100000', PENUMBRA_EVENT_BURST: '100000' });
    await t.services.sites.create({
      domain: SITES[0] ?? '',
      landingPaths: ['/', '/news/'],
      queryParams: ['page'],
    });
    await t.services.sites.create({ domain: SITES[1] ?? '', privacyMode: 'strict' });
    await t.services.sites.create({ domain: SITES[2] ?? '', privacyMode: 'consented' });
    await t.services.sites.create({ domain: SITES[3] ?? '', respectDnt: true });
  });
  afterAll(async () => {
    await t?.close();
    await store?.drop();
  });

  it('answers every mutated event without a 5xx, refusals as problem+json, and stores all it accepted', async () => {
    const tally = new StatusTally();
    const share = engineShare(engine);
    await fuzz(
      `event.${engine}`,
      fc.asyncProperty(eventRequest(SITES), async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 1_000 * share, ms: 6_000 * share },
    );
    await t.services.sink.flush();
    console.info(`fuzz event (${engine}): ${tally}`);
    expect(tally.accepted, String(tally)).toBeGreaterThan(20 * share);
    expect(tally.refused, String(tally)).toBeGreaterThan(20 * share);
    // Every accepted event was stored: the store refused none of what the route let in (a
    // refused one is dropped and counted, event-sink.ts), and none waits in memory or a spool.
    expect(t.services.sink.health()).toMatchObject({
      dropped: 0,
      pending: 0,
      spooled: 0,
      storeFailingSince: null,
    });
    const site = await t.services.sites.find(SITES[0] ?? '');
    const stored = await t.services.store.listEvents({ siteId: site?.id ?? '', limit: 5 });
    expect(stored.length).toBeGreaterThan(0);
  });
});
