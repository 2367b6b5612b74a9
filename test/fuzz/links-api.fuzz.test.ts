import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fuzz } from './fuzz-run.js';
import { createLinkRequest, patchLinkRequest } from './requests/link-requests.js';
import { injectRequest } from './send-request.js';
import { expectSoundAnswer } from './sound-answer.js';
import { StatusTally } from './status-tally.js';

const SITES = ['news.example.org', 'shop.example.org'];

describe('fuzz: POST /api/links and PATCH /api/links/:id (in-process)', () => {
  let t: TestApp;
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    for (const domain of SITES) await t.services.sites.create({ domain });
    for (const url of ['https://news.example.org/a', 'https://shop.example.org/b']) {
      ids.push((await t.services.links.create({ url, channels: ['whatsapp', 'email'] })).id);
    }
  });
  afterAll(() => t.close());

  it('creates or refuses every mutated link, never with a 5xx', async () => {
    const tally = new StatusTally();
    await fuzz(
      'links.create',
      fc.asyncProperty(createLinkRequest(SITES, t.auth), async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 1_000, ms: 8_000 },
    );
    console.info(`fuzz links.create: ${tally}`);
    expect(
      tally.count((status) => status === 201),
      String(tally),
    ).toBeGreaterThan(10);
    expect(tally.refused, String(tally)).toBeGreaterThan(10);
  });

  it('changes or refuses every mutated patch, never with a 5xx', async () => {
    const tally = new StatusTally();
    await fuzz(
      'links.patch',
      fc.asyncProperty(patchLinkRequest(SITES, t.auth, ids), async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 800, ms: 8_000 },
    );
    console.info(`fuzz links.patch: ${tally}`);
    expect(
      tally.count((status) => status === 200),
      String(tally),
    ).toBeGreaterThan(10);
    expect(tally.refused, String(tally)).toBeGreaterThan(10);
    // The links still read back whole after every change the fuzzer made.
    for (const id of ids)
      expect(
        (await t.app.fastify.inject({ url: `/api/links/${id}`, headers: { authorization: t.auth } }))
          .statusCode,
      ).toBe(200);
  });
});
