import type { Classification } from '../classify/taxonomy.js';
import { originOf } from '../events/share-token.js';
import { applyUtm } from '../links/apply-utm.js';
import type { EventType, NewEvent } from '../store/store.js';
import { demoBrowser } from './demo-browser.js';
import { type NewsSite, zipfPicker } from './news-paths.js';
import { randomHex32 } from './random-hex.js';
import type { Arrival, TrafficMix, VariantTraffic } from './traffic-mix.js';
import { type Device, SUBSCRIBE_CHANCE } from './traffic-profiles.js';
import { WeightedPicker } from './weighted-picker.js';

export interface SeedSite {
  id: string;
  domain: string;
  landingPaths: readonly string[];
  timezone: string;
}

/** A share kit as the generator needs it: its target and one id per channel variant. */
export interface SeedKit {
  url: string;
  utm: Readonly<Record<string, string>>;
  variants: ReadonlyArray<{ id: string; channel: string }>;
}

interface Page {
  path: string;
  /** A visit that lands here with no referrer (direct on a landing page, else dark social). */
  bare: Classification;
}

interface Visitor {
  hash: string;
  country: string;
  device: Device;
}

interface KitVariant {
  id: string;
  traffic: VariantTraffic;
  /** The visit that follows a click: the target with `utm_source=<channel>` (applyUtm). */
  landing: Classification;
  landingOrigin: string;
}

interface Kit {
  page: Page;
  variants: WeightedPicker<KitVariant>;
}

/** A visit still to come: someone who received a shared link (copy-paste or share button). */
interface Recipient {
  time: number;
  page: Page;
  arrival: Classification;
  generation: number;
  origin: string;
  country: string;
  devices: WeightedPicker<Device>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Visitors remembered per device class for a same-day return visit (same daily hash). */
const RETURNING_POOL = 64;
const RETURNING_CHANCE = 0.1;
/** Chance that a visit's reader copies the address bar into a chat (gen 0, then later generations). */
const PASTE_CHANCE_FIRST = 0.03;
const PASTE_CHANCE_LATER = 0.2;
const MAX_GENERATION = 12;
/** A single episode never grows past this many recipients (a runaway cascade would eat a day's budget). */
const MAX_RECIPIENTS = 200;
/** Episodes that are a share through a kit (each brings a few clicks and visits), or a bot on a short link. */
const KIT_SHARE_CHANCE = 0.03;
const LINK_BOT_CHANCE = 0.005;
/** Home page share of front-page views (the rest go to section fronts). */
const HOME_SHARE = 0.8;
/** Per page view. Custom events besides the conversions (traffic-profiles.ts CUSTOM_EVENTS). */
const ACTION = { copy: 0.03, share: 0.008, outbound: 0.05, event: 0.017 };

/**
 * Makes the demo's traffic one episode at a time: a visit (its arrival, internal page views, the
 * copies, shares, outbound clicks and custom events on its pages, and the share cascade it
 * starts), a share-kit share (the app's preview fetch, then clicks and the visits they bring), or
 * a bot on a short link. Every choice is drawn from the seeded generator and precomputed tables,
 * so an event costs a few random numbers and one object.
 */
export class TrafficGenerator {
  private readonly home: Page;
  /** The subscription offer page: reached by navigation from a visit that converts (issue 14). */
  private readonly offer: Page;
  private readonly sections: WeightedPicker<Page>;
  private readonly articles: Page[];
  private readonly evergreen: WeightedPicker<Page>;
  private readonly ranks: WeightedPicker<number>;
  private readonly kits: WeightedPicker<Kit> | null;
  private readonly internalOrigin: string;
  private readonly returning: Record<Device, Visitor[]> = { mobile: [], tablet: [], desktop: [] };
  private readonly recipients: Recipient[] = [];
  /** Moves the news cycle: each day a few new stories lead. */
  private newsShift = 0;
  private out: NewEvent[] = [];
  /** The browser family of the visit being written (demo-browser.ts): its person's events carry it. */
  private browser: string | null = null;

