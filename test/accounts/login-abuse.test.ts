import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyGate, GateFullError } from '../../src/accounts/concurrency-gate.js';
import { LoginLimiter } from '../../src/accounts/login-limiter.js';
import { type AccountApp, OWNER_PASSWORD, startAccountApp } from './account-app.js';

/**
 * Issue 13, finding 11: the sign-in limiter counted per e-mail and client only, so 80 tries with
 * random e-mails from one client met no 429, and each one cost a scrypt hash: a real sign-in
 * slowed from 0.19 s to 4.2 s. Now a client has its own budget too, and hashing is gated.
 */
describe('sign-in under abuse', () => {
  let a: AccountApp;
  beforeAll(async () => {
    a = await startAccountApp();
    await a.setupOwner('owner@example.org');
  });
  afterAll(() => a.close());

  const login = (email: string, password: string, remoteAddress: string) =>
    a.inject('POST', '/api/auth/login', { body: { email, password }, remoteAddress });

  it('answers 429 to one client trying 80 random e-mails', async () => {
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let attempt = 0; attempt < 80; attempt += 1) {
      const response = await login(`${randomUUID()}@example.org`, 'not the password', '203.0.113.7');
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        retryAfter ??= response.headers['retry-after'];
        expect(response.json()).toMatchObject({ code: 'rate_limited' });
      }
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('still lets the real owner in from another client, quickly', async () => {
    const started = performance.now();
    const response = await login('owner@example.org', OWNER_PASSWORD, '198.51.100.20');
    expect(response.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses hashes past the queue with 503 hashing_busy and Retry-After, never 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        login(`${randomUUID()}@example.org`, 'not the password', `192.0.2.${index + 1}`),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    const busy = responses.filter((response) => response.statusCode === 503);
    expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]?.json()).toMatchObject({ code: 'hashing_busy', status: 503 });
    expect(busy[0]?.headers['retry-after']).toBe('1');
    // At most 2 running and 32 waiting were ever admitted at once.
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(34);
  });
});

describe('LoginLimiter per client', () => {
  it('allows 20 attempts per client whatever the e-mails, one more every 45 s', () => {
    const limiter = new LoginLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 20; i++)
      expect(limiter.take(`u${i}@example.org`, '203.0.113.5', t0).allowed).toBe(true);
    expect(limiter.take('another@example.org', '203.0.113.5', t0)).toEqual({
      allowed: false,
      retryAfterSeconds: 45,
    });
    expect(limiter.take('another@example.org', '203.0.113.6', t0).allowed).toBe(true);
    expect(limiter.take('another@example.org', '203.0.113.5', t0 + 45_000).allowed).toBe(true);
  });
});

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks, queues `maxQueue` in order, refuses the rest', async () => {
    const gate = new ConcurrencyGate(2, 1);
    const releases: (() => void)[] = [];
    const order: number[] = [];
    let peak = 0;
    const task = (id: number) => () =>
      new Promise<number>((resolve) => {
        order.push(id);
        peak = Math.max(peak, gate.running);
        releases.push(() => resolve(id));
      });
    const first = gate.run(task(1));
    const second = gate.run(task(2));
    const third = gate.run(task(3));
    await expect(gate.run(task(4))).rejects.toBeInstanceOf(GateFullError);
    expect([gate.running, gate.queued]).toEqual([2, 1]);
    releases.shift()?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([1, 2, 3]);
    for (const release of releases.splice(0)) release();
    await Promise.all([second, third]);
    expect([gate.running, gate.queued, peak]).toEqual([0, 0, 2]);
    await expect(gate.run(async () => 'free again')).resolves.toBe('free again');
  });

  it('frees its slot when a task fails', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 1)).resolves.toBe(1);
  });
});
