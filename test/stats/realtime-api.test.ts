import { type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { authenticate } from '../../src/http/auth.js';
import { renderError } from '../../src/http/render-error.js';
import { type RealtimeStreams, registerRealtimeRoutes } from '../../src/http/routes/stats-realtime.js';
import { SHARED_SCHEMAS } from '../../src/http/schemas.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { createServices, type Services } from '../../src/services.js';
import type { RealtimeSnapshot } from '../../src/stats/realtime-service.js';
import type { NewEvent } from '../../src/store/store.js';
import { testConfig } from '../helpers/test-config.js';

const SITE = 'news.example.org';
const MINUTE = 60_000;

/** One Server-Sent Events message: its fields, and the comment lines that came with it. */
interface SseMessage {
  event?: string;
  data?: string;
  retry?: number;
  comments: string[];
}

function parseBlock(block: string): SseMessage {
  const message: SseMessage = { comments: [] };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) message.event = line.slice(7);
    else if (line.startsWith('data: ')) message.data = line.slice(6);
    else if (line.startsWith('retry: ')) message.retry = Number(line.slice(7));
  }
  return message;
}

/** A minimal EventSource over node:http that can send an Authorization header and be cut off. */
class SseClient {
  private buffer = '';
  private readonly messages: SseMessage[] = [];
  private waiters: (() => void)[] = [];
  /** Resolves when the server ends the stream (or the socket closes). */
  readonly ended: Promise<void>;
  private endedResolve!: () => void;

  private constructor(
    readonly request: ClientRequest,
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
  ) {
    this.ended = new Promise((resolve) => {
      this.endedResolve = resolve;
    });
  }

