import type { ClassifyHints } from '../classify/taxonomy.js';
import type { SampleAgent } from './sample-agents.js';

/*
 * The demo's traffic mix, written as the requests that would produce it: each profile is a
 * referrer, user agent or landing query that the real classifier turns into a channel and
 * source once, when the mix is built (traffic-mix.ts). So every generated combination is one
 * the classifier gives, and a change to the classifier's tables carries over to the demo.
 * Weights are shares of arriving visits of a mid-sized English-language news site, where about a
 * third of arrivals come through private channels (dark-social-facts.md: Chartbeat, RadiumOne).
 */

export type DeviceMix = 'app' | 'mobile-heavy' | 'balanced' | 'desktop-heavy' | 'desktop';
export type Device = 'mobile' | 'tablet' | 'desktop';

export const DEVICE_MIXES: Readonly<Record<DeviceMix, ReadonlyArray<readonly [Device, number]>>> = {
  // Links opened from a phone app (WhatsApp, Messenger, SMS): phones, some tablets.
  app: [
    ['mobile', 0.9],
    ['tablet', 0.08],
    ['desktop', 0.02],
  ],
  'mobile-heavy': [
    ['mobile', 0.74],
    ['tablet', 0.06],
    ['desktop', 0.2],
  ],
  balanced: [
    ['mobile', 0.55],
    ['tablet', 0.05],
    ['desktop', 0.4],
  ],
  'desktop-heavy': [
    ['mobile', 0.28],
    ['tablet', 0.05],
    ['desktop', 0.67],
  ],
  // Web clients of chat and mail apps (web.whatsapp.com, Outlook on the web).
  desktop: [
    ['mobile', 0.03],
    ['tablet', 0.04],
    ['desktop', 0.93],
  ],
};

export interface ArrivalProfile {
  weight: number;
  devices: DeviceMix;
  referrer?: string;
  agent?: SampleAgent;
  /** Added to the landing URL (campaign parameters, click ids). */
  query?: string;
  hints?: ClassifyHints;
  /**
   * No referrer and nothing else: `front` lands on the home page or a section front, `article`
   * on a story. The classifier decides per path (direct on a landing page, dark social elsewhere).
   */
  bare?: 'front' | 'article';
}

