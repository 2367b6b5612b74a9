import type { SchemaCatalog } from '../../../src/store/schema-catalog.js';
import type { DailySalt, NewEvent, NewLink, NewSite, Store } from '../../../src/store/store.js';

/** What the contract needs: the Store, plus the catalog to check the schema's columns. */
export type ContractStore = Store & SchemaCatalog;

/** Hands each test the store the suite's beforeEach opened. */
export type StoreRef = () => ContractStore;

/** `Date#toISOString()`: UTC with milliseconds, the one timestamp format of both engines. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let sequence = 0;
const next = (): number => ++sequence;

export function newSite(overrides: Partial<NewSite> = {}): NewSite {
  const n = next();
  return {
    id: `site-${n}`,
    domain: `site${n}.example`,
    name: `Site ${n}`,
    timezone: 'Europe/Paris',
    fallbackUrl: null,
    ...overrides,
  };
}

export function newLink(siteId: string, overrides: Partial<NewLink> = {}): NewLink {
  const n = next();
  return {
    id: `link-${n}`,
    siteId,
    parentId: null,
    channel: null,
    slug: `s${n}`,
    url: `https://site.example/article-${n}`,
    title: null,
    description: null,
    image: null,
    utm: {},
    tags: [],
    expiresAt: null,
    maxClicks: null,
    disabled: false,
    ...overrides,
  };
}

/** A kit: one main link and one variant per channel, variants pointing at the main link. */
export function newKit(
  siteId: string,
  channels: readonly string[],
  overrides: Partial<NewLink> = {},
): NewLink[] {
  const main = newLink(siteId, overrides);
  const variants = channels.map((channel) => newLink(siteId, { ...overrides, parentId: main.id, channel }));
  return [main, ...variants];
}

export function newEvent(siteId: string, linkId: string | null, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    siteId,
    linkId,
    type: 'click',
    kind: 'dark-social',
    channel: 'whatsapp',
    medium: 'messaging',
    source: 'whatsapp',
    evidence: 'tracked-link',
    confidence: 'high',
    occurredAt: Date.UTC(2026, 0, 15, 12),
    ...overrides,
  };
}

/** A tracker page view with every optional field set (a consented-mode visit from a share). */
export function newPageview(siteId: string, overrides: Partial<NewEvent> = {}): NewEvent {
  const n = next();
  return newEvent(siteId, null, {
    type: 'pageview',
    kind: 'dark-social',
    channel: 'whatsapp',
    medium: 'messaging',
    source: 'whatsapp',
    evidence: 'share-token',
    occurredAt: Date.UTC(2026, 0, 15, 12) + n,
    path: `/articles/${n}?utm_source=whatsapp`,
    visitorHash: `${n}`.padStart(32, 'f'),
    country: 'FR',
    device: 'mobile',
    browser: 'safari',
    generation: 2,
    shareId: `share-${n}`,
    parentShareId: `share-parent-${n}`,
    originChannel: 'sms',
    name: null,
    props: '{"plan":"pro","seats":3}',
    value: 12.5,
    // Revenue goes only with custom events (the revenue contract sets it on those).
    revenue: null,
    currency: null,
    dedupeKey: null,
    ...overrides,
  });
}

/** A day's salt: 16 bytes as hex, derived from `seed` so tests can tell salts apart. */
export function newSalt(day: string, seed = 'a'): DailySalt {
  return { day, salt: seed.repeat(32).slice(0, 32) };
}

/** Creates a site and returns its id: most tests need one to hang links and events on. */
export async function seedSite(store: Store, overrides: Partial<NewSite> = {}): Promise<string> {
  return (await store.createSite(newSite(overrides))).id;
}

/** `items[index]`, failing loudly instead of `undefined` (noUncheckedIndexedAccess). */
export function at<T>(items: readonly T[], index = 0): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index} of ${items.length}`);
  return item;
}
