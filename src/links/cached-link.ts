import type { Link } from '../store/store.js';

/** One frozen empty template, shared by every link without UTM parameters. */
const NO_UTM: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What the redirect needs of a link, the one form in which the link cache keeps every link
 * (issue 12's memory target: RSS ≤ 200 MiB with 100,000 links cached under load). A full `Link`
 * read from the store cost about 650 bytes of heap: 16 fields, a fresh copy of its site id,
 * description and creation stamps per row, a tags array, an object even for an empty UTM template.
 * Here: the fields the redirect reads, one class (one hidden class), strings shared between links
 * where they are equal by construction (site ids and channels, and a variant's title, description
 * and image with its kit's), the expiry as a number, and room for the Location the redirect
 * memoises. Whoever needs a whole `Link` (tags, parent, stamps) reads it from the store.
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
    readonly title: string | null,
    readonly description: string | null,
    readonly image: string | null,
    /** `Date.parse(expiresAt)`, or null when the link never expires. */
    readonly expiresAtMs: number | null,
    readonly maxClicks: number | null,
    readonly disabled: boolean,
  ) {}
}

/**
 * Shares equal strings between cached links: site ids and channels through small tables (as
 * many entries as sites and channels), a variant's title, description and image with its kit's
 * when the kit is cached (`parent`).
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
    const same = (value: string | null, kits: string | null | undefined) =>
      value !== null && value === kits ? kits : value;
    return new CachedLink(
      link.id,
      link.slug,
      this.common(link.siteId),
      link.channel === null ? null : this.common(link.channel),
      link.url,
      Object.keys(link.utm).length === 0 ? NO_UTM : link.utm,
      same(link.title, parent?.title),
      same(link.description, parent?.description),
      same(link.image, parent?.image),
      link.expiresAt === null ? null : Date.parse(link.expiresAt),
      link.maxClicks,
      link.disabled,
    );
  }
}
