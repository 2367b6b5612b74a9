import type { ApiToken, Link, LinkPatch, NewLink, NewSite, Site, SitePatch } from './store.js';

/*
 * Plain domain records built from a caller's input. Fields are copied one by one so that
 * extra properties on the input (TypeScript allows them on variables) never reach a table,
 * and so that the record shares no mutable array or object with the caller.
 */

export function siteRecord(site: NewSite, createdAt: string): Site {
  const { id, domain, name, timezone, fallbackUrl } = site;
  return { id, domain, name, timezone, fallbackUrl, createdAt };
}

export function linkRecord(link: NewLink, stamp: string): Link {
  return {
    id: link.id,
    siteId: link.siteId,
    parentId: link.parentId,
    channel: link.channel,
    slug: link.slug,
    url: link.url,
    title: link.title,
    description: link.description,
    image: link.image,
    utm: { ...link.utm },
    tags: [...link.tags],
    expiresAt: link.expiresAt,
    maxClicks: link.maxClicks,
    disabled: link.disabled,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

export function tokenRecord(token: Omit<ApiToken, 'createdAt'>, createdAt: string): ApiToken {
  const { id, name, hash } = token;
  return { id, name, hash, createdAt };
}

// A Record over the patch type's keys makes the compiler flag a key added to the interface
// but forgotten here.
const SITE_PATCH_KEYS: Record<keyof SitePatch, true> = { name: true, timezone: true, fallbackUrl: true };
const LINK_PATCH_KEYS: Record<keyof LinkPatch, true> = {
  url: true,
  title: true,
  description: true,
  image: true,
  utm: true,
  tags: true,
  expiresAt: true,
  maxClicks: true,
  disabled: true,
};

export function patchSite(site: Site, patch: SitePatch): Site {
  return applyPatch(site, patch, SITE_PATCH_KEYS);
}

export function patchLink(link: Link, patch: LinkPatch, updatedAt: string): Link {
  const patched = applyPatch(link, patch, LINK_PATCH_KEYS);
  return { ...patched, utm: { ...patched.utm }, tags: [...patched.tags], updatedAt };
}

/** Copies only the allowed keys whose value is defined: `{ title: undefined }` changes nothing. */
function applyPatch<T extends object, K extends keyof T>(
  current: T,
  patch: Partial<Pick<T, K>>,
  keys: Record<K, true>,
): T {
  const next = { ...current };
  for (const key of Object.keys(keys) as K[]) {
    const value = patch[key];
    if (value !== undefined) next[key] = value as T[K];
  }
  return next;
}
