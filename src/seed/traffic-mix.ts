import { classify } from '../classify/index.js';
import type { Classification, ClassifyInput } from '../classify/taxonomy.js';
import { SAMPLE_AGENTS, type SampleAgent } from './sample-agents.js';
import {
  ARRIVALS,
  type ArrivalProfile,
  CONVERSION_RATES,
  COPY_BUCKETS,
  COUNTRIES,
  type ConversionRate,
  CUSTOM_EVENTS,
  DEVICE_MIXES,
  type Device,
  type DeviceMix,
  EMAIL_CONVERSION,
  KIT_VARIANTS,
  LINK_BOTS,
  NEWSLETTER_LISTS,
  OUTBOUND_HOSTS,
  PAGES_PER_VISIT,
  PASTES,
  SHARE_BUTTONS,
  SUBSCRIPTIONS,
} from './traffic-profiles.js';
import { WeightedPicker } from './weighted-picker.js';

/** An arriving visit: its classification, or `bare` when the landing path decides it. */
export interface Arrival {
  classification: Classification | null;
  bare: 'front' | 'article' | null;
  devices: WeightedPicker<Device>;
}

export interface ShareButton {
  app: string;
  /** The `share` event itself, as ingestion classifies it. */
  action: Classification;
  /** A visit that arrives through the shared link (a `b.` share token naming the app). */
  recipient: Classification;
  reach: number;
  devices: WeightedPicker<Device>;
}

export interface VariantTraffic {
  weight: number;
  /** A person opening the variant's short link. */
  click: Classification;
  /** The preview fetchers that draw its card (null: none, e.g. a QR code). */
  previews: WeightedPicker<Classification | null>;
  clicks: number;
  devices: WeightedPicker<Device>;
}

/** Every classification and table the generator draws from, computed once per site. */
export interface TrafficMix {
  arrivals: WeightedPicker<Arrival>;
  /** A following page view: navigation inside the site. */
  internal: Classification;
  pastes: WeightedPicker<Classification>;
  buttons: WeightedPicker<ShareButton>;
  variants: ReadonlyMap<string, VariantTraffic>;
  bots: WeightedPicker<Classification>;
  countries: WeightedPicker<string>;
  devices: Readonly<Record<DeviceMix, WeightedPicker<Device>>>;
  /** `copy` events and the other on-page actions (outbound, custom), as ingestion classifies them. */
  copyAction: Classification;
  pageAction: Classification;
  copyBuckets: WeightedPicker<number>;
  outboundHosts: WeightedPicker<string>;
  customEvents: WeightedPicker<(typeof CUSTOM_EVENTS)[number]>;
  pagesPerVisit: WeightedPicker<number>;
  /** A newsletter sign-up's props, and a subscription's plan and revenue (issue 14). */
  newsletterLists: WeightedPicker<string>;
  subscriptions: WeightedPicker<(typeof SUBSCRIPTIONS)[number]>;
  /** How a visit that arrived as `arrival` converts (CONVERSION_RATES); a lookup, no work per visit. */
  conversionRate(arrival: Classification): ConversionRate;
  /** What a visit with no referrer to `path` is (direct on a landing page, else dark social). */
  bareArrival(path: string): Classification;
  /** What a visit landing on `url` (a short link's target with its UTM) is. */
  landing(url: string): Classification;
}

/** Ingestion's classification of on-page actions (src/events/ingest-service.ts, actionClassification). */
const COPY_ACTION: Classification = {
  kind: 'human',
  channel: 'dark-social',
  medium: 'copy-paste',
  source: 'direct',
  evidence: 'none',
  confidence: 'likely',
};
const PAGE_ACTION: Classification = {
  kind: 'human',
  channel: 'internal',
  medium: 'internal',
  source: 'direct',
  evidence: 'none',
  confidence: 'certain',
};

/** Internal navigation and the rest: conversions are credited to the visit's arrival, never to these. */
const NO_CONVERSION: ConversionRate = { signup: 0, offer: 0 };

function picker<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedPicker<T> {
  return new WeightedPicker(entries);
}

