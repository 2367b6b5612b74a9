export interface RateLimiterOptions {
  /** Sustained requests per second per key (tokens added per second). */
  rate: number;
  /** Requests a key may make at once (bucket size, at least 1). */
  burst: number;
  /** Most keys remembered (at least 2); the least recently seen are forgotten first. Default 100,000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const DEFAULT_MAX_KEYS = 100_000;
/** Refills are fractional (10 ms × 0.01 token/ms = 0.0999…); forgive the rounding. */
const EPSILON = 1e-9;

/**
 * An in-memory token bucket per key. Callers pass a keyed hash of the client address, never
 * the address itself (DESIGN.md §4), so the limiter holds no personal data either.
 *
 * Memory is bounded by two generations of at most `maxKeys / 2` buckets each (the hashlru /
 * quick-lru scheme): keys go into the current generation; when it is full it becomes the previous
 * one and the old previous one is dropped whole; a key found in the previous generation moves
 * back to the current one. Every call is O(1) — no timers, no scans — and a flood of distinct
 * keys costs constant memory. The price: a key pushed out by a flood starts again with a full
 * bucket, i.e. the limiter fails open, the right way round for analytics ingestion. One limiter
 * per process: with several instances each allows its own share.
 */
export class RateLimiter {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #generationSize: number;
  #current = new Map<string, Bucket>();
  #previous = new Map<string, Bucket>();

  constructor({ rate, burst, maxKeys = DEFAULT_MAX_KEYS }: RateLimiterOptions) {
    requireAtLeast('rate', rate, Number.MIN_VALUE);
    requireAtLeast('burst', burst, 1);
    requireAtLeast('maxKeys', maxKeys, 2);
    this.#perMs = rate / 1000;
    this.#burst = burst;
    this.#generationSize = Math.floor(maxKeys / 2);
  }

  /** Keys currently remembered (never more than `maxKeys`). */
  get size(): number {
    return this.#current.size + this.#previous.size;
  }

  /**
   * Takes `cost` tokens (default one) from `key`'s bucket; `false`, taking nothing, when fewer
   * are left. A cost above the burst is never allowed.
   */
  allow(key: string, now: number = Date.now(), cost = 1): boolean {
    const bucket = this.#bucketFor(key, now);
    const tokens = this.#refilled(bucket, now);
    const allowed = tokens >= cost - EPSILON;
    bucket.tokens = allowed ? Math.max(0, tokens - cost) : tokens;
    bucket.at = Math.max(now, bucket.at);
    return allowed;
  }

  /**
   * Milliseconds until `key` could spend `cost` tokens (0: now), for a `Retry-After` header;
   * `Infinity` for a cost above the burst. Does not create or change a bucket.
   */
  waitMs(key: string, now: number = Date.now(), cost = 1): number {
    if (cost > this.#burst) return Number.POSITIVE_INFINITY;
    const bucket = this.#current.get(key) ?? this.#previous.get(key);
    const tokens = bucket ? this.#refilled(bucket, now) : this.#burst;
    return tokens >= cost - EPSILON ? 0 : (cost - tokens) / this.#perMs;
  }

  #bucketFor(key: string, now: number): Bucket {
    const current = this.#current.get(key);
    if (current) return current;
    const previous = this.#previous.get(key);
    if (previous) this.#previous.delete(key);
    const bucket = previous ?? { tokens: this.#burst, at: now };
    if (this.#current.size >= this.#generationSize) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#current.set(key, bucket);
    return bucket;
  }

  /** A clock that steps back adds nothing (and takes nothing away). */
  #refilled(bucket: Bucket, now: number): number {
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.#burst, bucket.tokens + elapsed * this.#perMs);
  }
}

function requireAtLeast(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`RateLimiter: ${name} must be a finite number ≥ ${min}, got ${value}`);
  }
}
