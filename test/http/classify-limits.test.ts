import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLASSIFY_ITEMS_BURST,
  CLASSIFY_ITEMS_PER_SECOND,
  MAX_CLASSIFY_BATCH,
} from '../../src/http/routes/classify.js';
import { type AnonymousApp, startAnonymousApp } from './anonymous-app.js';

/**
 * Issue 13, finding 8: one unauthenticated `POST /api/classify` with 1,000 user agents of 2 KB
 * held the event loop for 6–7 s, and nothing limited how often a client could send one.
 */
describe('POST /api/classify under abuse', () => {
  let testApp: AnonymousApp;
  beforeAll(async () => {
    testApp = await startAnonymousApp();
  });
  afterAll(() => testApp.close());

  const post = (payload: unknown, remoteAddress: string) =>
    testApp.app.fastify.inject({
      method: 'POST',
      url: '/api/classify',
      remoteAddress,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  const batch = (size: number, userAgent = 'Mozilla/5.0') =>
    Array.from({ length: size }, () => ({ url: 'https://news.example.org/a/b', userAgent }));

  it('answers 1,000 hostile 2 KB user agents in well under a second', async () => {
    // Near-matches of the old quadratic bot pattern and of the `.*Electron` rules, at the schema's 2,048.
    const agents = ['CRAPER'.repeat(341), `${'-'.repeat(2047)}x`, 'Slack/1 '.repeat(256), 'a'.repeat(2048)];
    const items = Array.from({ length: MAX_CLASSIFY_BATCH }, (_, index) => ({
      url: 'https://news.example.org/a/b',
      userAgent: agents[index % agents.length],
      referrer: `https://${'a.'.repeat(1023)}x/`,
    }));
    const started = performance.now();
    const response = await post(items, '198.51.100.1');
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toHaveLength(MAX_CLASSIFY_BATCH);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('gives each client a budget of items, then 429 problem+json with Retry-After', async () => {
    const client = '198.51.100.2';
    const full = CLASSIFY_ITEMS_BURST / MAX_CLASSIFY_BATCH;
    for (let i = 0; i < full; i += 1)
      expect((await post(batch(MAX_CLASSIFY_BATCH), client)).statusCode).toBe(200);

    const refused = await post(batch(MAX_CLASSIFY_BATCH), client);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(MAX_CLASSIFY_BATCH / CLASSIFY_ITEMS_PER_SECOND) + 1);
  });

  it('does not hold one client against another', async () => {
    const response = await post(batch(MAX_CLASSIFY_BATCH), '198.51.100.3');
    expect(response.statusCode).toBe(200);
  });

  it('gives the budget back over time', async () => {
    const client = '198.51.100.4';
    while ((await post(batch(MAX_CLASSIFY_BATCH), client)).statusCode === 200);
    expect((await post(batch(CLASSIFY_ITEMS_PER_SECOND), client)).statusCode).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await post(batch(CLASSIFY_ITEMS_PER_SECOND), client)).statusCode).toBe(200);
  });
});