export function buildTrafficMix(site: { domain: string; landingPaths: readonly string[] }): TrafficMix {
  const origin = `https://${site.domain}`;
  const agent = (name: SampleAgent | undefined) => (name === undefined ? undefined : SAMPLE_AGENTS[name]);
  const run = (input: Omit<ClassifyInput, 'landingPaths'>): Classification =>
    classify({ ...input, landingPaths: site.landingPaths });
  const devices = Object.fromEntries(
    Object.entries(DEVICE_MIXES).map(([name, mix]) => [name, picker(mix)]),
  ) as Record<DeviceMix, WeightedPicker<Device>>;

  const arrival = (profile: ArrivalProfile): Arrival => ({
    classification: profile.bare
      ? null
      : run({
          url: `${origin}/world/a-story${profile.query ? `?${profile.query}` : ''}`,
          referrer: profile.referrer,
          userAgent: agent(profile.agent) ?? SAMPLE_AGENTS.desktopChrome,
          hints: profile.hints,
        }),
    bare: profile.bare ?? null,
    devices: devices[profile.devices],
  });

  const token = 'a.0.whatsapp.20260101';
  const buttons = SHARE_BUTTONS.map((button): readonly [ShareButton, number] => {
    const recipient = run({
      url: `${origin}/world/a-story`,
      userAgent: SAMPLE_AGENTS.iphoneSafari,
      shareToken: { channel: button.app },
    });
    // Ingestion files the `share` event itself under the same app, share-token evidence, certain.
    const share = { app: button.app, action: recipient, recipient, reach: button.reach };
    return [{ ...share, devices: devices[button.devices] }, button.weight];
  });

  const variants = new Map<string, VariantTraffic>();
  for (const [channel, variant] of Object.entries(KIT_VARIANTS)) {
    const previews = variant.previews.map(
      ([name, weight]) =>
        [name === null ? null : run({ url: `${origin}/x`, userAgent: SAMPLE_AGENTS[name] }), weight] as const,
    );
    variants.set(channel, {
      weight: variant.weight,
      click: run({ url: `${origin}/x`, userAgent: SAMPLE_AGENTS.iphoneSafari, trackedChannel: channel }),
      previews: picker(previews),
      clicks: variant.clicks,
      devices: devices[variant.devices],
    });
  }

  return {
    arrivals: picker(ARRIVALS.map((profile) => [arrival(profile), profile.weight] as const)),
    internal: run({
      url: `${origin}/world/next-story`,
      referrer: `${origin}/world/a-story`,
      userAgent: SAMPLE_AGENTS.iphoneSafari,
    }),
    pastes: picker(
      PASTES.map(
        (paste) =>
          [
            run({
              url: `${origin}/world/a-story`,
              referrer: paste.referrer,
              userAgent: agent(paste.agent) ?? SAMPLE_AGENTS.iphoneSafari,
              shareToken: token,
            }),
            paste.weight,
          ] as const,
      ),
    ),
    buttons: picker(buttons),
    variants,
    bots: picker(
      LINK_BOTS.map(([name, weight]) => [
        run({ url: `${origin}/x`, userAgent: SAMPLE_AGENTS[name] }),
        weight,
      ]),
    ),
    countries: picker(COUNTRIES),
    devices,
    copyAction: COPY_ACTION,
    pageAction: PAGE_ACTION,
    copyBuckets: picker(COPY_BUCKETS),
    outboundHosts: picker(OUTBOUND_HOSTS),
    customEvents: picker(CUSTOM_EVENTS.map((event) => [event, event.weight] as const)),
    pagesPerVisit: picker(PAGES_PER_VISIT),
    newsletterLists: picker(NEWSLETTER_LISTS),
    subscriptions: picker(SUBSCRIPTIONS.map((plan) => [plan, plan.weight] as const)),
    conversionRate: (arrival) =>
      arrival.medium === 'email' ? EMAIL_CONVERSION : (CONVERSION_RATES[arrival.channel] ?? NO_CONVERSION),
    bareArrival: (path) => run({ url: `${origin}${path}`, userAgent: SAMPLE_AGENTS.iphoneSafari }),
    landing: (url) => run({ url, userAgent: SAMPLE_AGENTS.iphoneSafari }),
  };
}
