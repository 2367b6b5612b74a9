import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('fuzz: POST /api/event (in-process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A high rate limit, so the fuzzer reaches the code behind the limiter.
    t = await startTestApp({ PENUMBRA_EVENT_RATE: '100000', PENUMBRA_EVENT_BURST: '100000' });
    await t.services.sites.create({
      domain: SITES[0] ?? '',
      landingPaths: ['/', '/news/'],
      queryParams: ['page'],
    });
    await t.services.sites.create({ domain: SITES[1] ?? '', privacyMode: 'strict' });
    await t.services.sites.create({ domain: SITES[2] ?? '', privacyMode: 'consented' });
    await t.services.sites.create({ domain: SITES[3] ?? '', respectDnt: true });
  });
  afterAll(() => t.close());

  it('answers every mutated event without a 5xx, refusals as problem+json, and stores what it accepted', async () => {
    const tally = new StatusTally();
    await fuzz(
      'event',
      fc.asyncProperty(eventRequest(SITES), async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 1_500, ms: 8_000 },
    );
    // The accepted events reach the store: the writer did not choke on anything the route let in.
    await t.services.sink.flush();
    console.info(`fuzz event: ${tally}`);
    expect(tally.accepted, String(tally)).toBeGreaterThan(20);
    expect(tally.refused, String(tally)).toBeGreaterThan(20);
    const site = await t.services.sites.find(SITES[0] ?? '');
    const stored = await t.services.store.listEvents({ siteId: site?.id ?? '', limit: 5 });
    expect(stored.length).toBeGreaterThan(0);
  });
});
