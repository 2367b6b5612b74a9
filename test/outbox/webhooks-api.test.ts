import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { WebhookReceiver } from './webhook-receiver.js';

/** Short waits so retries and timeouts happen within a test; loopback receivers allowed. */
const FAST = {
  PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
  PENUMBRA_DELIVERY_TICK_MS: '50',
  PENUMBRA_DELIVERY_RETRY_BASE_MS: '100',
  PENUMBRA_DELIVERY_TIMEOUT_MS: '600',
};

interface Harness {
  t: TestApp;
  siteId: string;
  api<T = Record<string, unknown>>(
    method: string,
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T }>;
}

async function harness(env: Record<string, string>, domain = 'news.example'): Promise<Harness> {
  const t = await startTestApp(env);
  const api = (method: string, url: string, payload?: unknown) => apiRequest(t, method, url, payload);
  const site = await api('POST', '/api/sites', { domain });
  return { t, siteId: String(site.body.id), api: api as Harness['api'] };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('webhooks API and deliveries to a real receiver', () => {
  let h: Harness;
  let receiver: WebhookReceiver;
  let url: string;

  beforeAll(async () => {
    h = await harness(FAST);
  });
  afterAll(async () => {
    await h.t.close();
  });
  beforeEach(async () => {
    receiver = new WebhookReceiver();
    url = await receiver.start();
  });
  afterEach(async () => {
    await receiver.close();
  });

  async function addEndpoint(events?: string[]): Promise<string> {
    const created = await h.api<{ endpoint: { id: string }; secret: string }>(
      'POST',
      `/api/sites/${h.siteId}/webhooks`,
      { url, ...(events ? { events } : {}) },
    );
    expect(created.status).toBe(201);
    receiver.secret = created.body.secret;
    return created.body.endpoint.id;
  }

  const delivery = (id: string) =>
    h.api<{
      status: string;
      attempts: number;
      lastStatusCode: number | null;
      log: { statusCode: number | null; error: string | null }[];
    }>('GET', `/api/sites/${h.siteId}/deliveries/${id}`);

  it('shows the secret once, and signs a test delivery the documented way', async () => {
    const id = await addEndpoint();
    expect(receiver.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await h.api<{ items: Record<string, unknown>[] }>(
      'GET',
      `/api/sites/${h.siteId}/webhooks`,
    );
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(receiver.secret);
    expect(listed.body.items[0]).toMatchObject({
      id,
      url,
      failing: false,
      events: expect.arrayContaining(['link.clicked']),
    });

    const ping = await h.api<{ id: string }>('POST', `/api/sites/${h.siteId}/webhooks/${id}/test`);
    expect(ping.status).toBe(202);
    const [got] = await receiver.waitFor(1);
    expect(got?.verified).toBe(true);
    expect(got?.headers['penumbra-event']).toBe('test');
    expect(got?.headers['penumbra-delivery']).toBe(ping.body.id);
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.json).toMatchObject({
      id: ping.body.id,
      type: 'test',
      site: { id: h.siteId, domain: 'news.example' },
    });
    const logged = await until(
      () => delivery(ping.body.id),
      (d) => d.body.status === 'delivered',
    );
    expect(logged.body).toMatchObject({ attempts: 1, lastStatusCode: 200 });
    // A signature under another secret, or of another body, does not verify.
    receiver.secret = 'whsec_wrong';
    await h.api('POST', `/api/sites/${h.siteId}/webhooks/${id}/test`);
    expect((await receiver.waitFor(2))[1]?.verified).toBe(false);
  });

  it('retries a receiver that answers 500 until it recovers, each attempt logged', async () => {
    const id = await addEndpoint(['link.clicked']);
    receiver.replies.push(500, 500);
    const ping = await h.api<{ id: string }>('POST', `/api/sites/${h.siteId}/webhooks/${id}/test`);
    const done = await until(
      () => delivery(ping.body.id),
      (d) => d.body.status === 'delivered',
    );
    expect(done.body.attempts).toBe(3);
    expect(done.body.log.map((attempt) => attempt.statusCode)).toStrictEqual([500, 500, 200]);
    expect(done.body.log[0]?.error).toBe('the receiver answered 500');
    const arrivals = receiver.received.map((r) => r.at);
    expect(receiver.received.every((r) => r.verified && r.json.id === ping.body.id)).toBe(true);
    // Backoff: the second wait (base 100 ms × 2, half of it jitter) is at least the first's floor.
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(45);
    expect((arrivals[2] ?? 0) - (arrivals[1] ?? 0)).toBeGreaterThanOrEqual(95);
  });

  it('holds the timeout on a hanging receiver without holding other deliveries or requests', async () => {
    const hanging = await addEndpoint();
    const other = new WebhookReceiver();
    const otherUrl = await other.start();
    try {
      const created = await h.api<{ endpoint: { id: string }; secret: string }>(
        'POST',
        `/api/sites/${h.siteId}/webhooks`,
        {
          url: otherUrl,
        },
      );
      other.secret = created.body.secret;
      receiver.replies.push('hang');
      const started = Date.now();
      const slow = await h.api<{ id: string }>('POST', `/api/sites/${h.siteId}/webhooks/${hanging}/test`);
      await receiver.waitFor(1);
      const fast = await h.api<{ id: string }>(
        'POST',
        `/api/sites/${h.siteId}/webhooks/${created.body.endpoint.id}/test`,
      );
      const [landed] = await other.waitFor(1);
      expect(landed?.verified).toBe(true);
      // The other receiver got its delivery while the first one still hung.
      expect((await delivery(slow.body.id)).body.attempts).toBe(0);
      const apiStarted = performance.now();
      expect((await h.api('GET', `/api/sites/${h.siteId}/webhooks`)).status).toBe(200);
      expect(performance.now() - apiStarted).toBeLessThan(300);
      const timedOut = await until(
        () => delivery(slow.body.id),
        (d) => d.body.attempts >= 1,
      );
      expect(timedOut.body.log[0]?.statusCode).toBeNull();
      expect(timedOut.body.log[0]?.error).toMatch(/timeout/);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(550);
      expect(elapsed).toBeLessThan(3_000);
      expect((await delivery(fast.body.id)).body.status).toBe('delivered');
    } finally {
      await other.close();
    }
  });

  it('replays a delivered delivery with the same id and body', async () => {
    const id = await addEndpoint();
    const ping = await h.api<{ id: string }>('POST', `/api/sites/${h.siteId}/webhooks/${id}/test`);
    await until(
      () => delivery(ping.body.id),
      (d) => d.body.status === 'delivered',
    );
    const replay = await h.api('POST', `/api/sites/${h.siteId}/deliveries/${ping.body.id}/replay`);
    expect(replay.status).toBe(202);
    const both = await receiver.waitFor(2);
    expect(both[1]?.body).toBe(both[0]?.body);
    expect(both[1]?.verified).toBe(true);
    expect(
      (
        await until(
          () => delivery(ping.body.id),
          (d) => d.body.attempts === 2,
        )
      ).body.status,
    ).toBe('delivered');
    const log = await h.api<{ items: { id: string }[]; total: number }>(
      'GET',
      `/api/sites/${h.siteId}/deliveries?limit=2`,
    );
    expect(log.body.items.length).toBe(2);
    expect(log.body.total).toBeGreaterThanOrEqual(2);
  });

  it('answers 409 to a replay of a delivery still being tried', async () => {
    const id = await addEndpoint();
    receiver.replies.push('hang');
    const ping = await h.api<{ id: string }>('POST', `/api/sites/${h.siteId}/webhooks/${id}/test`);
    const replay = await h.api<{ code: string }>(
      'POST',
      `/api/sites/${h.siteId}/deliveries/${ping.body.id}/replay`,
    );
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('delivery_not_replayable');
  });

  it('refuses private, link-local and unknown destinations with problem details', async () => {
    for (const bad of [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest',
      'http://[fe80::1]/x',
      'http://192.168.1.1/',
    ]) {
      const answer = await h.api<{ code: string }>('POST', `/api/sites/${h.siteId}/webhooks`, { url: bad });
      expect(answer.status, bad).toBe(400);
      expect(answer.body.code).toBe('webhook_url_not_public');
    }
    const ftp = await h.api<{ code: string }>('POST', `/api/sites/${h.siteId}/webhooks`, {
      url: 'ftp://example.org/',
    });
    expect(ftp.body.code).toBe('webhook_url_invalid');
    const events = await h.api<{ code: string }>('POST', `/api/sites/${h.siteId}/webhooks`, {
      url,
      events: [],
    });
    expect(events.body.code).toBe('webhook_events_invalid');
  });
});

describe('an endpoint whose deliveries run out of retries', () => {
  it('is marked failing, and a replay that lands clears the mark', async () => {
    const h = await harness({ ...FAST, PENUMBRA_DELIVERY_RETRY_WINDOW_MS: '700' });
    const receiver = new WebhookReceiver();
    const url = await receiver.start();
    try {
      receiver.fallback = 503;
      const created = await h.api<{ endpoint: { id: string }; secret: string }>(
        'POST',
        `/api/sites/${h.siteId}/webhooks`,
        { url },
      );
      const ping = await h.api<{ id: string }>(
        'POST',
        `/api/sites/${h.siteId}/webhooks/${created.body.endpoint.id}/test`,
      );
      const failed = await until(
        () =>
          h.api<{ status: string; attempts: number }>(
            'GET',
            `/api/sites/${h.siteId}/deliveries/${ping.body.id}`,
          ),
        (d) => d.body.status === 'failed',
      );
      expect(failed.body.attempts).toBeGreaterThanOrEqual(2);
      const listed = await h.api<{ items: { failing: boolean; failingSince: string | null }[] }>(
        'GET',
        `/api/sites/${h.siteId}/webhooks`,
      );
      expect(listed.body.items[0]).toMatchObject({ failing: true, failingSince: expect.any(String) });
      receiver.fallback = 200;
      await h.api('POST', `/api/sites/${h.siteId}/deliveries/${ping.body.id}/replay`);
      await until(
        () => h.api<{ items: { failing: boolean }[] }>('GET', `/api/sites/${h.siteId}/webhooks`),
        (l) => l.body.items[0]?.failing === false,
      );
    } finally {
      await receiver.close();
      await h.t.close();
    }
  });

  it('refuses a loopback receiver unless the installation allows it', async () => {
    const h = await harness({});
    try {
      const answer = await h.api<{ code: string }>('POST', `/api/sites/${h.siteId}/webhooks`, {
        url: 'http://127.0.0.1:9/x',
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('webhook_url_not_public');
    } finally {
      await h.t.close();
    }
  });
});

describe('a backlog of deliveries', () => {
  it('drains at the receiver’s pace, not the tick’s: 40 pings land well within the five 1 s ticks', async () => {
    const h = await harness({ PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1' }); // the default tick, 1 s
    const receiver = new WebhookReceiver();
    const url = await receiver.start();
    try {
      const created = await h.api<{ endpoint: { id: string }; secret: string }>(
        'POST',
        `/api/sites/${h.siteId}/webhooks`,
        { url },
      );
      receiver.secret = created.body.secret;
      const site = await h.t.services.sites.find(h.siteId);
      if (!site) throw new Error('site expected');
      // Queued at once (8 attempts in flight at most): 5 ticks' worth if each tick claimed only 8.
      for (let n = 0; n < 40; n++) await h.t.services.delivery.webhooks.ping(site, created.body.endpoint.id);
      const started = Date.now();
      const got = await receiver.waitFor(40, () => true, 10_000);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(new Set(got.map((d) => d.json.id)).size).toBe(40);
      expect(got.every((d) => d.verified)).toBe(true);
    } finally {
      await receiver.close();
      await h.t.close();
    }
  });
});
