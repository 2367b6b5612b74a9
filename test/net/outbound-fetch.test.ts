import type { LookupAddress } from 'node:dns';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { OutboundError } from '../../src/net/outbound-error.js';
import { outboundDefaults, outboundFetch } from '../../src/net/outbound-fetch.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server on loopback; `seen` keeps each request's path and headers. */
async function listen(
  handler: Handler,
): Promise<{ server: Server; origin: string; port: number; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    handler(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, port, seen };
}

const routes: Record<string, Handler> = {
  '/page': (_q, s) => {
    s.setHeader('set-cookie', 'session=abc; Path=/');
    s.end('<title>hello</title>');
  },
  '/redirect-to-metadata': (_q, s) => {
    s.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  },
  '/redirect-to-private-name': (_q, s) => {
    s.writeHead(301, { location: '/page' }).end();
  },
  '/loop': (_q, s) => {
    s.writeHead(302, { location: '/loop' }).end();
  },
  '/big-chunked': (_q, s) => {
    s.writeHead(200, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < 5 * 1024 * 1024) {
        sent += chunk.length;
        if (!s.write(chunk)) return void s.once('drain', pump);
      }
      s.end();
    };
    s.on('error', () => {});
    pump();
  },
  '/big-declared': (_q, s) => {
    s.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
    s.write('x');
  },
  '/gzip-bomb': (_q, s) => {
    s.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
  },
  '/slow-headers': (_q, s) => {
    setTimeout(() => s.end('late'), 1500).unref();
  },
  '/trickle': (_q, s) => {
    s.writeHead(200);
    const timer = setInterval(() => s.write('.'), 50);
    s.on('close', () => clearInterval(timer));
  },
  '/see-other': (_q, s) => {
    s.writeHead(303, { location: '/page' }).end();
  },
};

let site: Awaited<ReturnType<typeof listen>>;
let other: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  site = await listen((request, response) => {
    const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
    if (route) route(request, response);
    else if (request.url === '/to-other') response.writeHead(302, { location: `${other.origin}/page` }).end();
    else response.writeHead(404).end();
  });
  other = await listen((_q, s) => s.end('other'));
});

afterAll(() => {
  site.server.closeAllConnections();
  other.server.closeAllConnections();
  site.server.close();
  other.server.close();
});

const loopback = { allowLoopback: true };

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(OutboundError);
  return caught as OutboundError;
}

