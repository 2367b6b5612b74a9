/**
 * Sites' time zones as the store's event writes need them (to put each event in its local hour),
 * remembered for a short while: a zone rarely changes, and when another process changes it,
 * events written in the next 30 s may still use the old one — the same as an event that was
 * already queued when the change was made.
 */
const ZONE_TTL_MS = 30_000;

export class SiteZones {
  readonly #zones = new Map<string, { zone: string; at: number }>();

  /** The site ids of `siteIds` whose zone must be (re)loaded. */
  missing(siteIds: Iterable<string>, now = Date.now()): string[] {
    const missing = new Set<string>();
    for (const id of siteIds) {
      const known = this.#zones.get(id);
      if (known === undefined || now - known.at > ZONE_TTL_MS) missing.add(id);
    }
    return [...missing];
  }

  remember(siteId: string, zone: string, now = Date.now()): void {
    this.#zones.set(siteId, { zone, at: now });
  }

  forget(siteId: string): void {
    this.#zones.delete(siteId);
  }

  /** An unknown site (its insert fails on the foreign key anyway) counts in UTC. */
  zoneOf(siteId: string): string {
    return this.#zones.get(siteId)?.zone ?? 'UTC';
  }
}
