import { metaValue, type PageMeta } from './page-meta.js';
import type { TagSource } from './preview-apps.js';

export interface Picked {
  value: string;
  /** The tag it came from: `og:title`, `<title>`, `link:icon`, `oembed:title` … */
  source: TagSource;
}

function fromLink(meta: PageMeta, rel: string): string | undefined {
  return meta.links.find((link) => link.rel === rel || link.rel.split(' ').includes(rel))?.href;
}

/** The first source in `sources` that the page fills, the way the app's fetcher tries them. */
export function pickField(
  meta: PageMeta,
  oembed: Readonly<Record<string, string>>,
  sources: readonly TagSource[],
  pick: 'first' | 'last' = 'first',
): Picked | undefined {
  for (const source of sources) {
    let value: string | undefined;
    if (source === '<title>') value = meta.title;
    else if (source.startsWith('link:')) value = fromLink(meta, source.slice(5));
    else if (source.startsWith('oembed:')) value = oembed[source.slice(7)]?.trim();
    else value = metaValue(meta, [source], pick);
    if (value) return { value, source };
  }
  return undefined;
}
