import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { fuzz } from './fuzz-run.js';
import { classifyRequest } from './requests/classify-requests.js';
import { injectRequest } from './send-request.js';
import { expectSoundAnswer } from './sound-answer.js';
import { StatusTally } from './status-tally.js';

describe('fuzz: POST /api/classify (in-process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('classifies or refuses every mutated input and batch, never with a 5xx', async () => {
    const tally = new StatusTally();
    await fuzz(
      'classify',
      fc.asyncProperty(classifyRequest, async (request) => {
        const answer = await injectRequest(t.app.fastify, request);
        tally.add(answer.status);
        expectSoundAnswer(request, answer);
      }),
      { runs: 700, ms: 6_000 },
    );
    console.info(`fuzz classify: ${tally}`);
    expect(tally.accepted, String(tally)).toBeGreaterThan(20);
    expect(tally.refused, String(tally)).toBeGreaterThan(20);
  });
});
