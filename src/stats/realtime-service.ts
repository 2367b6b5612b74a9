import type { Store, StoredEvent } from '../store/store.js';

/** How far back "right now" reaches. */
export const REALTIME_WINDOW_MINUTES = 30;
/** Rows in each breakdown. */
export const REALTIME_TOP = 20;
/** Page views read per snapshot; past it the snapshot says `truncated`. */
export const REALTIME_EVENT_LIMIT = 100_000;

export interface RealtimeSnapshot {
  /** When the snapshot was taken (ISO 8601). */
  at: string;
  windowMinutes: number;
  /** Distinct visitors among human page views in the window (a page view without a hash counts once). */
  visitors: number;
  pageviews: number;
  byChannel: { channel: string; visitors: number }[];
  bySource: { source: string; channel: string; visitors: number }[];
  byPage: { page: string; visitors: number }[];
  /** Present (and true) when more page views than the read limit fell in the window: counts are low. */
  truncated?: true;
}

export interface RealtimeOptions {
  /** How long a site's snapshot is reused (ms): many open dashboards cost one store read. */
  memoMs?: number;
  /** Page views read per snapshot. */
  eventLimit?: number;
}

/** Distinct visitors per key; page views without a visitor hash each count as one visitor. */
class VisitorSets {
  private readonly groups = new Map<string, { hashes: Set<string>; anonymous: number }>();

  add(key: string, hash: string | null): void {
    let group = this.groups.get(key);
    if (!group) {
      group = { hashes: new Set(), anonymous: 0 };
      this.groups.set(key, group);
    }
    if (hash === null) group.anonymous += 1;
    else group.hashes.add(hash);
  }

  /** `[key, visitors]`, most visitors first (ties by key, so the order is stable), at most `top`. */
  top(top: number): [string, number][] {
    return [...this.groups]
      .map(([key, group]): [string, number] => [key, group.hashes.size + group.anonymous])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, top);
  }
}

/** Source and channel in one key (a source may appear under two channels, e.g. `direct`). */
const SEPARATOR = '\u0000';

/** Folds the window's page views (any order) into a snapshot. Pure: exported for tests. */
export function summariseRealtime(
  events: readonly StoredEvent[],
  now: number,
  truncated = false,
): RealtimeSnapshot {
  const everyone = new VisitorSets();
  const byChannel = new VisitorSets();
  const bySource = new VisitorSets();
  const byPage = new VisitorSets();
  let pageviews = 0;
  for (const event of events) {
    if (event.type !== 'pageview' || event.kind !== 'human') continue;
    pageviews += 1;
    const hash = event.visitorHash;
    everyone.add('', hash);
    byChannel.add(event.channel, hash);
    bySource.add(`${event.source}${SEPARATOR}${event.channel}`, hash);
    byPage.add(event.path ?? '(unknown)', hash);
  }
  return {
    at: new Date(now).toISOString(),
    windowMinutes: REALTIME_WINDOW_MINUTES,
    visitors: everyone.top(1)[0]?.[1] ?? 0,
    pageviews,
    byChannel: byChannel.top(REALTIME_TOP).map(([channel, visitors]) => ({ channel, visitors })),
    bySource: bySource.top(REALTIME_TOP).map(([key, visitors]) => {
      const [source = '', channel = ''] = key.split(SEPARATOR);
      return { source, channel, visitors };
    }),
    byPage: byPage.top(REALTIME_TOP).map(([page, visitors]) => ({ page, visitors })),
    ...(truncated ? { truncated: true as const } : {}),
  };
}

/**
 * Who is on a site right now (issue #5): human page views of the last 30 minutes, by channel,
 * source and page, read from raw events. Page views still in the event sink (≤ 100 ms) are not
 * seen yet. A site's snapshot is reused for `memoMs` (1 s), so any number of open dashboards
 * streaming the same site cost one store read per second.
 */
export class RealtimeService {
  private readonly memo = new Map<string, { at: number; snapshot: Promise<RealtimeSnapshot> }>();
  private readonly memoMs: number;
  private readonly eventLimit: number;

  constructor(
    private readonly store: Pick<Store, 'listEvents'>,
    options: RealtimeOptions = {},
  ) {
    this.memoMs = options.memoMs ?? 1_000;
    this.eventLimit = options.eventLimit ?? REALTIME_EVENT_LIMIT;
  }

  snapshot(siteId: string, now: number = Date.now()): Promise<RealtimeSnapshot> {
    const cached = this.memo.get(siteId);
    if (cached && now >= cached.at && now - cached.at < this.memoMs) return cached.snapshot;
    this.forgetExpired(now);
    const snapshot = this.compute(siteId, now);
    const entry = { at: now, snapshot };
    this.memo.set(siteId, entry);
    // A failed read is not remembered: the next tick tries again.
    snapshot.catch(() => {
      if (this.memo.get(siteId) === entry) this.memo.delete(siteId);
    });
    return snapshot;
  }

  private async compute(siteId: string, now: number): Promise<RealtimeSnapshot> {
    const events = await this.store.listEvents({
      siteId,
      types: ['pageview'],
      since: now - REALTIME_WINDOW_MINUTES * 60_000,
      limit: this.eventLimit,
    });
    return summariseRealtime(events, now, events.length >= this.eventLimit);
  }

  /** Drops other sites' stale snapshots, so the memo holds only sites being watched. */
  private forgetExpired(now: number): void {
    for (const [siteId, entry] of this.memo) {
      if (now - entry.at >= this.memoMs) this.memo.delete(siteId);
    }
  }
}
