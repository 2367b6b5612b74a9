import { classify } from '../classify/index.js';
import { trackedSource } from '../classify/sources.js';
import type { Classification, ClassifyInput } from '../classify/taxonomy.js';
import { browserFamily } from '../privacy/browser-family.js';
import type { CountryLookup } from '../privacy/country.js';
import { countryFromHeaders } from '../privacy/country.js';
import { deviceClass } from '../privacy/device-class.js';
import { optedOut } from '../privacy/dnt.js';
import { firstHeaderValue, type HeaderBag } from '../privacy/header-value.js';
import { modePolicy } from '../privacy/modes.js';
import { scrubReferrer } from '../privacy/referrer.js';
import type { DailySalts } from '../privacy/salts.js';
import { scrubUrl } from '../privacy/scrub-url.js';
import { hashVisitor } from '../privacy/visitor-id.js';
import type { InstallWatch } from '../sites/install-watch.js';
import type { SiteDirectory } from '../sites/site-directory.js';
import { isSiteHost } from '../sites/site-hosts.js';
import type { NewEvent, Site } from '../store/store.js';
import type { EventPayload } from './event-payload.js';
import type { EventSink } from './event-sink.js';
import { isRevenueProp, propsWithoutRevenue } from './revenue.js';
import {
  formatShareToken,
  newViewId,
  originOf,
  parseShareToken,
  type ShareToken,
  tokenDay,
} from './share-token.js';

/** What the HTTP layer knows of one tracker request. The IP never leaves this call. */
export interface IngestRequest {
  payload: EventPayload;
  /** The request's `Origin` header: only the site's own pages may send its events. */
  origin: string | undefined;
  userAgent: string | undefined;
  ip: string;
  headers: HeaderBag;
}

export type IngestOutcome =
  | { status: 200; body: { k?: string } }
  | { status: 202 }
  | { status: 204; reason: 'bot' | 'do-not-track' };

export class IngestRejection extends Error {
  constructor(
    readonly code: 'site_unknown' | 'origin_forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'IngestRejection';
  }
}

export interface IngestDeps {
  sites: SiteDirectory;
  salts: DailySalts;
  sink: EventSink;
  countries?: CountryLookup | undefined;
  /**
   * The CDN country headers believed (src/privacy/country.ts `trustedCountryHeaders`): none unless
   * a proxy is trusted, so a client cannot pick its own country (issue 13, finding 12).
   */
  countryHeaders?: readonly string[] | undefined;
  /** Told of each event's origin, taken or refused: the install check (src/sites/install-watch.ts). */
  install?: Pick<InstallWatch, 'seen' | 'refused'> | undefined;
  now?: () => number;
}

/** Events other than page views describe an action on the page, not how the visitor came. */
function actionClassification(payload: EventPayload): Classification {
  const shared = payload.t === 'share' && payload.n ? trackedSource(payload.n) : undefined;
  if (shared)
    return {
      kind: 'human',
      ...shared.info,
      source: shared.source,
      evidence: 'share-token',
      confidence: 'certain',
    };
  if (payload.t === 'copy') {
    return {
      kind: 'human',
      channel: 'dark-social',
      medium: 'copy-paste',
      source: 'direct',
      evidence: 'none',
      confidence: 'likely',
    };
  }
  return {
    kind: 'human',
    channel: 'internal',
    medium: 'internal',
    source: 'direct',
    evidence: 'none',
    confidence: 'certain',
  };
}

/**
 * The props as JSON text, without `revenue`, which goes to its own columns. Every privacy mode
 * keeps it: an amount and a currency say what was sold, not who bought it (docs/privacy.md).
 */
function propsAndRevenue(payload: EventPayload): Pick<NewEvent, 'props' | 'revenue' | 'currency'> {
  const props = propsWithoutRevenue(payload.p);
  // readEventPayload checked it and upper-cased its currency; a scalar `revenue` is a property.
  const found = payload.p?.revenue;
  const revenue = isRevenueProp(found) ? found : undefined;
  return {
    props: props ? JSON.stringify(props) : null,
    revenue: revenue?.amount ?? null,
    currency: revenue?.currency ?? null,
  };
}

function shareTokenFacts(token: ShareToken | undefined): ClassifyInput['shareToken'] {
  if (!token) return undefined;
  return token.kind === 'button' ? { channel: token.channel } : formatShareToken(token);
}

/**
 * Ingestion of one tracker event (issue #4): checks the site and origin, honours DNT/GPC where
 * the site asks, classifies, applies the site's privacy mode (scrubbed URL and referrer, daily
 * visitor hash, country then the IP dropped), follows share tokens from generation to
 * generation, and hands the event to the sink. Never waits on the store in the common case.
 */
export class IngestService {
  /**
   * Origin checks per site object and Origin header: a site's pages send the same few origins.
   * The site directory hands out a new object when a site changes (its extra origins too), so
   * keying by the object needs no key built per event (issue 12) and forgets a changed site.
   */
  private readonly origins = new WeakMap<Site, Map<string | undefined, boolean>>();

