import type { Link } from '../store/store.js';

/** One frozen empty template, shared by every link without UTM parameters. */
const NO_UTM: Readonly<Record<string, string>> = Object.freeze({});

/** What makes a link answer 410: most links have none of it, and share one object. */
export interface LinkLimits {
  /** `Date.parse(expiresAt)`, or null when the link never expires. */
  readonly expiresAtMs: number | null;
  readonly maxClicks: number | null;
  readonly disabled: boolean;
}

const NO_LIMITS: LinkLimits = Object.freeze({ expiresAtMs: null, maxClicks: null, disabled: false });

/** A link's preview texts, read only to render its preview page. */
export interface LinkCard {
  title: string | null;
  description: string | null;
  image: string | null;
}

/** Between the texts of a packed card: a NUL, which no title, description or URL is expected to hold. */
const SEPARATOR = '\u0000';

/**
 * A link's title, description and image packed in one string (one field and one string header
 * instead of three), as only the rare preview page reads them; null when it has none of them. A
 * text holding the separator itself (never seen, but not refused by the API) keeps the three
 * apart. An empty text and null render alike (preview-page.ts drops both).
 */
export type PackedCard = string | Readonly<LinkCard> | null;

export function packCard(link: LinkCard): PackedCard {
  const { title, description, image } = link;
  if (title === null && description === null && image === null) return null;
  const texts = [title ?? '', description ?? '', image ?? ''];
  if (texts.some((text) => text.includes(SEPARATOR))) return { title, description, image };
  // `join` builds one flat string (a `+` chain would keep a tree of the parts).
  return texts.join(SEPARATOR);
}

export function unpackCard(card: PackedCard): LinkCard {
  if (card === null) return { title: null, description: null, image: null };
  if (typeof card !== 'string') return card;
  const [title = '', description = '', image = ''] = card.split(SEPARATOR);
  return { title, description, image };
}

/**
 * What the redirect needs of a link, the one form in which the link cache keeps every link
 * (issue 12's memory target: RSS ≤ 200 MiB with 100,000 links cached under load). A full `Link`
 * read from the store cost about 650 bytes of heap: 16 fields, a fresh copy of its site id,
 * description and creation stamps per row, a tags array, an object even for an empty UTM template.
 * Here: the fields the redirect reads, one class (one hidden class), strings shared between links
 * where they are equal by construction (site ids and channels, and a variant's URL and
 * preview texts with its kit's), the preview texts packed in one string, the expiry, click limit and disabled flag in one object
 * shared by every link without any (8 bytes a field, 3 fields, on 100,000 links), and room for
 * the Location the redirect memoises. Whoever needs a whole `Link` (tags, parent, stamps) reads
 * it from the store.
 */
export class CachedLink {
  /**
   * Where the link sends people on its own channel (`applyUtm` of url, utm and channel),
   * memoised by the redirect on first use: this object is replaced whenever the link changes.
   */
  location: string | undefined = undefined;

  constructor(
    readonly id: string,
    readonly slug: string,
    readonly siteId: string,
    /** The channel a variant was made for; null for a main link. */
    readonly channel: string | null,
    readonly url: string,
    readonly utm: Readonly<Record<string, string>>,
    /** Title, description and image: `unpackCard` reads them. */
    readonly card: PackedCard,
    readonly limits: LinkLimits,
  ) {}

  /** `Date.parse(expiresAt)`, or null when the link never expires. */
  get expiresAtMs(): number | null {
    return this.limits.expiresAtMs;
  }

  get maxClicks(): number | null {
    return this.limits.maxClicks;
  }

  get disabled(): boolean {
    return this.limits.disabled;
  }
}

function limitsOf(link: Link): LinkLimits {
  if (link.expiresAt === null && link.maxClicks === null && !link.disabled) return NO_LIMITS;
  return {
    expiresAtMs: link.expiresAt === null ? null : Date.parse(link.expiresAt),
    maxClicks: link.maxClicks,
    disabled: link.disabled,
  };
}

/**
 * Shares equal strings between cached links: site ids and channels through small tables (as
 * many entries as sites and channels), a variant's URL, title, description and image with its
 * kit's when the kit is at hand (`parent`).
 */
export class LinkInterner {
  private readonly strings = new Map<string, string>();

  /** Only for values with few distinct spellings: the table is never emptied. */
  common(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  compact(link: Link, parent: CachedLink | undefined): CachedLink {
    const same = (value: string, kits: string | undefined): string => (value === kits ? kits : value);
    const sameCard = (card: PackedCard, kits: PackedCard | undefined): PackedCard =>
      typeof card === 'string' && card === kits ? kits : card;
    return new CachedLink(
      link.id,
      link.slug,
      this.common(link.siteId),
      link.channel === null ? null : this.common(link.channel),
      same(link.url, parent?.url),
      Object.keys(link.utm).length === 0 ? NO_UTM : link.utm,
      sameCard(packCard(link), parent?.card),
      limitsOf(link),
    );
  }
}