export const ARRIVALS: readonly ArrivalProfile[] = [
  // Dark social: chat apps (Android app referrers, in-app browsers, web clients).
  { weight: 4.5, devices: 'app', referrer: 'android-app://com.whatsapp/' },
  { weight: 1.2, devices: 'app', agent: 'whatsappIos' },
  { weight: 0.8, devices: 'desktop', referrer: 'https://web.whatsapp.com/' },
  { weight: 2.2, devices: 'app', agent: 'messengerIos' },
  { weight: 0.4, devices: 'app', referrer: 'android-app://com.facebook.orca/' },
  { weight: 1.2, devices: 'app', referrer: 'android-app://org.telegram.messenger/' },
  { weight: 0.8, devices: 'app', hints: { globals: ['TelegramWebviewProxy'] } },
  { weight: 0.2, devices: 'desktop', referrer: 'https://web.telegram.org/' },
  { weight: 0.6, devices: 'app', referrer: 'android-app://org.thoughtcrime.securesms/' },
  { weight: 0.4, devices: 'desktop', referrer: 'https://slack.com/' },
  { weight: 0.3, devices: 'desktop', referrer: 'https://teams.microsoft.com/' },
  { weight: 0.3, devices: 'desktop-heavy', referrer: 'https://discord.com/' },
  // Dark social: e-mail (webmail, mail apps, the newsletter) and SMS.
  { weight: 1.4, devices: 'desktop-heavy', referrer: 'https://mail.google.com/' },
  { weight: 0.6, devices: 'app', referrer: 'android-app://com.google.android.gm/' },
  { weight: 0.8, devices: 'desktop', referrer: 'https://outlook.live.com/' },
  { weight: 0.3, devices: 'desktop-heavy', referrer: 'https://mail.yahoo.com/' },
  {
    weight: 2.8,
    devices: 'balanced',
    query: 'utm_source=newsletter&utm_medium=email&utm_campaign=morning-briefing',
  },
  { weight: 0.7, devices: 'app', referrer: 'android-app://com.google.android.apps.messaging/' },
  { weight: 0.2, devices: 'app', query: 'utm_source=sms&utm_medium=sms&utm_campaign=breaking' },
  // Dark social: a deep link with no referrer (a chat app or mail client that sends none).
  { weight: 9, devices: 'mobile-heavy', bare: 'article' },
  // Search.
  { weight: 26, devices: 'balanced', referrer: 'https://www.google.com/' },
  { weight: 1.5, devices: 'app', agent: 'googleAppIos' },
  { weight: 2.8, devices: 'desktop-heavy', referrer: 'https://www.bing.com/' },
  { weight: 1.4, devices: 'balanced', referrer: 'https://duckduckgo.com/' },
  { weight: 0.6, devices: 'desktop-heavy', referrer: 'https://search.yahoo.com/' },
  { weight: 0.5, devices: 'balanced', referrer: 'https://www.ecosia.org/' },
  { weight: 0.3, devices: 'mobile-heavy', referrer: 'https://search.brave.com/' },
  { weight: 0.2, devices: 'desktop-heavy', referrer: 'https://www.qwant.com/' },
  { weight: 0.2, devices: 'balanced', referrer: 'https://yandex.com/' },
  // Social networks.
  { weight: 3.5, devices: 'app', agent: 'facebookIos' },
  { weight: 1.5, devices: 'mobile-heavy', referrer: 'https://l.facebook.com/' },
  { weight: 0.5, devices: 'mobile-heavy', query: 'fbclid=IwAR0demo' },
  { weight: 1.0, devices: 'app', agent: 'instagramIos' },
  { weight: 2.0, devices: 'mobile-heavy', referrer: 'https://t.co/' },
  { weight: 0.6, devices: 'app', agent: 'linkedinIos' },
  { weight: 0.8, devices: 'desktop-heavy', referrer: 'https://www.linkedin.com/' },
  { weight: 1.2, devices: 'balanced', referrer: 'https://www.reddit.com/' },
  { weight: 0.4, devices: 'mobile-heavy', referrer: 'https://bsky.app/' },
  { weight: 0.3, devices: 'app', referrer: 'https://www.threads.net/' },
  { weight: 0.3, devices: 'desktop-heavy', referrer: 'https://news.ycombinator.com/' },
  { weight: 0.3, devices: 'mobile-heavy', referrer: 'https://flipboard.com/' },
  { weight: 0.2, devices: 'balanced', referrer: 'https://www.youtube.com/' },
  // Referrals: other sites and AI assistants citing a story.
  { weight: 1.1, devices: 'desktop-heavy', referrer: 'https://en.wikipedia.org/' },
  { weight: 0.6, devices: 'balanced', referrer: 'https://www.theguardian.com/' },
  { weight: 0.5, devices: 'balanced', referrer: 'https://www.bbc.co.uk/' },
  { weight: 0.5, devices: 'balanced', referrer: 'https://chatgpt.com/' },
  { weight: 0.4, devices: 'desktop-heavy', referrer: 'https://medium.com/' },
  { weight: 0.4, devices: 'balanced', referrer: 'https://substack.com/' },
  { weight: 0.3, devices: 'desktop-heavy', referrer: 'https://github.com/' },
  { weight: 0.3, devices: 'balanced', referrer: 'https://apnews.com/' },
  { weight: 0.3, devices: 'desktop-heavy', referrer: 'https://www.perplexity.ai/' },
  { weight: 0.2, devices: 'balanced', referrer: 'https://www.lemonde.fr/' },
  { weight: 0.2, devices: 'balanced', referrer: 'https://www.spiegel.de/' },
  // Direct: the home page or a section front typed or bookmarked.
  { weight: 14, devices: 'balanced', bare: 'front' },
  // Paid: ad clicks.
  { weight: 0.9, devices: 'balanced', query: 'gclid=Cj0KCQdemo' },
  { weight: 0.2, devices: 'desktop-heavy', query: 'msclkid=demo' },
  { weight: 0.3, devices: 'app', query: 'utm_source=facebook&utm_medium=cpc&utm_campaign=subscriptions' },
  { weight: 0.2, devices: 'balanced', query: 'utm_source=taboola&utm_medium=display&utm_campaign=recirc' },
];

/**
 * Where a copied address (carrying its `#pn=` share token) was pasted: mostly a browser, which
 * names no app, sometimes a chat app's own browser, which does.
 */
export const PASTES: ReadonlyArray<{ weight: number; referrer?: string; agent?: SampleAgent }> = [
  { weight: 0.8 },
  { weight: 0.1, referrer: 'android-app://com.whatsapp/' },
  { weight: 0.05, agent: 'messengerIos' },
  { weight: 0.05, referrer: 'android-app://org.telegram.messenger/' },
];