  static open(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<SseClient | { status: number; headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        url,
        { headers: { accept: 'text/event-stream', ...headers } },
        (response) => {
          response.setEncoding('utf8');
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            let body = '';
            response.on('data', (chunk: string) => {
              body += chunk;
            });
            response.on('end', () => resolve({ status, headers: response.headers, body }));
            return;
          }
          const client = new SseClient(request, status, response.headers);
          response.on('data', (chunk: string) => client.receive(chunk));
          response.on('close', () => client.endedResolve());
          response.on('error', () => client.endedResolve());
          resolve(client);
        },
      );
      request.on('error', reject);
      request.end();
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      this.messages.push(parseBlock(this.buffer.slice(0, end)));
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The next message that matches, waiting at most `timeoutMs`. */
  async next(match: (message: SseMessage) => boolean = () => true, timeoutMs = 3_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex(match);
      if (index !== -1) return this.messages.splice(index, 1)[0] as SseMessage;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching server-sent event in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async snapshot(timeoutMs?: number): Promise<RealtimeSnapshot> {
    const message = await this.next((item) => item.event === 'snapshot', timeoutMs);
    return JSON.parse(message.data ?? '') as RealtimeSnapshot;
  }

  /** The client goes away (a closed dashboard tab). */
  disconnect(): void {
    this.request.destroy();
  }
}

async function openStream(url: string, headers: Record<string, string>): Promise<SseClient> {
  const opened = await SseClient.open(url, headers);
  if (!(opened instanceof SseClient)) throw new Error(`stream not opened: ${opened.status} ${opened.body}`);
  return opened;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

function pageview(siteId: string, fields: Partial<NewEvent> & Pick<NewEvent, 'occurredAt'>): NewEvent {
  return {
    siteId,
    linkId: null,
    type: 'pageview',
    kind: 'human',
    channel: 'direct',
    medium: 'none',
    source: 'direct',
    evidence: 'none',
    confidence: 'certain',
    path: '/',
    visitorHash: null,
    ...fields,
  };
}

/** Five page views by four visitors in the window, one older page view, a click and another site's view. */
async function seedEvents(services: Services): Promise<void> {
  const site = await services.sites.create({ domain: SITE });
  const other = await services.sites.create({ domain: 'other.example.org' });
  const now = Date.now();
  const alice = 'a'.repeat(32);
  const dora = 'd'.repeat(32);
  const bob = 'b'.repeat(32);
  const whatsapp = { channel: 'dark-social', medium: 'messaging', source: 'whatsapp' };
  await services.store.insertEvents([
    pageview(site.id, { ...whatsapp, path: '/story', visitorHash: alice, occurredAt: now - 1 * MINUTE }),
    pageview(site.id, {
      ...whatsapp,
      path: '/politics/vote',
      visitorHash: alice,
      occurredAt: now - 2 * MINUTE,
    }),
    pageview(site.id, {
      channel: 'dark-social',
      medium: 'messaging',
      source: 'telegram',
      path: '/story',
      visitorHash: dora,
      occurredAt: now - 5 * MINUTE,
    }),
    pageview(site.id, {
      channel: 'search',
      medium: 'organic',
      source: 'google',
      path: '/story',
      visitorHash: bob,
      occurredAt: now - 10 * MINUTE,
    }),
    // No visitor hash (an imported log line): counts as one visitor.
    pageview(site.id, { path: '/', occurredAt: now - 29 * MINUTE }),
    // Older than 30 minutes: not counted.
    pageview(site.id, {
      channel: 'social',
      medium: 'social',
      source: 'facebook',
      path: '/story',
      visitorHash: 'c'.repeat(32),
      occurredAt: now - 31 * MINUTE,
    }),
    { ...pageview(site.id, { ...whatsapp, visitorHash: 'e'.repeat(32), occurredAt: now }), type: 'click' },
    pageview(other.id, { visitorHash: 'f'.repeat(32), occurredAt: now }),
  ]);
}

describe('GET /api/stats/realtime through the real server (socket, default 5 s interval)', () => {
  let server: RunningServer;
  let auth: Record<string, string>;
  const streamUrl = (site = SITE) => `${server.url}/api/stats/realtime?site=${encodeURIComponent(site)}`;

  beforeAll(async () => {
    server = await startServer(testConfig(), { logger: false });
    const { secret } = await createApiToken(server.services.store, 'test');
    auth = { authorization: `Bearer ${secret}` };
    await seedEvents(server.services);
  });
  afterAll(() => server.close());

  it('streams a snapshot at once: visitors of the last 30 minutes by channel, source and page', async () => {
    const started = Date.now();
    const client = await openStream(streamUrl(), auth);
    expect(client.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.headers['cache-control']).toBe('no-store');
    expect(client.headers['x-accel-buffering']).toBe('no');
    expect(client.headers['x-content-type-options']).toBe('nosniff');
    const opening = await client.next();
    expect(opening.retry).toBe(5_000);
    const snapshot = await client.snapshot(1_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    client.disconnect();

    expect(Date.now() - Date.parse(snapshot.at)).toBeLessThan(10_000);
    expect(snapshot).toEqual({
      at: snapshot.at,
      windowMinutes: 30,
      visitors: 4,
      pageviews: 5,
      byChannel: [
        { channel: 'dark-social', visitors: 2 },
        { channel: 'direct', visitors: 1 },
        { channel: 'search', visitors: 1 },
      ],
      bySource: [
        { source: 'direct', channel: 'direct', visitors: 1 },
        { source: 'google', channel: 'search', visitors: 1 },
        { source: 'telegram', channel: 'dark-social', visitors: 1 },
        { source: 'whatsapp', channel: 'dark-social', visitors: 1 },
      ],
      byPage: [
        { page: '/story', visitors: 3 },
        { page: '/', visitors: 1 },
        { page: '/politics/vote', visitors: 1 },
      ],
    });
  });

  it('finds the site by id as well as by domain', async () => {
    const site = await server.services.sites.find(SITE);
    const client = await openStream(streamUrl(site?.id), auth);
    expect((await client.snapshot()).visitors).toBe(4);
    client.disconnect();
  });

  it('refuses a request without a valid token with 401', async () => {
    for (const headers of [{}, { authorization: 'Bearer pn_not-a-token' }]) {
      const response = await fetch(streamUrl(), { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await response.json()) as { code: string }).code).toBe('unauthorized');
    }
  });

  it('answers an unknown site with a 404 site_not_found problem', async () => {
    const response = await fetch(streamUrl('nowhere.example.org'), { headers: auth });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toEqual({
      type: 'urn:penumbra:problem:site_not_found',
      title: 'There is no such site',
      status: 404,
      code: 'site_not_found',
      detail: 'There is no site "nowhere.example.org".',
    });
  });

  it('answers a missing site parameter with a 400 invalid_query problem', async () => {
    const response = await fetch(`${server.url}/api/stats/realtime`, { headers: auth });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('invalid_query');
  });

  it('is in the OpenAPI document', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(document.paths['/api/stats/realtime']).toBeDefined();
  });
});

describe('closing the server with a realtime stream open', () => {
  it('ends the stream and closes promptly (a stream would otherwise keep server.close waiting)', async () => {
    const server = await startServer(testConfig(), { logger: false });
    const { secret } = await createApiToken(server.services.store, 'test');
    await server.services.sites.create({ domain: SITE });
    const client = await openStream(`${server.url}/api/stats/realtime?site=${SITE}`, {
      authorization: `Bearer ${secret}`,
    });
    expect((await client.snapshot()).visitors).toBe(0);
    const started = Date.now();
    const hung = new Promise((_, reject) => setTimeout(() => reject(new Error('close hung')), 3_000).unref());
    await Promise.race([server.close(), hung]);
    expect(Date.now() - started).toBeLessThan(1_500);
    await client.ended;
  });
});

describe('a realtime stream with a short interval', () => {
  let services: Services;
  let fastify: FastifyInstance;
  let streams: RealtimeStreams;
  let url: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    services = await createServices(testConfig(), { warmCache: false });
    await seedEvents(services);
    const { secret } = await createApiToken(services.store, 'test');
    auth = { authorization: `Bearer ${secret}` };
    // The API's own wiring (app.ts registerApi), with intervals short enough for a test.
    fastify = Fastify({ logger: false });
    for (const schema of SHARED_SCHEMAS) fastify.addSchema(schema);
    fastify.setErrorHandler((error, request, reply) => renderError(error, request, reply));
    await fastify.register(async (api) => {
      api.addHook('onRequest', authenticate(services));
      streams = registerRealtimeRoutes(api, services, { intervalMs: 100, heartbeatMs: 60, retryMs: 2_000 });
    });
    const address = await fastify.listen({ host: '127.0.0.1', port: 0 });
    url = `${address}/api/stats/realtime?site=${SITE}`;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await fastify.close();
    await services.close();
  });

