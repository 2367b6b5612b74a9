import { randomUUID } from 'node:crypto';
import type { SiteService } from '../sites/site-service.js';
import { type Link, type LinkPatch, type NewLink, type Store, StoreConflictError } from '../store/store.js';
import type { CachedLink } from './cached-link.js';
import { LinkCache } from './link-cache.js';
import {
  validateChannels,
  validateExpiry,
  validateImage,
  validateMaxClicks,
  validateTags,
  validateText,
} from './link-fields.js';
import { LinkInputError } from './link-input-error.js';
import { type LinkView, linkView } from './link-view.js';
import { type PagePreview, readPagePreview } from './page-autofill.js';
import { generateSlug, validateSlug } from './slugs.js';
import { validateTarget } from './validate-target.js';
import { validateUtm } from './validate-utm.js';
import {
  effectivePreview,
  nextCustomPreview,
  patchForVariant,
  type VariantPreviewInput,
} from './variant-previews.js';

export interface CreateLinkInput {
  url: string;
  /** Site id or domain; the default site when absent. */
  site?: string | undefined;
  slug?: string | undefined;
  title?: string | null | undefined;
  description?: string | null | undefined;
  image?: string | null | undefined;
  /** One variant per channel, each with its own slug: a click on it proves the channel. */
  channels?: readonly string[] | undefined;
  utm?: Record<string, string> | undefined;
  tags?: readonly string[] | undefined;
  expiresAt?: string | null | undefined;
  maxClicks?: number | null | undefined;
  /**
   * Fill the title, description and image the input leaves out (undefined) from the page's own
   * tags (page-autofill.ts); what the input gives, null included, wins.
   */
  autofill?: boolean | undefined;
}

export type UpdateLinkInput = Partial<Omit<CreateLinkInput, 'site' | 'slug' | 'channels' | 'autofill'>> & {
  disabled?: boolean | undefined;
};

export interface LinkListQuery {
  site?: string | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

export interface LinkServiceOptions {
  baseUrl: string;
  allowPrivateTargets: boolean;
  /** Auto-fill may fetch loopback pages (PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: tests, intranets). */
  outboundAllowLoopback?: boolean;
}

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 1_000;

/** Generated slugs collide rarely (28^7 ≈ 1.3·10^10); a few retries make it vanishingly rare. */
const SLUG_ATTEMPTS = 5;

/** Links and share kits: validation, slugs, persistence, and the cache the redirect reads. */
export class LinkService {
  readonly cache: LinkCache;

  constructor(
    private readonly store: Store,
    private readonly sites: SiteService,
    private readonly options: LinkServiceOptions,
    cache?: LinkCache,
  ) {
    this.cache = cache ?? new LinkCache(store);
  }

  /**
   * The title, description and image a page gives itself, for a kit's form to start from
   * (issue 15). The URL is checked as a kit's target first.
   */
  async autofill(url: string): Promise<PagePreview> {
    const target = validateTarget(url, { allowPrivateHosts: this.options.allowPrivateTargets });
    return readPagePreview(target, { allowLoopback: this.options.outboundAllowLoopback === true });
  }

  /**
   * The input with what it leaves out filled from the page (when it asks for `autofill`), cut to
   * the fields' lengths; `autofill` is then spent.
   */
  async withPageFields(input: CreateLinkInput): Promise<CreateLinkInput> {
    if (!input.autofill) return input;
    if (input.title !== undefined && input.description !== undefined && input.image !== undefined)
      return input;
    const page = await this.autofill(input.url);
    return {
      ...input,
      autofill: false,
      title: input.title === undefined ? page.title?.slice(0, TITLE_MAX) : input.title,
      description:
        input.description === undefined ? page.description?.slice(0, DESCRIPTION_MAX) : input.description,
      image: input.image === undefined ? page.image : input.image,
    };
  }

  async create(request: CreateLinkInput): Promise<LinkView> {
    const input = await this.withPageFields(request);
    const site =
      input.site === undefined ? await this.sites.defaultSite() : await this.sites.find(input.site);
    if (!site) throw new LinkInputError('site_unknown', `There is no site "${input.site}".`, 'site');
    const fields = this.validateFields(input);
    const channels = validateChannels(input.channels);
    const customSlug = input.slug === undefined ? undefined : validateSlug(input.slug);
    for (let attempt = 1; ; attempt++) {
      const parent = this.newLink(site.id, null, null, customSlug ?? generateSlug(), fields);
      const variants = channels.map((channel) =>
        this.newLink(site.id, parent.id, channel, generateSlug(), fields),
      );
      try {
        const created = await this.store.createLinks([parent, ...variants]);
        this.cache.putAll(created);
        const [main, ...rest] = created;
        return linkView(this.options.baseUrl, main as Link, rest);
      } catch (error) {
        if (!(error instanceof StoreConflictError)) throw error;
        if (customSlug !== undefined && (await this.store.getLinkBySlug(customSlug))) {
          throw new LinkInputError('slug_taken', `The slug "${customSlug}" is already used.`, 'slug');
        }
        if (attempt >= SLUG_ATTEMPTS) throw error;
      }
    }
  }

  private validateFields(input: UpdateLinkInput & { url: string }) {
    const allowPrivateHosts = this.options.allowPrivateTargets;
    return {
      url: validateTarget(input.url, { allowPrivateHosts }),
      title: validateText(input.title, 'title', TITLE_MAX),
      description: validateText(input.description, 'description', DESCRIPTION_MAX),
      image: validateImage(input.image, allowPrivateHosts),
      utm: validateUtm(input.utm ?? {}),
      tags: validateTags(input.tags),
      expiresAt: validateExpiry(input.expiresAt),
      maxClicks: validateMaxClicks(input.maxClicks),
    };
  }

