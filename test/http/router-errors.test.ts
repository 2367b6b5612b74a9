import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Refusals made by Fastify's router before any route runs (found by test/fuzz). */
describe("the router's own refusals are problem details", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = (url: string) =>
    t.app.fastify.inject({ method: 'GET', url, headers: { authorization: t.auth } });

  it('a path parameter over 100 characters is a 404 not_found, not a bare 414', async () => {
    for (const url of [
      `/api/links/${'x'.repeat(101)}`,
      `/api/public/${'t'.repeat(300)}`,
      `/${'s'.repeat(150)}`,
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'not_found', type: 'urn:penumbra:problem:not_found' });
      // frameworkErrors skip the onSend hooks: the security headers must be there all the same.
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('a malformed %-escape in a path parameter is a 400 invalid_input', async () => {
    const response = await get('/api/links/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'invalid_input', status: 400 });
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });
});
