import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../src/import-log/parse-json-line.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../../src/json-depth.js';
import { type AccountApp, startAccountApp } from '../accounts/account-app.js';
import { type AnonymousApp, startAnonymousApp } from './anonymous-app.js';

/**
 * Issue 13, finding 10: a stats query nested 5,000 deep, sent with nothing but a public link's
 * token, answered 500 with a stack trace in the log. Every JSON body is now refused past 64
 * levels, before any validation or clone, with a 400 problem+json and a stable code.
 */
const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
};
const deepText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON nested too deeply', () => {
  let testApp: AnonymousApp;
  let token: string;
  beforeAll(async () => {
    testApp = await startAnonymousApp();
    const site = await testApp.services.sites.create({ domain: 'deep.example.org', timezone: 'UTC' });
    token = (await testApp.services.publicLinks.create(site.id)).token;
  });
  afterAll(() => testApp.close());

  const send = (url: string, payload: string, contentType = 'application/json') =>
    testApp.app.fastify.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

  const expectTooDeep = (response: Awaited<ReturnType<typeof send>>) => {
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'json_too_deep', status: 400 });
    expect(response.json().detail).toContain(String(MAX_JSON_DEPTH));
    expect(response.body).not.toMatch(/\bat \S+:\d+:\d+/);
  };

  it("refuses a 5,000-deep stats query sent with a public link's token", async () => {
    const query = `{"metrics":["visitors"],"range":"last_7_days","filters":${deepText(5_000)}}`;
    expectTooDeep(await send(`/api/public/${token}/stats/query`, query));
    expectTooDeep(await send(`/api/public/${token}/stats/query`, `{"filters":${deepText(100_000)}}`));
  });

  it('refuses it on the routes anyone may call', async () => {
    const body = deepText(5_000);
    expectTooDeep(await send('/api/classify', body));
    expectTooDeep(await send('/api/auth/login', `{"email":"a@b.c","password":${body}}`));
    // The snippet's text/plain body is parsed by its route, with the same limit.
    expectTooDeep(await send('/api/event', `{"n":"pageview","x":${deepText(3_000)}}`, 'text/plain'));
  });

  it(`accepts nesting up to ${MAX_JSON_DEPTH} levels, and brackets inside strings do not count`, async () => {
    const item = { url: 'https://deep.example.org/a', label: nested(MAX_JSON_DEPTH - 1) };
    expect((await send('/api/classify', JSON.stringify(item))).statusCode).toBe(200);
    const tooDeep = { url: 'https://deep.example.org/a', label: nested(MAX_JSON_DEPTH) };
    expectTooDeep(await send('/api/classify', JSON.stringify(tooDeep)));
    const brackets = { url: 'https://deep.example.org/a', userAgent: `"[{\\${'['.repeat(1_000)}` };
    expect((await send('/api/classify', JSON.stringify(brackets))).statusCode).toBe(200);
  });

  it('still refuses __proto__ keys and malformed JSON as before', async () => {
    const poisoned = await send('/api/classify', '{"url":"https://a.example/","__proto__":{"x":1}}');
    expect(poisoned.statusCode).toBe(400);
    const malformed = await send('/api/classify', '{"url": ');
    expect(malformed.json()).toMatchObject({ code: 'invalid_json' });
  });
});

describe('JSON nested too deeply, signed in', () => {
  let accounts: AccountApp;
  beforeAll(async () => {
    accounts = await startAccountApp();
  });
  afterAll(() => accounts.close());

  it('is refused on the management API, with a session or an API token', async () => {
    const owner = await accounts.setupOwner();
    const body = `{"site":"x.example","metrics":["visitors"],"filters":${deepText(5_000)}}`;
    const asBrowser = { cookie: owner.cookie, 'x-csrf-token': owner.csrfToken };
    const asToken = { authorization: accounts.t.auth };
    for (const [url, headers] of [
      ['/api/stats/query', asBrowser],
      ['/api/links', asBrowser],
      ['/api/sites', asToken],
      ['/api/stats/query', asToken],
    ] as const) {
      const response = await accounts.t.app.fastify.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: body,
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toMatchObject({ code: 'json_too_deep' });
    }
  });
});

describe('the depth scan', () => {
  it('counts brackets outside strings only, escapes included', () => {
    expect(jsonDepthExceeds('[[1]]', 2)).toBe(false);
    expect(jsonDepthExceeds('[[[1]]]', 2)).toBe(true);
    expect(jsonDepthExceeds('{"a":{"b":[]}}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":[{}]}}', 3)).toBe(true);
    expect(jsonDepthExceeds('["[[[[\\"[[[["]', 1)).toBe(false);
  });

  it('makes a deep JSON access-log line a malformed line, not a crash', () => {
    const result = parseJsonLine(
      `{"time":"2024-10-10T13:55:36Z","status":200,"request":${'['.repeat(200_000)}}`,
    );
    expect(result).toMatchObject({ code: 'malformed' });
  });
});