/** Share buttons on the page (`data-penumbra-share`), how often each is used and how far a share reaches. */
export const SHARE_BUTTONS: ReadonlyArray<{
  app: string;
  weight: number;
  /** Mean people who open the shared link (a group chat, a feed). */
  reach: number;
  devices: DeviceMix;
}> = [
  { app: 'whatsapp', weight: 34, reach: 2.5, devices: 'app' },
  { app: 'facebook', weight: 12, reach: 4, devices: 'app' },
  { app: 'x', weight: 10, reach: 3.5, devices: 'mobile-heavy' },
  { app: 'email', weight: 10, reach: 1.5, devices: 'balanced' },
  { app: 'copy', weight: 8, reach: 1.8, devices: 'mobile-heavy' },
  { app: 'telegram', weight: 6, reach: 3, devices: 'app' },
  { app: 'messenger', weight: 6, reach: 1.6, devices: 'app' },
  { app: 'linkedin', weight: 6, reach: 3, devices: 'balanced' },
  { app: 'sms', weight: 5, reach: 1.3, devices: 'app' },
  { app: 'signal', weight: 3, reach: 1.5, devices: 'app' },
];

/** Share-kit channels: every kit the seed makes has them all. */
export const KIT_CHANNELS = [
  'whatsapp',
  'telegram',
  'messenger',
  'sms',
  'email',
  'x',
  'linkedin',
  'copy',
  'qr',
];

/**
 * Per share-kit variant: how often it is used, which preview fetchers (if any) draw its card
 * — SMS on iPhones is iMessage, Messenger's fetcher is Meta's — how many clicks a share brings.
 */
export const KIT_VARIANTS: Readonly<
  Record<
    string,
    {
      weight: number;
      previews: ReadonlyArray<readonly [SampleAgent | null, number]>;
      clicks: number;
      devices: DeviceMix;
    }
  >
> = {
  whatsapp: { weight: 28, previews: [['whatsappPreview', 1]], clicks: 3, devices: 'app' },
  telegram: { weight: 8, previews: [['telegramPreview', 1]], clicks: 4, devices: 'app' },
  messenger: { weight: 10, previews: [['facebookPreview', 1]], clicks: 2, devices: 'app' },
  sms: {
    weight: 6,
    previews: [
      ['imessagePreview', 0.75],
      [null, 0.25],
    ],
    clicks: 1.5,
    devices: 'app',
  },
  email: {
    weight: 12,
    previews: [
      [null, 0.85],
      ['yahooMailPreview', 0.15],
    ],
    clicks: 4,
    devices: 'balanced',
  },
  x: { weight: 8, previews: [['xPreview', 1]], clicks: 3, devices: 'mobile-heavy' },
  linkedin: { weight: 8, previews: [['linkedinPreview', 1]], clicks: 3, devices: 'balanced' },
  copy: {
    weight: 10,
    previews: [
      ['whatsappPreview', 0.3],
      ['slackPreview', 0.2],
      ['imessagePreview', 0.2],
      ['discordPreview', 0.1],
      ['telegramPreview', 0.1],
      ['signalPreview', 0.1],
    ],
    clicks: 2,
    devices: 'mobile-heavy',
  },
  qr: { weight: 6, previews: [[null, 1]], clicks: 2, devices: 'app' },
};

/** Bots that request short links (crawlers following shared links, scripts checking them). */
export const LINK_BOTS: ReadonlyArray<readonly [SampleAgent, number]> = [
  ['googlebot', 0.25],
  ['bingbot', 0.12],
  ['ahrefsbot', 0.15],
  ['gptbot', 0.13],
  ['curl', 0.15],
  ['pythonRequests', 0.2],
];

/** ISO 3166-1 alpha-2 countries of an English-language news site's readers. */
export const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['US', 28],
  ['GB', 12],
  ['IN', 7],
  ['CA', 5.5],
  ['AU', 4.5],
  ['DE', 4],
  ['FR', 3],
  ['NG', 2.5],
  ['IE', 2],
  ['PH', 2],
  ['ZA', 2],
  ['NL', 2],
  ['BR', 2],
  ['ES', 2],
  ['IT', 2],
  ['MX', 1.5],
  ['SE', 1.2],
  ['SG', 1.2],
  ['PK', 1.2],
  ['KE', 1],
  ['NZ', 1],
  ['JP', 1],
  ['BE', 0.8],
  ['CH', 0.8],
  ['PL', 0.8],
  ['AE', 0.6],
  ['AT', 0.6],
  ['NO', 0.6],
  ['DK', 0.6],
  ['IL', 0.5],
  ['PT', 0.5],
  ['AR', 0.5],
  ['MY', 0.5],
  ['GH', 0.4],
  ['FI', 0.4],
];