  it('sends the next snapshot after the interval, with heartbeat comments between', async () => {
    const client = await openStream(url, auth);
    expect((await client.next()).retry).toBe(2_000);
    const first = await client.snapshot();
    const firstAt = Date.now();
    const second = await client.snapshot(2_000);
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(80);
    expect(second.visitors).toBe(first.visitors);
    const heartbeat = await client.next((message) => message.comments.includes('heartbeat'));
    expect(heartbeat.event).toBeUndefined();
    client.disconnect();
    await until(() => streams.open === 0);
  });

  it('shows a page view stored after the stream opened in a later snapshot', async () => {
    const client = await openStream(url, auth);
    const before = await client.snapshot();
    const site = await services.sites.find(SITE);
    await services.store.insertEvents([
      pageview(site?.id ?? '', { path: '/breaking', visitorHash: '9'.repeat(32), occurredAt: Date.now() }),
    ]);
    let after = await client.snapshot();
    // Snapshots are memoised for 1 s per site: a few ticks may repeat the old one.
    while (after.visitors === before.visitors) after = await client.snapshot(2_000);
    expect(after.visitors).toBe(before.visitors + 1);
    expect(after.byPage).toContainEqual({ page: '/breaking', visitors: 1 });
    client.disconnect();
    await until(() => streams.open === 0);
  });

  it('stops its timers when the client disconnects: no more snapshots are taken', async () => {
    const spy = vi.spyOn(services.realtime, 'snapshot');
    const client = await openStream(url, auth);
    await client.snapshot();
    await client.snapshot();
    expect(streams.open).toBe(1);
    const callsWhileOpen = spy.mock.calls.length;
    expect(callsWhileOpen).toBeGreaterThanOrEqual(2);
    client.disconnect();
    await until(() => streams.open === 0);
    // A tick already under way may finish; after it, nothing.
    await sleep(150);
    const callsAfterClose = spy.mock.calls.length;
    await sleep(400);
    expect(spy.mock.calls.length).toBe(callsAfterClose);
    expect(callsAfterClose - callsWhileOpen).toBeLessThanOrEqual(1);
    spy.mockRestore();
  });

  it('serves many streams of one site from one store read per second', async () => {
    const spy = vi.spyOn(services.store, 'listEvents');
    const clients = await Promise.all(Array.from({ length: 5 }, () => openStream(url, auth)));
    await Promise.all(clients.map((client) => client.snapshot()));
    await Promise.all(clients.map((client) => client.snapshot()));
    // 5 streams × 2 snapshots in well under 2 s: at most 2 reads (one per memo second), not 10.
    expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
    for (const client of clients) client.disconnect();
    await until(() => streams.open === 0);
    spy.mockRestore();
  });
});
