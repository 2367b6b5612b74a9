import type { InstallOutcome, InstallRefusal, InstallStore } from '../store/install-store.js';
import type { Site } from '../store/store.js';

/** An origin's row is written at most this often per process: one store write a minute, not one per event. */
const WRITE_EVERY_MS = 60_000;
/** New refused origins written per minute, over all sites: any client can send any Origin header. */
const NEW_REFUSED_PER_MINUTE = 30;
/** Origins remembered per site and outcome before the memory is cleared (bounded like the store). */
const ORIGINS_PER_SITE = 100;
const ORIGIN_MAX_LENGTH = 300;

interface Pending {
  writtenAt: number;
  count: number;
  lastAt: number;
  reason: InstallRefusal | null;
}

/** The `Origin` header as the install check stores it, with why it was refused when it must be. */
export function originFacts(
  origin: string | undefined,
): { origin: string; reason: InstallRefusal } | undefined {
  if (origin === undefined || origin === '') return { origin: '', reason: 'origin_missing' };
  if (origin === 'null') return { origin: 'null', reason: 'origin_opaque' };
  if (origin.length > ORIGIN_MAX_LENGTH) return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return { origin: url.origin, reason: 'origin_not_listed' };
  } catch {
    // Not an origin a browser sends: nothing worth showing.
    return undefined;
  }
}

/**
 * Remembers, per site, which origins sent events and which were refused (issue 16, the install
 * check), and writes them to the store: a new origin at once, so that the check sees the first
 * event, then at most once a minute with the events counted meanwhile. Called on the event path,
 * so it never waits on the store and costs two map lookups per event.
 */
export class InstallWatch {
  readonly #origins = new Map<string, Map<InstallOutcome, Map<string, Pending>>>();
  #refusedBudget = { minute: 0, left: NEW_REFUSED_PER_MINUTE };
  /** One write at a time: two concurrent prunes could each keep an origin the other just wrote. */
  #writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<InstallStore, 'recordInstallSighting'>,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** An event the site's origin check let through. */
  seen(site: Site, origin: string | undefined, now: number): void {
    this.#note(site.id, 'seen', origin, now);
  }

  /** An event refused because of its origin. */
  refused(site: Site, origin: string | undefined, now: number): void {
    this.#note(site.id, 'refused', origin, now);
  }

  #note(siteId: string, outcome: InstallOutcome, header: string | undefined, now: number): void {
    const byOutcome = this.#origins.get(siteId) ?? new Map<InstallOutcome, Map<string, Pending>>();
    if (!this.#origins.has(siteId)) this.#origins.set(siteId, byOutcome);
    let origins = byOutcome.get(outcome);
    if (!origins) {
      origins = new Map();
      byOutcome.set(outcome, origins);
    }
    const key = header ?? '';
    let pending = origins.get(key);
    if (!pending) {
      const facts = originFacts(header);
      if (!facts || (outcome === 'refused' && !this.#takeRefusedBudget(now))) return;
      if (origins.size >= ORIGINS_PER_SITE) origins.clear();
      pending = { writtenAt: Number.NEGATIVE_INFINITY, count: 0, lastAt: now, reason: null };
      pending.reason = outcome === 'refused' ? facts.reason : null;
      origins.set(key, pending);
    }
    pending.count += 1;
    pending.lastAt = now;
    if (now - pending.writtenAt >= WRITE_EVERY_MS) this.#write(siteId, outcome, header, pending, now);
  }

  #takeRefusedBudget(now: number): boolean {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.#refusedBudget.minute) this.#refusedBudget = { minute, left: NEW_REFUSED_PER_MINUTE };
    if (this.#refusedBudget.left <= 0) return false;
    this.#refusedBudget.left -= 1;
    return true;
  }

  #write(siteId: string, outcome: InstallOutcome, header: string | undefined, pending: Pending, now: number) {
    const facts = originFacts(header);
    if (!facts || pending.count === 0) return;
    const count = pending.count;
    pending.count = 0;
    pending.writtenAt = now;
    const sighting = {
      siteId,
      outcome,
      origin: facts.origin,
      reason: pending.reason,
      lastAt: pending.lastAt,
      count,
    };
    this.#writes = this.#writes.then(() => this.store.recordInstallSighting(sighting)).catch(this.onError);
  }

  /** Writes what was counted since the last write (at shutdown, before the store closes). */
  async flush(now = Date.now()): Promise<void> {
    for (const [siteId, byOutcome] of this.#origins) {
      for (const [outcome, origins] of byOutcome) {
        for (const [header, pending] of origins)
          this.#write(siteId, outcome, header || undefined, pending, now);
      }
    }
    await this.#writes;
  }
}