/** Hosts readers leave to (`outbound` events). */
export const OUTBOUND_HOSTS: ReadonlyArray<readonly [string, number]> = [
  ['en.wikipedia.org', 20],
  ['www.youtube.com', 15],
  ['x.com', 10],
  ['www.gov.uk', 8],
  ['www.who.int', 6],
  ['github.com', 5],
  ['www.instagram.com', 5],
  ['apnews.com', 4],
  ['www.reuters.com', 4],
  ['open.spotify.com', 3],
  ['www.nature.com', 3],
  ['data.worldbank.org', 2],
];

/**
 * Custom events (`penumbra('event', name, props)`) a reader may fire on any page, with their
 * properties as stored JSON and, for donations, their revenue (issue 14). Newsletter sign-ups and
 * subscriptions are not here: they are conversions of a visit, at rates that follow its channel
 * (CONVERSION_RATES).
 */
export const CUSTOM_EVENTS: ReadonlyArray<{
  name: string;
  props: string | null;
  value: number | null;
  revenue: number | null;
  currency: string | null;
  weight: number;
}> = [
  {
    name: 'video_play',
    props: '{"position":"hero"}',
    value: null,
    revenue: null,
    currency: null,
    weight: 30,
  },
  { name: 'paywall_view', props: null, value: null, revenue: null, currency: null, weight: 20 },
  { name: 'donation', props: '{"kind":"one-off"}', value: null, revenue: 10, currency: 'EUR', weight: 2 },
  { name: 'donation', props: '{"kind":"one-off"}', value: null, revenue: 25, currency: 'USD', weight: 1 },
  { name: 'comment_posted', props: null, value: null, revenue: null, currency: null, weight: 16 },
];

/**
 * A visit's conversions (issue 14's goals), by its arrival: the chance it ends with a newsletter
 * sign-up, and the chance it reaches the subscription offer page (where SUBSCRIBE_CHANCE of them
 * pay). A news site's usual orders of magnitude: sign-ups 1–3 % of visits, paid subscriptions
 * 0.1–0.5 %; readers who come through private channels — a friend's link, the newsletter — trust
 * the title more and convert more than search's one-story readers. `email` is a medium of dark
 * social; its rates apply before the channel's.
 */
export interface ConversionRate {
  signup: number;
  offer: number;
}

export const EMAIL_CONVERSION: ConversionRate = { signup: 0.035, offer: 0.02 };

export const CONVERSION_RATES: Readonly<Record<string, ConversionRate>> = {
  'dark-social': { signup: 0.024, offer: 0.016 },
  direct: { signup: 0.02, offer: 0.018 },
  referral: { signup: 0.014, offer: 0.008 },
  social: { signup: 0.011, offer: 0.006 },
  search: { signup: 0.009, offer: 0.006 },
  paid: { signup: 0.012, offer: 0.012 },
};

/** The share of visits on the offer page that subscribe. */
export const SUBSCRIBE_CHANCE = 0.2;

/** Newsletter lists a sign-up names (`newsletter_signup` with `{"list": …}`). */
export const NEWSLETTER_LISTS: ReadonlyArray<readonly [string, number]> = [
  ['{"list":"morning-briefing"}', 0.75],
  ['{"list":"weekend"}', 0.25],
];

/** Paid plans (`subscribe` with `{"plan": …}` and its revenue): mostly in euros, some in dollars. */
export const SUBSCRIPTIONS: ReadonlyArray<{
  props: string;
  revenue: number;
  currency: string;
  weight: number;
}> = [
  { props: '{"plan":"monthly"}', revenue: 9.99, currency: 'EUR', weight: 58 },
  { props: '{"plan":"annual"}', revenue: 99, currency: 'EUR', weight: 22 },
  { props: '{"plan":"monthly"}', revenue: 11.99, currency: 'USD', weight: 14 },
  { props: '{"plan":"annual"}', revenue: 119, currency: 'USD', weight: 6 },
];

/** `copy` events: the tracker's length bucket of the copied text (1: < 20 chars … 4: ≥ 500). */
export const COPY_BUCKETS: ReadonlyArray<readonly [number, number]> = [
  [1, 0.35],
  [2, 0.4],
  [3, 0.2],
  [4, 0.05],
];

/** Page views per visit, 1–5: most readers read one story. */
export const PAGES_PER_VISIT: ReadonlyArray<readonly [number, number]> = [
  [1, 0.52],
  [2, 0.2],
  [3, 0.13],
  [4, 0.09],
  [5, 0.06],
];
