import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp, privateLogSerializers } from '../../src/http/app.js';
import { clientAddress } from '../../src/http/hot-client-address.js';
import { loadTrackerScript } from '../../src/http/routes/tracker-script.js';
import { createServices, type Services } from '../../src/services.js';
import { AGENTS } from '../helpers/agents.js';
import { testConfig } from '../helpers/test-config.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over a real socket, every header as sent (no client-side decoding). */
function send(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const { date: _date, ...headers } = res.headers;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

async function listen(app: App): Promise<string> {
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;
}

const SITE = 'news.example.org';
const ORIGIN = `https://${SITE}`;

describe('hot routes: the same answers before Fastify as through it, over real sockets', () => {
  let services: Services;
  let hot: App;
  let plain: App;
  let hotUrl: string;
  let plainUrl: string;
  const hotLog: Record<string, unknown>[] = [];
  const plainLog: Record<string, unknown>[] = [];
  const logger = (lines: Record<string, unknown>[]) => ({
    level: 'info',
    serializers: privateLogSerializers,
    stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  const slugs: Record<string, string> = {};

  beforeAll(async () => {
    services = await createServices(
      testConfig({
        PENUMBRA_BASE_URL: 'https://go.example.test',
        PENUMBRA_EVENT_RATE: '10000',
        PENUMBRA_EVENT_BURST: '10000',
      }),
      { warmCache: true },
    );
    const site = await services.sites.create({ domain: SITE, respectDnt: true });
    await services.sites.create({ domain: 'strict.example.org', privacyMode: 'strict' });
    const kit = await services.links.create({
      url: `${ORIGIN}/2024/housing?ref=home`,
      site: site.id,
      title: 'Housing plan',
      channels: ['whatsapp'],
      utm: { utm_campaign: 'housing' },
    });
    slugs.main = kit.slug;
    slugs.whatsapp = kit.variants[0]?.slug ?? '';
    const gone = await services.links.create({ url: `${ORIGIN}/old`, site: site.id });
    await services.links.update(gone.id, { disabled: true });
    slugs.gone = gone.slug;
    hot = buildApp({ services, logger: logger(hotLog) });
    plain = buildApp({ services, logger: logger(plainLog), hotRoutes: false });
    hotUrl = await listen(hot);
    plainUrl = await listen(plain);
  });
  afterAll(async () => {
    await hot.fastify.close();
    await plain.fastify.close();
    await services.close();
  });

  const event = (payload: unknown, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: ORIGIN,
      'user-agent': AGENTS.safariIphone,
      ...headers,
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const cases: [string, string, Parameters<typeof send>[2]][] = [
    ['a person is redirected', '/{main}', { headers: { 'user-agent': AGENTS.safariIphone } }],
    ['a channel variant', '/{whatsapp}', { headers: { 'user-agent': AGENTS.chromeDesktop } }],
    ['a QR visit', '/{main}?qr', { headers: { 'user-agent': AGENTS.chromeDesktop } }],
    [
      'a preview fetcher gets the HTML page',
      '/{whatsapp}',
      { headers: { 'user-agent': AGENTS.whatsappPreview } },
    ],
    ['a bot', '/{main}', { headers: { 'user-agent': AGENTS.googlebot } }],
    [
      'DNT on a site that honours it',
      '/{main}',
      { headers: { 'user-agent': AGENTS.safariIphone, dnt: '1' } },
    ],
    ['a disabled link is 410', '/{gone}', { headers: { 'accept-language': 'fr-FR' } }],
    ['an unknown slug is 404', '/no-such-slug', {}],
    ['HEAD stays with Fastify', '/{main}', { method: 'HEAD' }],
    ['a static route is not a slug', '/healthz', {}],
    ['a slug over 100 characters', `/${'s'.repeat(101)}`, {}],
    ['a page view', '/api/event', event({ s: SITE, t: 'pageview', u: `${ORIGIN}/a`, r: 'https://t.co/' })],
    [
      'a page view, plain text/plain',
      '/api/event',
      event({ s: SITE, t: 'pageview', u: `${ORIGIN}/b` }, { 'content-type': 'text/plain' }),
    ],
    [
      'an outbound click is 202',
      '/api/event',
      event({ s: SITE, t: 'outbound', u: `${ORIGIN}/a`, n: 'example.com' }),
    ],
    [
      'a bot event is 204',
      '/api/event',
      event({ s: SITE, t: 'pageview', u: `${ORIGIN}/a` }, { 'user-agent': AGENTS.googlebot }),
    ],
    [
      'DNT event is 204',
      '/api/event',
      event({ s: SITE, t: 'pageview', u: `${ORIGIN}/a` }, { 'sec-gpc': '1' }),
    ],
    [
      'a strict site gets no token',
      '/api/event',
      event(
        { s: 'strict.example.org', t: 'pageview', u: 'https://strict.example.org/' },
        { origin: 'https://strict.example.org' },
      ),
    ],
    ['bad JSON is 400', '/api/event', event('{nope')],
    ['an empty body is 400', '/api/event', event('')],
    ['a bad payload is 400', '/api/event', event({ s: SITE, t: 'nonsense' })],
    [
      'an unknown site is 404',
      '/api/event',
      event({ s: 'nowhere.example', t: 'pageview', u: 'https://nowhere.example/' }),
    ],
    [
      'a foreign origin is 403',
      '/api/event',
      event({ s: SITE, t: 'pageview', u: `${ORIGIN}/a` }, { origin: 'https://evil.example' }),
    ],
    ['a body over the limit is 413', '/api/event', event('x'.repeat(9000))],
    [
      'JSON media type stays with Fastify',
      '/api/event',
      event({ s: SITE }, { 'content-type': 'application/json' }),
    ],
    ['an unsupported media type', '/api/event', event('{}', { 'content-type': 'application/xml' })],
  ];

  /** Cases the hot routes leave to Fastify on purpose. */
  const framework = new Set([
    'HEAD stays with Fastify',
    'a static route is not a slug',
    'a slug over 100 characters',
    'a body over the limit is 413',
    'JSON media type stays with Fastify',
    'an unsupported media type',
  ]);

  it.each(cases)('%s', async (name, template, init) => {
    hotLog.length = 0;
    const path = template.replace(/\{(\w+)\}/, (_match, key: string) => slugs[key] ?? '');
    const [fast, viaFastify] = [await send(hotUrl, path, init), await send(plainUrl, path, init)];
    expect(fast).toEqual(viaFastify);
    // Fastify's router refusals (frameworkErrors) included: app.ts gives them the headers too.
    expect(fast.headers['x-content-type-options']).toBe('nosniff');
    // Which path answered: the hot front logs with request ids of its own.
    const incoming = hotLog.find((line) => line.msg === 'incoming request');
    const answeredBy = String(incoming?.reqId).startsWith('req-h') ? 'hot' : 'fastify';
    expect(answeredBy).toBe(framework.has(name) ? 'fastify' : 'hot');
  });

  it.skipIf(!loadTrackerScript())('serves /p.js and its 304 alike', async () => {
    const first = [await send(hotUrl, '/p.js'), await send(plainUrl, '/p.js')];
    expect(first[0]).toEqual(first[1]);
    expect(first[0]?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const etag = String(first[0]?.headers.etag);
    const again = { headers: { 'if-none-match': etag } };
    const second = [await send(hotUrl, '/p.js?v=2', again), await send(plainUrl, '/p.js?v=2', again)];
    expect(second[0]).toEqual(second[1]);
    expect(second[0]?.status).toBe(304);
  });

  it('logs hot requests like Fastify does: method, path and status only', async () => {
    hotLog.length = 0;
    plainLog.length = 0;
    const secretQuery = `/${slugs.main}?utm_source=private`;
    const headers = { 'user-agent': AGENTS.safariIphone, 'x-forwarded-for': '203.0.113.9' };
    await send(hotUrl, secretQuery, { headers });
    await send(plainUrl, secretQuery, { headers });
    const shape = (lines: Record<string, unknown>[]) =>
      lines.map(({ msg, req, res, level }) => ({ msg, req, res, level }));
    expect(shape(hotLog)).toEqual(shape(plainLog));
    expect(shape(hotLog)).toEqual([
      { msg: 'incoming request', req: { method: 'GET', path: `/${slugs.main}` }, res: undefined, level: 30 },
      { msg: 'request completed', req: undefined, res: { statusCode: 302 }, level: 30 },
    ]);
    // Answered before Fastify: its request ids are the hot front's own.
    expect(String(hotLog[0]?.reqId)).toMatch(/^req-h/);
    expect(JSON.stringify(hotLog)).not.toMatch(/203\.0\.113\.9|iPhone|private/);
  });

  it('stores the same events whichever path answered', async () => {
    await services.sink.flush();
    const before = await services.store.countEvents();
    await send(hotUrl, `/${slugs.main}`, { headers: { 'user-agent': AGENTS.chromeDesktop } });
    await send(hotUrl, '/api/event', event({ s: SITE, t: 'pageview', u: `${ORIGIN}/c` }));
    await services.sink.flush();
    expect(await services.store.countEvents()).toBe(before + 2);
  });
});

describe('clientAddress: the address Fastify would give for each trustProxy setting', () => {
  const settings: (boolean | number)[] = [false, true, 0, 1, 2, 5];
  const forwarded = [
    undefined,
    '',
    '198.51.100.7',
    ' 198.51.100.7 ',
    '198.51.100.7, 203.0.113.2',
    '198.51.100.7,203.0.113.2 ,  192.0.2.1',
    ', ,198.51.100.7,',
    '2001:db8::1, 198.51.100.7',
  ];
  it.each(settings)('trustProxy %s', async (setting) => {
    const fastify = Fastify({
      trustProxy: typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting,
    });
    fastify.get('/', async (request) => ({ ip: request.ip, ours: clientAddress(request.raw, setting) }));
    for (const header of forwarded) {
      const response = await fastify.inject({
        url: '/',
        remoteAddress: '10.0.0.1',
        headers: header === undefined ? {} : { 'x-forwarded-for': header },
      });
      const { ip, ours } = response.json();
      expect(ours, `x-forwarded-for: ${header}`).toBe(ip);
    }
    await fastify.close();
  });
});
