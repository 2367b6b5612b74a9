import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdsNul } from '../../src/http/nul-text.js';
import { AGENTS } from '../helpers/agents.js';
import { ENGINES, type EngineEnv, engineEnv } from '../helpers/engines.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('holdsNul', () => {
  it('finds U+0000 in any string or key, however nested, and nothing else', () => {
    expect(holdsNul('a\u0000b')).toBe(true);
    expect(holdsNul({ a: [1, { b: ['x', 'y\u0000'] }] })).toBe(true);
    expect(holdsNul(Object.fromEntries([['k\u0000', 1]]))).toBe(true);
    expect(holdsNul({ a: ['\\u0000', '\u2400', 0, null, true], b: 'é🎉' })).toBe(false);
    expect(holdsNul(undefined)).toBe(false);
  });
});

/**
 * PostgreSQL cannot store U+0000 in text: these requests answered 500 there, or an accepted event
 * was dropped at write time (found by test/fuzz). Both stores now refuse them alike with a 400.
 */
describe.each(ENGINES)('text holding U+0000 is refused with 400 (%s)', (engine) => {
  let t: TestApp;
  let store: EngineEnv;
  let linkId = '';
  beforeAll(async () => {
    store = await engineEnv(engine, 'fuzz');
    t = await startTestApp(store.env);
    await t.services.sites.create({ domain: 'nul.example.org' });
    linkId = (await t.services.links.create({ url: 'https://nul.example.org/a' })).id;
  });
  afterAll(async () => {
    await t?.close();
    await store?.drop();
  });

  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: string, type = 'application/json') =>
    t.app.fastify.inject({
      method,
      url,
      headers: {
        authorization: t.auth,
        'content-type': type,
        origin: 'https://nul.example.org',
        'user-agent': AGENTS.safariIphone,
      },
      ...(payload === undefined ? {} : { payload }),
    });

  it.each([
    ['POST', '/api/links', '{"url":"https://nul.example.org/b","site":"\\u0000"}', 'invalid_body'],
    ['POST', '/api/links', '{"url":"https://nul.example.org/b","title":"a\\u0000"}', 'invalid_body'],
    ['PATCH', '/api/links/:id', '{"title":"\\u0000"}', 'invalid_body'],
    ['GET', '/api/links/%00', undefined, 'invalid_input'],
    ['GET', '/api/links?site=%00', undefined, 'invalid_query'],
  ] as const)('%s %s %s', async (method, path, body, code) => {
    const response = await send(method, path.replace(':id', linkId), body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe(code);
  });

  it('POST /api/event with U+0000 in the path or a property is refused, not accepted then dropped', async () => {
    for (const event of [
      { s: 'nul.example.org', t: 'pageview', u: 'https://nul.example.org/a\u0000' },
      { s: 'nul.example.org', t: 'event', u: 'https://nul.example.org/', n: 'signup', p: { plan: '\u0000' } },
    ]) {
      const response = await send('POST', '/api/event', JSON.stringify(event), 'text/plain');
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().code).toBe('invalid_body');
    }
    const fine = await send(
      'POST',
      '/api/event',
      JSON.stringify({ s: 'nul.example.org', t: 'pageview', u: 'https://nul.example.org/b' }),
      'text/plain',
    );
    expect(fine.statusCode).toBe(200);
    await t.services.sink.flush();
    expect(t.services.sink.health().dropped).toBe(0);
  });
});