  private newLink(
    siteId: string,
    parentId: string | null,
    channel: string | null,
    slug: string,
    fields: ReturnType<LinkService['validateFields']>,
  ): NewLink {
    return { id: randomUUID(), siteId, parentId, channel, slug, disabled: false, ...fields };
  }

  /** A link with its variants; a variant id answers with its own kit's main link. */
  async get(id: string): Promise<LinkView | undefined> {
    const link = await this.store.getLink(id);
    if (!link) return undefined;
    const main = link.parentId ? await this.store.getLink(link.parentId) : link;
    if (!main) return undefined;
    return this.view(main);
  }

  /** A kit as the API shows it, with each variant's custom preview. */
  private async view(main: Link): Promise<LinkView> {
    const variants = await this.store.listVariants(main.id);
    const customs = await this.store.previews.listVariantPreviews(variants.map((variant) => variant.id));
    return linkView(this.options.baseUrl, main, variants, customs);
  }

  /**
   * Sets the custom preview of one variant (a variant id); its short link's preview page shows
   * it from then on. Undefined when there is no such link.
   */
  async setVariantPreview(variantId: string, input: VariantPreviewInput): Promise<LinkView | undefined> {
    const variant = await this.store.getLink(variantId);
    if (!variant) return undefined;
    const kit = variant.parentId ? await this.store.getLink(variant.parentId) : undefined;
    if (!kit) {
      throw new LinkInputError(
        'not_a_variant',
        'Only a variant of a share kit has a preview of its own: change the kit itself instead.',
        'id',
      );
    }
    const [current] = await this.store.previews.listVariantPreviews([variantId]);
    const custom = nextCustomPreview(current, input, this.options.allowPrivateTargets);
    await this.store.previews.putVariantPreview({
      linkId: variantId,
      ...custom,
      updatedAt: new Date().toISOString(),
    });
    const updated = await this.store.updateLink(variantId, effectivePreview(kit, custom));
    if (updated) this.cache.put(updated, this.cache.get(kit.slug));
    return this.view(kit);
  }

  async list(query: LinkListQuery): Promise<{ items: LinkView[]; total: number }> {
    const site = query.site === undefined ? undefined : await this.sites.find(query.site);
    if (query.site !== undefined && !site) return { items: [], total: 0 };
    const page = await this.store.listLinks({
      mainOnly: true,
      limit: query.limit,
      offset: query.offset,
      ...(site ? { siteId: site.id } : {}),
      ...(query.tag === undefined ? {} : { tag: query.tag }),
    });
    const items = await Promise.all(page.items.map((link) => this.view(link)));
    return { items, total: page.total };
  }

  /** Changes a kit: the shared fields apply to the main link and to every variant. */
  async update(id: string, input: UpdateLinkInput): Promise<LinkView | undefined> {
    const link = await this.store.getLink(id);
    if (!link) return undefined;
    const mainId = link.parentId ?? link.id;
    const patch = this.validatePatch(input);
    const variantIds = (await this.store.listVariants(mainId)).map((variant) => variant.id);
    const kit = [mainId, ...variantIds];
    // A variant's own preview fields stay as the editor set them (variant-previews.ts).
    const customs = new Map(
      (await this.store.previews.listVariantPreviews(variantIds)).map((custom) => [custom.linkId, custom]),
    );
    // The kit first (mainId), so that its variants share its strings in the cache.
    let cachedKit: CachedLink | undefined;
    for (const linkId of kit) {
      const updated = await this.store.updateLink(linkId, patchForVariant(patch, customs.get(linkId)));
      if (updated) {
        const cached = this.cache.put(updated, cachedKit);
        if (linkId === mainId) cachedKit = cached;
      }
    }
    if (patch.maxClicks !== undefined) await this.cache.loadClicks(kit);
    return this.get(mainId);
  }

  private validatePatch(input: UpdateLinkInput): LinkPatch {
    const allowPrivateHosts = this.options.allowPrivateTargets;
    const patch: LinkPatch = {};
    if (input.url !== undefined) patch.url = validateTarget(input.url, { allowPrivateHosts });
    if (input.title !== undefined) patch.title = validateText(input.title, 'title', 300);
    if (input.description !== undefined)
      patch.description = validateText(input.description, 'description', 1_000);
    if (input.image !== undefined) patch.image = validateImage(input.image, allowPrivateHosts);
    if (input.utm !== undefined) patch.utm = validateUtm(input.utm);
    if (input.tags !== undefined) patch.tags = validateTags(input.tags);
    if (input.expiresAt !== undefined) patch.expiresAt = validateExpiry(input.expiresAt);
    if (input.maxClicks !== undefined) patch.maxClicks = validateMaxClicks(input.maxClicks);
    if (input.disabled !== undefined) patch.disabled = input.disabled;
    return patch;
  }

  /** Deletes a kit (main link, variants, their events); a variant id deletes its whole kit. */
  async delete(id: string): Promise<boolean> {
    const link = await this.store.getLink(id);
    if (!link) return false;
    const mainId = link.parentId ?? link.id;
    const variants = await this.store.listVariants(mainId);
    const main = link.parentId ? await this.store.getLink(mainId) : link;
    const deleted = await this.store.deleteLink(mainId);
    for (const gone of [...variants, ...(main ? [main] : [])]) this.cache.remove(gone);
    return deleted;
  }
}
