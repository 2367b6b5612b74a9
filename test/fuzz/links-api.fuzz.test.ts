import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineEnv, engineEnv, engineShare } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fuzz } from './fuzz-run.js';
import { createLinkRequest, patchLinkRequest } from './requests/link-requests.js';
import { injectRequest } from './send-request.js';
import { expectSoundAnswer } from './sound-answer.js';
import { StatusTally } from './status-tally.js';

const SITES = ['news.example.org', 'shop.example.org'];

describe.each(ENGINES)('fuzz: POST /api/links and PATCH /api/links/:id (in-process, %s)', (engine) => {
  let t: TestApp;
  let store: EngineEnv;
  const share = engineShare(engine);
  const ids: string[] = [];
  beforeAll(async () => {
    store = await engineEnv(engine, 'fuzz');
    t = await startTestApp(store.env);
    for (const domain of SITES) await t.services.sites.create({ domain });
    for (const url of ['https://news.example.org/a', 'https://shop.example.org/b']) {
      ids.push((await t.services.links.create({ url, channels: ['whatsapp', 'email'] })).id);
    }
  });
  afterAll(async () => {
    await t?.close();
    await store?.drop();
  });

  it('creates or refuses every mutated link, never with a 5xx', async () => {
    const tally = new StatusTally();
    await fuzz(
      `links.create.${engine}`,
      fc.asyncProperty(createLinkRequest(SITES, t.auth), async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 700 * share, ms: 6_000 * share },
    );
    console.info(`fuzz links.create (${engine}): ${tally}`);
    expect(
      tally.count((status) => status === 201),
      String(tally),
    ).toBeGreaterThan(10 * share);
    expect(tally.refused, String(tally)).toBeGreaterThan(10 * share);
  });

  it('changes or refuses every mutated patch, never with a 5xx', async () => {
    const tally = new StatusTally();
    await fuzz(
      `links.patch.${engine}`,
      fc.asyncProperty(patchLinkRequest(SITES, t.auth, ids), async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 500 * share, ms: 6_000 * share },
    );
    console.info(`fuzz links.patch (${engine}): ${tally}`);
    expect(
      tally.count((status) => status === 200),
      String(tally),
    ).toBeGreaterThan(10 * share);
    expect(tally.refused, String(tally)).toBeGreaterThan(10 * share);
    // The links still read back whole after every change the fuzzer made.
    for (const id of ids)
      expect(
        (await t.app.fastify.inject({ url: `/api/links/${id}`, headers: { authorization: t.auth } }))
          .statusCode,
      ).toBe(200);
  });
});