describe('outboundFetch: what it may reach', () => {
  it.each(['file:///etc/passwd', 'ftp://example.org/', 'gopher://example.org/', 'data:text/html,hi'])(
    'refuses %s',
    async (url) => {
      expect((await failure(outboundFetch(url, loopback))).code).toBe('scheme_not_allowed');
    },
  );

  it('refuses loopback unless the installation allows it', async () => {
    expect((await failure(outboundFetch(`${site.origin}/page`))).code).toBe('host_not_public');
    expect((await failure(outboundFetch(`http://localhost:${site.port}/page`))).code).toBe('host_not_public');
    expect((await failure(outboundFetch(`http://[::1]:${site.port}/page`))).code).toBe('host_not_public');
    const allowed = await outboundFetch(`${site.origin}/page`, loopback);
    expect(allowed.status).toBe(200);
    expect(allowed.body.toString()).toBe('<title>hello</title>');
  });

  it('PENUMBRA_OUTBOUND_ALLOW_LOOPBACK is the installation policy', () => {
    expect(outboundDefaults(loadConfig({}))).toEqual({ allowLoopback: false });
    expect(outboundDefaults(loadConfig({ PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1' }))).toEqual({
      allowLoopback: true,
    });
  });

  it.each([
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:10.0.0.1]/',
    'http://[fe80::1]/',
    'http://0x0a000001/',
    'http://192.168.1.1:8080/',
    'http://printer.local/',
  ])('refuses %s even with loopback allowed', async (url) => {
    expect((await failure(outboundFetch(url, loopback))).code).toBe('host_not_public');
  });

  it('refuses a redirect to a private address, keeping the chain that led there', async () => {
    const error = await failure(outboundFetch(`${site.origin}/redirect-to-metadata`, loopback));
    expect(error.code).toBe('host_not_public');
    expect(error.redirects).toEqual([
      {
        url: `${site.origin}/redirect-to-metadata`,
        status: 302,
        location: 'http://169.254.169.254/latest/meta-data/',
      },
    ]);
  });
});

describe('outboundFetch: DNS rebinding', () => {
  /** Answers loopback (the test's stand-in for a public address) once, then a private address. */
  function rebinding() {
    const calls: string[] = [];
    const resolve = async (hostname: string): Promise<LookupAddress[]> => {
      calls.push(hostname);
      return [{ address: calls.length === 1 ? '127.0.0.1' : '10.0.0.7', family: 4 }];
    };
    return { calls, resolve };
  }

  it('connects to the address it checked, with the name in the Host header', async () => {
    const { calls, resolve } = rebinding();
    const before = site.seen.length;
    const page = await outboundFetch(`http://rebind.example:${site.port}/page`, { ...loopback, resolve });
    // rebind.example has no address in real DNS: reaching the site proves the socket used the pinned one.
    expect(page.status).toBe(200);
    expect(page.address).toBe('127.0.0.1');
    expect(calls).toEqual(['rebind.example']);
    expect(site.seen.at(before)?.headers.host).toBe(`rebind.example:${site.port}`);
  });

  it('checks every redirect hop again: the second answer (private) is refused', async () => {
    const { calls, resolve } = rebinding();
    const error = await failure(
      outboundFetch(`http://rebind.example:${site.port}/redirect-to-private-name`, { ...loopback, resolve }),
    );
    expect(error.code).toBe('host_not_public');
    expect(error.message).toContain('10.0.0.7');
    expect(calls).toEqual(['rebind.example', 'rebind.example']);
    expect(error.redirects).toHaveLength(1);
  });

  it('refuses a name when one of its answers is private', async () => {
    const resolve = async (): Promise<LookupAddress[]> => [
      { address: '127.0.0.1', family: 4 },
      { address: '192.168.0.10', family: 4 },
    ];
    expect(
      (await failure(outboundFetch(`http://mixed.example:${site.port}/page`, { ...loopback, resolve }))).code,
    ).toBe('host_not_public');
  });
});

describe('outboundFetch: limits', () => {
  it('stops after maxRedirects', async () => {
    const error = await failure(outboundFetch(`${site.origin}/loop`, { ...loopback, maxRedirects: 3 }));
    expect(error.code).toBe('too_many_redirects');
    expect(error.redirects).toHaveLength(3);
  });

  it('refuses an oversized body, or keeps its start when asked to truncate', async () => {
    const options = { ...loopback, maxBytes: 100_000 };
    expect((await failure(outboundFetch(`${site.origin}/big-chunked`, options))).code).toBe('body_too_large');
    const kept = await outboundFetch(`${site.origin}/big-chunked`, { ...options, oversize: 'truncate' });
    expect(kept.truncated).toBe(true);
    expect(kept.body.length).toBe(100_000);
  });

  it('refuses a declared length over the limit without reading it', async () => {
    const error = await failure(
      outboundFetch(`${site.origin}/big-declared`, { ...loopback, maxBytes: 1000 }),
    );
    expect(error.code).toBe('body_too_large');
  });

  it('bounds the decoded size of a compressed body (gzip bomb)', async () => {
    const error = await failure(
      outboundFetch(`${site.origin}/gzip-bomb`, { ...loopback, maxBytes: 1024 * 1024 }),
    );
    expect(error.code).toBe('body_too_large');
  });

  it('gives up on a slow first byte, and on a body that never ends', async () => {
    const started = performance.now();
    const slow = await failure(
      outboundFetch(`${site.origin}/slow-headers`, { ...loopback, firstByteTimeoutMs: 200 }),
    );
    expect(slow.code).toBe('first_byte_timeout');
    const trickle = await failure(
      outboundFetch(`${site.origin}/trickle`, { ...loopback, totalTimeoutMs: 400 }),
    );
    expect(trickle.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });
});

describe('outboundFetch: what it sends', () => {
  it('sends no cookies, not even one the caller passes or the site set', async () => {
    const before = site.seen.length;
    await outboundFetch(`${site.origin}/page`, loopback);
    await outboundFetch(`${site.origin}/page`, {
      ...loopback,
      headers: { Cookie: 'a=b', 'User-Agent': 'WhatsApp/2' },
    });
    const [first, second] = site.seen.slice(before);
    expect(first?.headers.cookie).toBeUndefined();
    expect(second?.headers.cookie).toBeUndefined();
    expect(second?.headers['user-agent']).toBe('WhatsApp/2');
  });

  it('turns a POST into a GET on 303, and drops authorization when a redirect leaves the origin', async () => {
    const before = site.seen.length;
    const page = await outboundFetch(`${site.origin}/see-other`, { ...loopback, method: 'POST', body: '{}' });
    expect(page.url).toBe(`${site.origin}/page`);
    expect(site.seen.slice(before).map((request) => request.method)).toEqual(['POST', 'GET']);
    const otherBefore = other.seen.length;
    const moved = await outboundFetch(`${site.origin}/to-other`, {
      ...loopback,
      headers: { authorization: 'Bearer x' },
    });
    expect(moved.body.toString()).toBe('other');
    expect(site.seen.at(-1)?.headers.authorization).toBe('Bearer x');
    expect(other.seen.at(otherBefore)?.headers.authorization).toBeUndefined();
  });
});