  constructor(
    private readonly site: SeedSite,
    private readonly mix: TrafficMix,
    private readonly random: () => number,
    private readonly now: number,
    news: NewsSite,
    kits: readonly SeedKit[],
    /**
     * Conversions draw from a stream of their own: a visit's sign-up or subscription leaves
     * every other draw — and so the rest of the traffic — as it would be without them.
     */
    private readonly conversionRandom: () => number = random,
  ) {
    const { fronts, articles } = news;
    const page = (path: string): Page => ({ path, bare: mix.bareArrival(path) });
    const [home, ...sections] = fronts.map((front) => page(front.path));
    this.home = home as Page;
    this.offer = page(news.offer.path);
    this.sections = zipfPicker(sections);
    this.articles = articles.map((article) => page(article.path));
    this.evergreen = zipfPicker(this.articles);
    this.ranks = zipfPicker(this.articles.map((_, rank) => rank));
    this.internalOrigin = originOf(mix.internal.source);
    const pagesByPath = new Map(
      [this.home, ...this.sections.values(), ...this.articles].map((known) => [known.path, known]),
    );
    const kitPages = kits.map((kit) => {
      const path = new URL(kit.url).pathname;
      return pagesByPath.get(path) ?? page(path);
    });
    this.kits =
      kits.length === 0 ? null : zipfPicker(kits.map((kit, index) => this.kit(kit, kitPages[index] as Page)));
  }

  private kit(kit: SeedKit, page: Page): Kit {
    const variants = kit.variants.flatMap((variant) => {
      const traffic = this.mix.variants.get(variant.channel);
      if (!traffic) return [];
      const landing = this.mix.landing(applyUtm(kit.url, { ...kit.utm }, variant.channel));
      const entry: KitVariant = { id: variant.id, traffic, landing, landingOrigin: originOf(landing.source) };
      return [[entry, traffic.weight] as const];
    });
    if (variants.length === 0) throw new RangeError(`kit ${kit.url} has no variant the demo knows`);
    return { page, variants: new WeightedPicker(variants) };
  }

  /** A new local day: return visits only within it (the hash is per visitor and day), a new news cycle. */
  startDay(dayIndex: number): void {
    this.newsShift = dayIndex * 3;
    for (const pool of Object.values(this.returning)) pool.length = 0;
  }

  /** Appends one episode starting at `time` to `out` (times may run a few hours later, never past now). */
  episode(time: number, out: NewEvent[]): void {
    this.out = out;
    const roll = this.random();
    if (this.kits && roll < KIT_SHARE_CHANCE) this.kitShare(time, this.kits.pick(this.random()));
    else if (this.kits && roll < KIT_SHARE_CHANCE + LINK_BOT_CHANCE)
      this.linkBot(time, this.kits.pick(this.random()));
    else this.arrival(time);
    this.followRecipients();
  }

  private arrival(time: number): void {
    const arrival: Arrival = this.mix.arrivals.pick(this.random());
    let page: Page;
    let classification: Classification;
    if (arrival.bare === 'front') {
      page = this.front();
      classification = page.bare;
    } else {
      page = this.random() < 0.04 ? this.front() : this.article();
      classification = arrival.classification ?? page.bare;
    }
    const visitor = this.visitor(arrival.devices, null);
    this.visit(time, page, classification, visitor, 0, originOf(classification.source));
  }

  private front(): Page {
    return this.random() < HOME_SHARE ? this.home : this.sections.pick(this.random());
  }

  /** Half evergreen long tail, half today's news cycle. */
  private article(): Page {
    if (this.random() < 0.5) return this.evergreen.pick(this.random());
    const rank = this.ranks.pick(this.random());
    return this.articles[(rank + this.newsShift) % this.articles.length] as Page;
  }

  private visitor(devices: WeightedPicker<Device>, country: string | null): Visitor {
    const device = devices.pick(this.random());
    const pool = this.returning[device];
    if (country === null && pool.length > 0 && this.random() < RETURNING_CHANCE) {
      return pool[Math.floor(this.random() * pool.length)] as Visitor;
    }
    const visitor: Visitor = {
      hash: randomHex32(this.random),
      country: country ?? this.mix.countries.pick(this.random()),
      device,
    };
    if (pool.length < RETURNING_POOL) pool.push(visitor);
    else pool[Math.floor(this.random() * RETURNING_POOL)] = visitor;
    return visitor;
  }

