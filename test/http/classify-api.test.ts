import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';

describe('POST /api/classify (in-process)', () => {
  let testApp: TestApp;
  let app: App;
  beforeAll(async () => {
    testApp = await startTestApp();
    app = testApp.app;
  });
  afterAll(() => testApp.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.fastify.inject({
      method: 'POST',
      url: '/api/classify',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('classifies one request', async () => {
    const response = await post({
      url: 'https://news.example.org/a/b',
      referrer: 'https://web.whatsapp.com/',
      userAgent: CHROME,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'human',
      channel: 'dark-social',
      medium: 'messaging',
      source: 'whatsapp',
      evidence: 'referrer',
      confidence: 'certain',
    });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('classifies a batch in order, accepting null referrers and extra fields', async () => {
    const response = await post([
      { url: 'https://news.example.org/', referrer: null, userAgent: CHROME, label: 'x' },
      { url: 'https://news.example.org/a', userAgent: 'TelegramBot (like TwitterBot)' },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json().map((item: { source: string }) => item.source)).toEqual(['direct', 'telegram']);
  });

  it('rejects more than 1,000 items with too_many_items', async () => {
    const items = Array.from({ length: 1_001 }, () => ({ url: 'https://news.example.org/' }));
    const response = await post(items);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'too_many_items', status: 400 });
  });

  it('names the bad item of a batch with a JSON pointer', async () => {
    const response = await post([{ url: 'https://news.example.org/' }, { url: 7 }]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid_body',
      pointer: '/1',
      type: 'urn:penumbra:problem:invalid_body',
    });
    expect(response.json().detail).toContain('/1');
  });

  it('answers bad JSON, a wrong media type, a huge body and unknown routes with problem details', async () => {
    const badJson = await post('{"url": ');
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().code).toBe('invalid_json');
    const wrongType = await post('url=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().code).toBe('unsupported_media_type');
    const huge = await post({ url: 'https://news.example.org/', userAgent: 'x'.repeat(5 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('body_too_large');
    const missing = await app.fastify.inject({ method: 'GET', url: '/api/nothing?secret=1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found' });
    expect(missing.body).not.toContain('secret');
    for (const response of [badJson, wrongType, huge, missing])
      expect(response.body).not.toMatch(/\bat \S+:\d+:\d+/);
  });

  it('answers /healthz', async () => {
    const response = await app.fastify.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ok',
      events: {
        pending: 0,
        spooled: 0,
        dropped: 0,
        storeFailingSince: null,
        lastErrorCode: null,
        lastWriteAt: null,
      },
    });
  });
});