  constructor(private readonly deps: IngestDeps) {}

  private originAllowed(site: Site, origin: string | undefined): boolean {
    let known = this.origins.get(site);
    if (!known) {
      known = new Map();
      this.origins.set(site, known);
    }
    let allowed = known.get(origin);
    if (allowed === undefined) {
      // The hosts allowed to send a site's events: its domain, www., and any extra origins.
      allowed = isSiteHost(site, origin);
      // Bounded: any client can send any Origin header.
      if (known.size >= 1_000) known.clear();
      known.set(origin, allowed);
    }
    return allowed;
  }

  async ingest(request: IngestRequest): Promise<IngestOutcome> {
    const { payload } = request;
    const site = await this.deps.sites.byDomain(payload.s);
    if (!site) throw new IngestRejection('site_unknown', `There is no site "${payload.s}".`);
    const now = this.deps.now?.() ?? Date.now();
    if (!this.originAllowed(site, request.origin)) {
      this.deps.install?.refused(site, request.origin, now);
      throw new IngestRejection(
        'origin_forbidden',
        `Events for ${site.domain} must come from its own pages or an origin added to the site (Sites page, or \`penumbra sites update ${site.domain} --add-origin HOST\`).`,
      );
    }
    this.deps.install?.seen(site, request.origin, now);
    if (site.respectDnt && optedOut(request.headers)) return { status: 204, reason: 'do-not-track' };
    // The site's mode decides, never the payload (issue #7, DESIGN.md §4): strict drops campaign
    // parameters and honours no share token at all (CNIL self-assessment reading, facts §6.1).
    const policy = modePolicy(site.privacyMode);
    // The site's own parameters come from its stored setting, never from the payload (the
    // snippet's `data-params` is only the client's half of the list). Strict keeps them too: they
    // are the site's content ids (`?page=2`, `?lang=fr`), not campaign data — DESIGN.md §4 allows
    // "the project's own, configured ones", and strict drops only campaign parameters and click ids.
    const page = scrubUrl(payload.u, { keepCampaign: policy.keepCampaign, allowParams: site.queryParams });
    const arriving =
      payload.t === 'pageview' && policy.shareTokens !== 'none' ? parseShareToken(payload.k) : undefined;
    const classification =
      payload.t === 'pageview'
        ? classify({
            url: page ? `https://${page.host}${page.path}` : payload.u,
            referrer: payload.r ? scrubReferrer(payload.r, site.privacyMode) : undefined,
            userAgent: request.userAgent,
            hints: payload.g ? { globals: payload.g } : undefined,
            shareToken: shareTokenFacts(arriving),
            landingPaths: site.landingPaths,
          })
        : actionClassification(payload);
    if (classification.kind !== 'human') return { status: 204, reason: 'bot' };

    const generation = arriving ? arriving.generation + 1 : 0;
    const origin = arriving ? arriving.origin : originOf(classification.source);
    // Per-view ids link a sharer's and a recipient's visits: only on a consented-mode site, and only
    // for a visitor whose page says consent was given (`c`, ePrivacy art. 5(3), facts §6.3). An
    // anonymous site keeps neither id even when the payload claims consent or carries a `c` token.
    const perView = policy.shareTokens === 'per-view' && payload.c === 1 && payload.t === 'pageview';
    const viewId = perView ? newViewId() : null;
    const salt = await this.deps.salts.saltFor(now);
    const event: NewEvent = {
      siteId: site.id,
      linkId: null,
      type: payload.t,
      ...classification,
      occurredAt: now,
      path: page?.path ?? null,
      visitorHash: salt
        ? hashVisitor({ salt, siteId: site.id, ip: request.ip, userAgent: request.userAgent ?? '' })
        : null,
      country:
        countryFromHeaders(request.headers, this.deps.countryHeaders ?? []) ??
        this.deps.countries?.lookup(request.ip) ??
        null,
      device: deviceClass(request.userAgent ?? '', firstHeaderValue(request.headers, 'sec-ch-ua-mobile')),
      // A family of eight, never a version, kept in every mode like the device class (docs/privacy.md).
      browser: browserFamily(request.userAgent ?? ''),
      generation: payload.t === 'pageview' ? generation : null,
      shareId: viewId,
      parentShareId: perView && arriving?.kind === 'view' ? arriving.id : null,
      originChannel: payload.t === 'pageview' ? origin : null,
      name: payload.n ?? null,
      ...propsAndRevenue(payload),
      value: payload.v ?? null,
    };
    this.deps.sink.push(event);
    if (payload.t !== 'pageview') return { status: 202 };
    // A strict site gets no token: a snippet whose `data-mode` still says otherwise (installed
    // before the switch) must not go on writing share tokens into address bars (DESIGN.md §4).
    if (policy.shareTokens === 'none') return { status: 200, body: {} };
    const token: ShareToken = viewId
      ? { kind: 'view', generation, origin, id: viewId }
      : { kind: 'page', generation, origin, day: tokenDay(now) };
    return { status: 200, body: { k: formatShareToken(token) } };
  }
}