  /** 1–5 page views a few minutes apart: the arrival, then navigation inside the site. */
  private visit(
    start: number,
    landing: Page,
    arrival: Classification,
    visitor: Visitor,
    generation: number,
    origin: string,
  ): void {
    this.browser = demoBrowser(visitor.hash, visitor.device, arrival);
    const views = this.mix.pagesPerVisit.pick(this.random());
    let time = start;
    let page = landing;
    for (let view = 0; view < views; view++) {
      if (view > 0) {
        time += 20 * SECOND + Math.floor(this.exponential(2.5 * MINUTE));
        if (time > this.now) break;
        page = this.random() < 0.7 ? this.article() : this.front();
      }
      // Like ingestion: a page reached by navigation carries no share token (generation 0) and
      // its origin is its own source's (`referral`, the site's host being a referrer).
      const first = view === 0;
      const viewGeneration = first ? generation : 0;
      const viewOrigin = first ? origin : this.internalOrigin;
      const classification = first ? arrival : this.mix.internal;
      this.push('pageview', classification, time, null, page.path, visitor, viewGeneration, viewOrigin);
      this.actions(time, page, visitor, viewGeneration, viewOrigin);
    }
    this.conversion(time, page, arrival, visitor);
    const pasteChance = generation === 0 ? PASTE_CHANCE_FIRST : PASTE_CHANCE_LATER;
    if (generation < MAX_GENERATION && this.random() < pasteChance) {
      const count = 1 + this.geometric(0.6);
      for (let index = 0; index < count; index++) {
        this.recipient(
          start,
          landing,
          this.mix.pastes.pick(this.random()),
          generation + 1,
          origin,
          visitor,
          null,
        );
      }
    }
  }

  /** What a reader does on a page besides reading: copy text, share, leave, trigger an event. */
  private actions(time: number, page: Page, visitor: Visitor, generation: number, origin: string): void {
    const random = this.random;
    if (random() < ACTION.copy) {
      const value = this.mix.copyBuckets.pick(random());
      this.push(
        'copy',
        this.mix.copyAction,
        this.later(time, 5 * SECOND, 90 * SECOND),
        null,
        page.path,
        visitor,
        null,
        null,
        null,
        null,
        value,
      );
    }
    if (random() < ACTION.share) {
      const button = this.mix.buttons.pick(random());
      const at = this.later(time, 10 * SECOND, 2 * MINUTE);
      this.push('share', button.action, at, null, page.path, visitor, null, null, button.app);
      if (generation < MAX_GENERATION) {
        const count = this.geometric(button.reach);
        for (let index = 0; index < count; index++) {
          this.recipient(at, page, button.recipient, generation + 1, origin, visitor, button.devices);
        }
      }
    }
    if (random() < ACTION.outbound) {
      const host = this.mix.outboundHosts.pick(random());
      this.push(
        'outbound',
        this.mix.pageAction,
        this.later(time, 20 * SECOND, 3 * MINUTE),
        null,
        page.path,
        visitor,
        null,
        null,
        host,
      );
    }
    if (random() < ACTION.event) {
      const custom = this.mix.customEvents.pick(random());
      const at = this.later(time, 5 * SECOND, 2 * MINUTE);
      this.push(
        'event',
        this.mix.pageAction,
        at,
        null,
        page.path,
        visitor,
        null,
        null,
        custom.name,
        custom.props,
        custom.value,
        custom.revenue,
        custom.currency,
      );
    }
  }

  /**
   * How the visit may end (issue 14's goals): a newsletter sign-up on its last page, or the
   * subscription offer page and, for some, a paid subscription with its revenue — at the rates
   * of the visit's arrival (traffic-profiles.ts CONVERSION_RATES), drawn from the conversions' own
   * stream. One random number decides for most visits.
   */
  private conversion(time: number, page: Page, arrival: Classification, visitor: Visitor): void {
    const rate = this.mix.conversionRate(arrival);
    const random = this.conversionRandom;
    const roll = random();
    if (roll >= rate.signup + rate.offer) return;
    if (roll < rate.signup) {
      const list = this.mix.newsletterLists.pick(random());
      const at = this.later(time, 10 * SECOND, 3 * MINUTE, random);
      this.push(
        'event',
        this.mix.pageAction,
        at,
        null,
        page.path,
        visitor,
        null,
        null,
        'newsletter_signup',
        list,
      );
      return;
    }
    const offerAt = this.later(time, 20 * SECOND, 2 * MINUTE, random);
    const internal = this.mix.internal;
    this.push('pageview', internal, offerAt, null, this.offer.path, visitor, 0, this.internalOrigin);
    if (random() >= SUBSCRIBE_CHANCE) return;
    const plan = this.mix.subscriptions.pick(random());
    this.push(
      'event',
      this.mix.pageAction,
      this.later(offerAt, 30 * SECOND, 4 * MINUTE, random),
      null,
      this.offer.path,
      visitor,
      null,
      null,
      'subscribe',
      plan.props,
      null,
      plan.revenue,
      plan.currency,
    );
  }

