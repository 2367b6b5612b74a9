import { describe, expect, it } from 'vitest';
import { ClientLimiter } from '../../src/privacy/client-limiter.js';
import { RateLimiter } from '../../src/privacy/rate-limiter.js';

const T0 = 1_700_000_000_000;

describe('ClientLimiter', () => {
  it('spends a cost per request and says when to come back', () => {
    const limiter = new ClientLimiter({ rate: 10, burst: 20 });
    expect(limiter.take('203.0.113.9', 15, T0)).toEqual({ allowed: true });
    // 5 left: a cost of 10 needs 5 more tokens, half a second at 10 a second.
    expect(limiter.take('203.0.113.9', 10, T0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('203.0.113.9', 5, T0)).toEqual({ allowed: true });
    expect(limiter.take('203.0.113.9', 1, T0)).toMatchObject({ allowed: false });
    expect(limiter.take('203.0.113.9', 1, T0 + 100)).toEqual({ allowed: true });
    expect(limiter.take('203.0.113.10', 20, T0)).toEqual({ allowed: true });
  });

  it('never allows a cost above the burst', () => {
    const limiter = new ClientLimiter({ rate: 10, burst: 20 });
    expect(limiter.take('203.0.113.9', 21, T0)).toMatchObject({ allowed: false });
  });

  it('keys buckets by a keyed hash, never by the address', () => {
    const limiter = new RateLimiter({ rate: 1, burst: 1 });
    expect(limiter.waitMs('k', T0, 1)).toBe(0);
    limiter.allow('k', T0);
    expect(limiter.waitMs('k', T0, 1)).toBe(1000);
    const client = new ClientLimiter({ rate: 1, burst: 1 });
    client.take('203.0.113.9', 1, T0);
    expect(JSON.stringify(Object.entries(client))).not.toContain('203.0.113.9');
  });
});
