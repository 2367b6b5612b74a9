import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShareToken } from '../../src/events/share-token.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'news.example.org';
const ORIGIN = `https://${SITE}`;
const ARTICLE = `${ORIGIN}/world/2024/10/15/typhoon-landfall`;

describe('POST /api/event (in-process)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    await t.services.sites.create({ domain: SITE, landingPaths: ['/', '/world/'] });
    await t.services.sites.create({ domain: 'strict.example.org', privacyMode: 'strict' });
    await t.services.sites.create({ domain: 'private.example.org', respectDnt: true });
    await t.services.sites.create({ domain: 'cascade.example.org', privacyMode: 'consented' });
    await t.services.sites.create({ domain: 'params.example.org', queryParams: ['page', 'Ref'] });
    await t.services.sites.create({
      domain: 'strict-params.example.org',
      privacyMode: 'strict',
      queryParams: ['page'],
    });
  });
  afterAll(() => t.close());

  const send = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.fastify.inject({
      method: 'POST',
      url: '/api/event',
      headers: {
        'content-type': 'text/plain',
        origin: ORIGIN,
        'user-agent': AGENTS.safariIphone,
        ...headers,
      },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const latest = async (site = SITE) => {
    await t.services.sink.flush();
    const found = await t.services.sites.find(site);
    const [event] = await t.services.store.listEvents({ siteId: found?.id ?? '', limit: 1 });
    return event;
  };

  it('records a page view with its channel and answers a generation-0 token with CORS for the page', async () => {
    const response = await send({ s: SITE, t: 'pageview', u: ARTICLE, r: 'https://web.whatsapp.com/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    const token = parseShareToken(response.json().k);
    expect(token).toMatchObject({ kind: 'page', generation: 0, origin: 'whatsapp' });
    const event = await latest();
    expect(event).toMatchObject({
      type: 'pageview',
      kind: 'human',
      channel: 'dark-social',
      source: 'whatsapp',
      path: '/world/2024/10/15/typhoon-landfall',
      generation: 0,
      originChannel: 'whatsapp',
      device: 'mobile',
    });
    expect(event?.visitorHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('follows a share token: copy-paste at generation n + 1, origin carried', async () => {
    const first = await send({ s: SITE, t: 'pageview', u: ARTICLE, k: 'a.0.whatsapp.20261129' });
    expect(parseShareToken(first.json().k)).toMatchObject({ generation: 1, origin: 'whatsapp' });
    expect(await latest()).toMatchObject({
      channel: 'dark-social',
      medium: 'copy-paste',
      evidence: 'share-token',
      generation: 1,
    });
    const button = await send({ s: SITE, t: 'pageview', u: ARTICLE, k: 'b.1.telegram.whatsapp.20261129' });
    expect(parseShareToken(button.json().k)).toMatchObject({ generation: 2, origin: 'whatsapp' });
    expect(await latest()).toMatchObject({
      source: 'telegram',
      medium: 'messaging',
      evidence: 'share-token',
      generation: 2,
    });
    await send({ s: SITE, t: 'pageview', u: ARTICLE, k: 'not-a-token' });
    expect(await latest()).toMatchObject({ generation: 0, evidence: 'deep-link' });
  });

  it("applies the site's landing paths, scrubs the URL and keeps campaign parameters", async () => {
    await send({
      s: SITE,
      t: 'pageview',
      u: `${ORIGIN}/world/?utm_source=newsletter&utm_medium=email&email=a@b.org&session=xyz`,
    });
    expect(await latest()).toMatchObject({
      path: '/world/?utm_medium=email&utm_source=newsletter',
      source: 'email',
    });
    await send({ s: SITE, t: 'pageview', u: `${ORIGIN}/world/` });
    expect(await latest()).toMatchObject({ channel: 'direct' });
  });

  it("keeps the site's own query parameters, and only those, with values that do not look personal", async () => {
    const params = { origin: 'https://params.example.org' };
    const view = (query: string) =>
      send({ s: 'params.example.org', t: 'pageview', u: `https://params.example.org/list?${query}` }, params);
    expect((await view('page=2&sort=price&ref=home&utm_source=nl')).statusCode).toBe(200);
    expect(await latest('params.example.org')).toMatchObject({
      path: '/list?page=2&ref=home&utm_source=nl',
    });
    // Listed, but the value is an e-mail address (raw or encoded twice): dropped, the rest kept.
    await view('ref=someone%40example.com&page=3');
    expect(await latest('params.example.org')).toMatchObject({ path: '/list?page=3' });
    await view('ref=someone%2540example.com');
    expect(await latest('params.example.org')).toMatchObject({ path: '/list' });
    // Strict mode keeps the site's own parameters, never campaign parameters or click ids.
    await send(
      {
        s: 'strict-params.example.org',
        t: 'pageview',
        u: 'https://strict-params.example.org/a?page=2&utm_source=nl&gclid=g',
      },
      { origin: 'https://strict-params.example.org' },
    );
    expect(await latest('strict-params.example.org')).toMatchObject({ path: '/a?page=2' });
  });

  it('records copy, share, outbound and custom events', async () => {
    expect((await send({ s: SITE, t: 'copy', u: ARTICLE, v: 2 })).statusCode).toBe(202);
    expect(await latest()).toMatchObject({ type: 'copy', value: 2, medium: 'copy-paste' });
    expect((await send({ s: SITE, t: 'share', u: ARTICLE, n: 'whatsapp' })).statusCode).toBe(202);
    expect(await latest()).toMatchObject({
      type: 'share',
      name: 'whatsapp',
      source: 'whatsapp',
      channel: 'dark-social',
    });
    await send({ s: SITE, t: 'outbound', u: ARTICLE, n: 'example.com' });
    expect(await latest()).toMatchObject({ type: 'outbound', name: 'example.com' });
    await send({ s: SITE, t: 'event', u: ARTICLE, n: 'signup', p: { plan: 'pro', seats: 3 } });
    expect(await latest()).toMatchObject({
      type: 'event',
      name: 'signup',
      props: '{"plan":"pro","seats":3}',
    });
  });

  it('honours DNT and GPC where the site asks, drops bots, and keeps strict sites to host-only referrers', async () => {
    const dnt = await send(
      { s: 'private.example.org', t: 'pageview', u: 'https://private.example.org/a' },
      {
        origin: 'https://private.example.org',
        dnt: '1',
      },
    );
    expect(dnt.statusCode).toBe(204);
    const gpc = await send(
      { s: 'private.example.org', t: 'pageview', u: 'https://private.example.org/a' },
      {
        origin: 'https://private.example.org',
        'sec-gpc': '1',
      },
    );
    expect(gpc.statusCode).toBe(204);
    expect(await latest('private.example.org')).toBeUndefined();
    expect(
      (await send({ s: SITE, t: 'pageview', u: ARTICLE }, { 'user-agent': AGENTS.googlebot })).statusCode,
    ).toBe(204);
    const strict = await send(
      {
        s: 'strict.example.org',
        t: 'pageview',
        u: 'https://strict.example.org/a?utm_source=whatsapp',
        r: 'https://t.co/abc?x=1',
      },
      { origin: 'https://strict.example.org' },
    );
    expect(strict.statusCode).toBe(200);
    expect(await latest('strict.example.org')).toMatchObject({ path: '/a', source: 'x' });
  });

  it('gives consented visitors per-view tokens that link parent and child', async () => {
    const origin = { origin: 'https://cascade.example.org' };
    const parent = await send(
      { s: 'cascade.example.org', t: 'pageview', u: 'https://cascade.example.org/a', c: 1 },
      origin,
    );
    const parentToken = parseShareToken(parent.json().k);
    expect(parentToken).toMatchObject({ kind: 'view', generation: 0 });
    const child = await send(
      {
        s: 'cascade.example.org',
        t: 'pageview',
        u: 'https://cascade.example.org/a',
        c: 1,
        k: parent.json().k,
      },
      origin,
    );
    const childEvent = await latest('cascade.example.org');
    expect(childEvent).toMatchObject({
      generation: 1,
      parentShareId: parentToken?.kind === 'view' ? parentToken.id : '',
    });
    expect(parseShareToken(child.json().k)).toMatchObject({
      kind: 'view',
      generation: 1,
      id: childEvent?.shareId,
    });
    const anonymous = await send(
      { s: 'cascade.example.org', t: 'pageview', u: 'https://cascade.example.org/a' },
      origin,
    );
    expect(parseShareToken(anonymous.json().k)).toMatchObject({ kind: 'page' });
  });

  it('rejects bad bodies, unknown sites, foreign origins, big bodies, and floods', async () => {
    expect((await send('{oops')).json().code).toBe('invalid_json');
    expect((await send({ s: SITE, t: 'pageview' })).json().code).toBe('invalid_body');
    expect((await send({ s: SITE, t: 'event', u: ARTICLE })).json().code).toBe('invalid_body');
    expect((await send({ s: SITE, t: 'pageview', u: ARTICLE, extra: 1 })).statusCode).toBe(400);
    const unknown = await send({ s: 'unknown.example', t: 'pageview', u: 'https://unknown.example/' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('site_unknown');
    const foreign = await send({ s: SITE, t: 'pageview', u: ARTICLE }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('origin_forbidden');
    const www = await send({ s: SITE, t: 'pageview', u: ARTICLE }, { origin: `https://www.${SITE}` });
    expect(www.statusCode).toBe(200);
    const big = await send({ s: SITE, t: 'event', u: ARTICLE, n: 'x', p: { a: 'y'.repeat(9000) } });
    expect(big.statusCode).toBe(413);
    const preflight = await t.app.fastify.inject({
      method: 'OPTIONS',
      url: '/api/event',
      headers: { origin: ORIGIN },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ORIGIN);
  });
});

describe('rate limiting per client', () => {
  it('answers 429 with problem details once a client exceeds its burst', async () => {
    const t = await startTestApp({ PENUMBRA_EVENT_RATE: '1', PENUMBRA_EVENT_BURST: '5' });
    await t.services.sites.create({ domain: SITE });
    const statuses: number[] = [];
    const retryAfters: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await t.app.fastify.inject({
        method: 'POST',
        url: '/api/event',
        headers: { 'content-type': 'text/plain', origin: ORIGIN, 'user-agent': AGENTS.chromeDesktop },
        payload: JSON.stringify({ s: SITE, t: 'pageview', u: ARTICLE }),
      });
      statuses.push(response.statusCode);
      retryAfters.push(response.headers['retry-after'] as string | undefined);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // RFC 9110 §10.2.3: at one event a second, the next token is at most a second away.
    expect(retryAfters.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(retryAfters.slice(5)).toEqual(['1', '1', '1']);
    await t.close();
  });
});
