import { Parser } from 'htmlparser2';

/** What a preview fetcher can read in a page: `<title>`, `<meta>` tags and `<link>`s, in order. */
export interface PageMeta {
  title: string | undefined;
  /** `property` or `name` (lower-cased) → every `content`, in document order. */
  metas: ReadonlyMap<string, readonly string[]>;
  links: readonly PageLink[];
  /** The target of a `<meta http-equiv="refresh">`, which no preview fetcher follows. */
  refresh: string | undefined;
}

export interface PageLink {
  rel: string;
  href: string;
  type: string | undefined;
}

const WHITESPACE = /\s+/g;

function clean(text: string): string {
  return text.replace(WHITESPACE, ' ').trim();
}

/**
 * Reads the tags of an HTML document (or of its first bytes: a truncated page parses up to where
 * it stops, as it does for the fetchers). htmlparser2 decodes entities and copes with the broken
 * markup real pages have, which regular expressions would not.
 */
export function readPageMeta(html: string): PageMeta {
  const metas = new Map<string, string[]>();
  const links: PageLink[] = [];
  let title: string | undefined;
  let inTitle = false;
  let titleText = '';
  let refresh: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title' && title === undefined) {
          inTitle = true;
          titleText = '';
        } else if (name === 'meta') {
          const key = (attributes.property ?? attributes.name ?? attributes.itemprop ?? '')
            .trim()
            .toLowerCase();
          const content = attributes.content;
          if (key && content !== undefined) metas.set(key, [...(metas.get(key) ?? []), clean(content)]);
          if ((attributes['http-equiv'] ?? '').toLowerCase() === 'refresh' && content) {
            refresh = /url\s*=\s*['"]?([^'"]+)/i.exec(content)?.[1]?.trim();
          }
        } else if (name === 'link' && attributes.rel && attributes.href) {
          links.push({
            rel: clean(attributes.rel).toLowerCase(),
            href: attributes.href.trim(),
            type: attributes.type,
          });
        }
      },
      ontext(text) {
        if (inTitle) titleText += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          title = clean(titleText);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return { title: title || undefined, metas, links, refresh };
}

/** The first (or last) non-empty value among `keys`, tried in order. */
export function metaValue(
  meta: PageMeta,
  keys: readonly string[],
  pick: 'first' | 'last' = 'first',
): string | undefined {
  for (const key of keys) {
    const values = (meta.metas.get(key) ?? []).filter((value) => value !== '');
    const value = pick === 'first' ? values[0] : values.at(-1);
    if (value) return value;
  }
  return undefined;
}

/** The href of the first `<link>` whose rel list holds `rel` (and whose type matches, if given). */
export function linkHref(meta: PageMeta, rel: string, type?: string): string | undefined {
  return meta.links.find(
    (link) => link.rel.split(' ').includes(rel) && (type === undefined || link.type === type),
  )?.href;
}