  /** Someone who gets the link opens it minutes to hours later, often in the sender's country. */
  private recipient(
    sharedAt: number,
    page: Page,
    arrival: Classification,
    generation: number,
    origin: string,
    sender: Visitor,
    devices: WeightedPicker<Device> | null,
  ): void {
    if (this.recipients.length >= MAX_RECIPIENTS) return;
    const time = sharedAt + 2 * MINUTE + Math.floor(this.exponential(3 * HOUR));
    if (time > this.now) return;
    this.recipients.push({
      time,
      page,
      arrival,
      generation,
      origin,
      country: this.random() < 0.75 ? sender.country : this.mix.countries.pick(this.random()),
      devices: devices ?? this.mix.devices['mobile-heavy'],
    });
  }

  /** Visits of the shared links, breadth first: each may pass the link on again. */
  private followRecipients(): void {
    const queue = this.recipients;
    for (let index = 0; index < queue.length; index++) {
      const next = queue[index] as Recipient;
      const visitor = this.visitor(next.devices, next.country);
      this.visit(next.time, next.page, next.arrival, visitor, next.generation, next.origin);
    }
    queue.length = 0;
  }

  /**
   * A share through a kit variant: the app fetches the link to draw its preview, then the people
   * in the chat click over the next minutes and hours, and most of them read the story.
   */
  private kitShare(time: number, kit: Kit): void {
    const variant = kit.variants.pick(this.random());
    const traffic = variant.traffic;
    const preview = traffic.previews.pick(this.random());
    if (preview) this.push('preview', preview, time, variant.id);
    const clicks = 1 + this.geometric(traffic.clicks - 1);
    for (let click = 0; click < clicks; click++) {
      const at = time + MINUTE + Math.floor(this.exponential(25 * MINUTE));
      if (at > this.now) continue;
      this.push('click', traffic.click, at, variant.id);
      if (this.random() < 0.8) {
        const visitor = this.visitor(traffic.devices, null);
        this.visit(at + 2 * SECOND, kit.page, variant.landing, visitor, 0, variant.landingOrigin);
      }
    }
    if (this.random() < 0.12) this.linkBot(time + Math.floor(this.exponential(HOUR)), kit);
  }

  private linkBot(time: number, kit: Kit): void {
    if (time > this.now) return;
    const variant = kit.variants.pick(this.random());
    this.push('bot', this.mix.bots.pick(this.random()), time, variant.id);
  }

  /** One event; every field is set so that all events share one object shape (fast in V8). */
  private push(
    type: EventType,
    classification: Classification,
    occurredAt: number,
    linkId: string | null,
    path: string | null = null,
    visitor: Visitor | null = null,
    generation: number | null = null,
    originChannel: string | null = null,
    name: string | null = null,
    props: string | null = null,
    value: number | null = null,
    revenue: number | null = null,
    currency: string | null = null,
  ): void {
    this.out.push({
      siteId: this.site.id,
      linkId,
      type,
      kind: classification.kind,
      channel: classification.channel,
      medium: classification.medium,
      source: classification.source,
      evidence: classification.evidence,
      confidence: classification.confidence,
      occurredAt,
      path,
      visitorHash: visitor ? visitor.hash : null,
      country: visitor ? visitor.country : null,
      device: visitor ? visitor.device : null,
      browser: visitor ? this.browser : null,
      generation,
      shareId: null,
      parentShareId: null,
      originChannel,
      name,
      props,
      value,
      revenue,
      currency,
      dedupeKey: null,
    });
  }

  /** A moment after `time`, never past now. */
  private later(time: number, min: number, spread: number, random = this.random): number {
    return Math.min(this.now, time + min + Math.floor(random() * spread));
  }

  private exponential(mean: number): number {
    return -mean * Math.log(1 - this.random());
  }

  /** A count ≥ 0 with the given mean (geometric: many small, a few large). */
  private geometric(mean: number): number {
    if (mean <= 0) return 0;
    const stay = mean / (1 + mean);
    return Math.floor(Math.log(1 - this.random()) / Math.log(stay));
  }
}
