/**
 * The links bench/redirect serves: written straight into the store (the way `LinkService`
 * stores a share kit, without its per-request validation, so that seeding 100,000 links takes
 * seconds), and the Location each slug must answer, which the bare server serves from a Map.
 */
import { randomUUID } from 'node:crypto';
import { generateSlug } from '../src/links/slugs.js';
import { openStore } from '../src/store/open-store.js';
import type { NewLink, Store } from '../src/store/store.js';

/** One seeded slug as both servers must answer it to a person. */
export interface SeededLink {
  id: string;
  slug: string;
  location: string;
}

const TARGET_ORIGIN = 'https://news.example.org';
/** Every fourth article is shared as a kit with a WhatsApp variant (utm_source=whatsapp…). */
const VARIANT_EVERY = 4;
/** Every third article carries a campaign, so that `applyUtm` has parameters to add. */
const CAMPAIGN_EVERY = 3;
/** Links per transaction: the size of a large import, and a variant may follow its parent. */
const BATCH = 1_000;

interface Article {
  n: number;
  utm: Record<string, string>;
}

function article(n: number): Article {
  return { n, utm: n % CAMPAIGN_EVERY === 0 ? { utm_campaign: 'spring-news' } : {} };
}

/**
 * What `applyUtm` must produce, written out by hand rather than imported: the bench then checks
 * that the real server and the bare one answer the same Location, which also checks this.
 */
function expectedLocation({ n, utm }: Article, channel: string | null): string {
  const params: string[] = [];
  if (channel === 'whatsapp') params.push('utm_source=whatsapp', 'utm_medium=messaging');
  if (utm.utm_campaign) params.push(`utm_campaign=${utm.utm_campaign}`);
  const target = `${TARGET_ORIGIN}/article/${n}`;
  return params.length ? `${target}?${params.join('&')}` : target;
}

/** Random 7-symbol slugs like the real ones; 100,000 of them collide now and then, hence the set. */
function uniqueSlug(taken: Set<string>): string {
  let slug = generateSlug();
  while (taken.has(slug)) slug = generateSlug();
  taken.add(slug);
  return slug;
}

function newLink(siteId: string, item: Article, slug: string, parentId: string | null): NewLink {
  return {
    id: randomUUID(),
    siteId,
    parentId,
    channel: parentId === null ? null : 'whatsapp',
    slug,
    url: `${TARGET_ORIGIN}/article/${item.n}`,
    title: `Article ${item.n}`,
    description: 'A story people pass on in private chats.',
    image: null,
    utm: item.utm,
    tags: ['bench'],
    expiresAt: null,
    maxClicks: null,
    disabled: false,
  };
}

/** Main links, each followed by its WhatsApp variant when it has one, `total` links in all. */
function planLinks(siteId: string, total: number): { links: NewLink[]; seeded: SeededLink[] } {
  const links: NewLink[] = [];
  const seeded: SeededLink[] = [];
  const taken = new Set<string>();
  const add = (item: Article, parentId: string | null): NewLink => {
    const link = newLink(siteId, item, uniqueSlug(taken), parentId);
    links.push(link);
    seeded.push({ id: link.id, slug: link.slug, location: expectedLocation(item, link.channel) });
    return link;
  };
  for (let n = 1; links.length < total; n++) {
    const item = article(n);
    const main = add(item, null);
    if (n % VARIANT_EVERY === 0 && links.length < total) add(item, main.id);
  }
  return { links, seeded };
}

async function insertInBatches(store: Store, links: readonly NewLink[]): Promise<void> {
  for (let start = 0; start < links.length; start += BATCH) {
    await store.createLinks(links.slice(start, start + BATCH));
  }
}

/** Creates a site and `total` links in the SQLite database under `dataDir`. */
export async function seedLinks(dataDir: string, total: number): Promise<SeededLink[]> {
  const store = await openStore({ dataDir });
  try {
    const site = await store.createSite({
      id: randomUUID(),
      domain: 'news.example.org',
      name: 'News',
      timezone: 'UTC',
      fallbackUrl: null,
    });
    const { links, seeded } = planLinks(site.id, total);
    await insertInBatches(store, links);
    return seeded;
  } finally {
    await store.close();
  }
}
