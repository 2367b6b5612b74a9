import type { SiteService } from '../sites/site-service.js';
import type { DataScope, Link, Site, Store } from '../store/store.js';
import { DataRequestError } from './data-request-error.js';

/*
 * What a data request is about (GDPR Art. 15 access, 17 erasure, 20 portability; issue #7): a
 * whole site, a link, a campaign (a share kit: the main link and its variants), or a tag (the
 * links carrying it, and their variants). Resolved once, to the store's scope.
 */

export type DataTargetKind = 'site' | 'link' | 'campaign' | 'tag';

export interface DataTargetInput {
  /** A link by id or slug: the link, with its variants when it is a kit's main link. */
  link?: string | undefined;
  /** Any link of a share kit by id or slug: the whole kit. */
  campaign?: string | undefined;
  /** The site's links carrying this tag, with their variants. */
  tag?: string | undefined;
}

export interface DataTarget {
  site: Site;
  kind: DataTargetKind;
  /** The link or kit's main link named (id), or the tag; absent for a whole site. */
  ref?: string;
  /** The target's links, variants included, oldest first; empty for a whole site (read by pages). */
  links: Link[];
  scope: DataScope;
}

/** How a target reads in an export's `scope` and an erasure's answer. */
export interface DataTargetView {
  kind: DataTargetKind;
  site: string;
  link?: string;
  tag?: string;
  /** Every link covered, variants included (a whole site: absent). */
  links?: string[];
}

type Deps = { store: Store; sites: Pick<SiteService, 'find'> };

const TAG_PAGE = 500;

export async function resolveDataTarget(
  deps: Deps,
  siteRef: string,
  input: DataTargetInput,
): Promise<DataTarget> {
  const named = (['link', 'campaign', 'tag'] as const).filter((key) => input[key] !== undefined);
  if (named.length > 1) {
    throw new DataRequestError('target_ambiguous', `Name one target, not ${named.join(' and ')}.`);
  }
  const site = await deps.sites.find(siteRef);
  if (!site) throw new DataRequestError('site_unknown', `There is no site "${siteRef}".`);
  if (input.tag !== undefined) return tagTarget(deps.store, site, input.tag);
  const reference = input.link ?? input.campaign;
  if (reference === undefined) return { site, kind: 'site', links: [], scope: { siteId: site.id } };
  let link = await findLink(deps.store, site, reference);
  if (input.campaign !== undefined && link.parentId !== null) {
    link = await findLink(deps.store, site, link.parentId);
  }
  const links = await withVariants(deps.store, [link]);
  return linksTarget(site, input.campaign === undefined ? 'link' : 'campaign', link.id, links);
}

export function viewOf(target: DataTarget): DataTargetView {
  const view: DataTargetView = { kind: target.kind, site: target.site.id };
  if (target.kind === 'tag' && target.ref !== undefined) view.tag = target.ref;
  else if (target.ref !== undefined) view.link = target.ref;
  if (target.kind !== 'site') view.links = target.links.map((link) => link.id);
  return view;
}

async function findLink(store: Store, site: Site, reference: string): Promise<Link> {
  const link = (await store.getLink(reference)) ?? (await store.getLinkBySlug(reference));
  if (!link || link.siteId !== site.id) {
    throw new DataRequestError('link_unknown', `Site "${site.domain}" has no link "${reference}".`);
  }
  return link;
}

async function tagTarget(store: Store, site: Site, tag: string): Promise<DataTarget> {
  const tagged: Link[] = [];
  for (let offset = 0; ; offset += TAG_PAGE) {
    const page = await store.listLinks({ siteId: site.id, tag, limit: TAG_PAGE, offset });
    tagged.push(...page.items);
    if (page.items.length < TAG_PAGE) break;
  }
  if (tagged.length === 0) {
    throw new DataRequestError('tag_unknown', `No link of site "${site.domain}" has the tag "${tag}".`);
  }
  return linksTarget(site, 'tag', tag, await withVariants(store, tagged));
}

function linksTarget(site: Site, kind: DataTargetKind, ref: string, links: Link[]): DataTarget {
  const sorted = links.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return {
    site,
    kind,
    ref,
    links: sorted,
    scope: { siteId: site.id, linkIds: sorted.map((link) => link.id) },
  };
}

/** The links and, recursively, their variants: deleting a link deletes its variants too. */
async function withVariants(store: Store, roots: readonly Link[]): Promise<Link[]> {
  const found = new Map(roots.map((link) => [link.id, link]));
  const queue = [...roots];
  for (let link = queue.shift(); link !== undefined; link = queue.shift()) {
    for (const variant of await store.listVariants(link.id)) {
      if (found.has(variant.id)) continue;
      found.set(variant.id, variant);
      queue.push(variant);
    }
  }
  return [...found.values()];
}
