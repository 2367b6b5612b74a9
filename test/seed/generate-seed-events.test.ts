import { describe, expect, it } from 'vitest';
import { CHANNELS, CONFIDENCES, EVIDENCE, KINDS, SOURCES } from '../../src/classify/index.js';
import { generateSeedEvents, type SeedPlan } from '../../src/seed/generate-seed-events.js';
import { KIT_CHANNELS } from '../../src/seed/traffic-profiles.js';
import type { NewEvent } from '../../src/store/store.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 4, 20, 15, 30);
const MEDIUMS = [
  'messaging',
  'email',
  'sms',
  'copy-paste',
  'qr',
  'unattributed',
  'social',
  'organic',
  'cpc',
  'display',
  'referral',
  'internal',
  'none',
  'bot',
];
const DEVICES = ['mobile', 'tablet', 'desktop'];

const kits = Array.from({ length: 8 }, (_, kit) => ({
  url: `https://news.example.org/world/kit-story-${kit}`,
  utm: { utm_campaign: 'share-kit' },
  variants: KIT_CHANNELS.map((channel) => ({ id: `kit${kit}-${channel}`, channel })),
}));

function plan(overrides: Partial<SeedPlan> = {}): SeedPlan {
  return {
    site: { id: 'site-1', domain: 'news.example.org', landingPaths: ['/'], timezone: 'UTC' },
    kits,
    events: 60_000,
    days: 28,
    seed: 7,
    now: NOW,
    batchSize: 5_000,
    ...overrides,
  };
}

function all(seedPlan: SeedPlan): { events: NewEvent[]; batches: number[] } {
  const events: NewEvent[] = [];
  const batches: number[] = [];
  for (const batch of generateSeedEvents(seedPlan)) {
    batches.push(batch.length);
    events.push(...batch);
  }
  return { events, batches };
}

/** The distinct values of a field (an `expect` per event would cost seconds). */
function distinct<T>(list: readonly NewEvent[], field: (event: NewEvent) => T): T[] {
  return [...new Set(list.map(field))];
}

const { events, batches } = all(plan());
const pageviews = events.filter((event) => event.type === 'pageview');
const visits = pageviews.filter((event) => event.channel !== 'internal');

describe('generateSeedEvents', () => {
  it('is deterministic per seed, and another seed gives other events', () => {
    const small = plan({ events: 8_000 });
    expect(all(small).events).toEqual(all(small).events);
    expect(all({ ...small, seed: 8 }).events).not.toEqual(all(small).events);
  });

  it('gives exactly the number asked, in batches of at most the batch size, inside the range', () => {
    expect(events).toHaveLength(60_000);
    expect(batches.slice(0, -1).every((size) => size === 5_000)).toBe(true);
    expect(all(plan({ events: 12_345, batchSize: 1_000 })).events).toHaveLength(12_345);
    expect(all(plan({ events: 0 })).events).toHaveLength(0);
    const times = events.map((event) => event.occurredAt);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 28 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    expect(times.every(Number.isInteger)).toBe(true);
  });

  it('uses only values of the taxonomy and sources of the catalogue', () => {
    const fields = (event: NewEvent) => [
      event.type,
      event.kind,
      event.channel,
      event.medium,
      event.source,
      event.evidence,
      event.confidence,
    ];
    const combinations = distinct(events, (event) => fields(event).join(' ')).map((text) => text.split(' '));
    for (const [type, kind, channel, medium, source = '', evidence, confidence] of combinations) {
      expect(KINDS).toContain(kind);
      expect(CHANNELS).toContain(channel);
      expect(MEDIUMS).toContain(medium);
      expect(EVIDENCE).toContain(evidence);
      expect(CONFIDENCES).toContain(confidence);
      if (kind === 'bot') {
        expect([type, channel, medium, evidence]).toEqual(['bot', 'bot', 'bot', 'bot-agent']);
        continue;
      }
      const known = source === 'direct' || source.startsWith('referral:') || SOURCES.has(source);
      // Paid campaigns may name their network as utm_source (taboola); everything else is known.
      expect(known || channel === 'paid', source).toBe(true);
      const info = SOURCES.get(source);
      const ownChannel = channel !== 'paid' && medium !== 'copy-paste';
      if (info && ownChannel) expect([channel, medium], source).toEqual([info.channel, info.medium]);
    }
    expect(distinct(events, (event) => event.siteId)).toEqual(['site-1']);
  });

  it('puts clicks, previews and bots on variants of the kits, everything else on no link', () => {
    const variantIds = new Set(kits.flatMap((kit) => kit.variants.map((variant) => variant.id)));
    const linked = events.filter((event) => ['click', 'preview', 'bot'].includes(event.type));
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((event) => variantIds.has(event.linkId ?? '') && event.path === null)).toBe(true);
    const unlinked = events.filter((event) => !['click', 'preview', 'bot'].includes(event.type));
    expect(distinct(unlinked, (event) => event.linkId)).toEqual([null]);
    const clicks = events.filter((event) => event.type === 'click');
    expect(distinct(clicks, (click) => `${click.kind} ${click.evidence} ${click.confidence}`)).toEqual([
      'human tracked-link certain',
    ]);
    const previews = events.filter((event) => event.type === 'preview');
    expect(distinct(previews, (preview) => `${preview.kind} ${preview.evidence}`)).toEqual([
      'preview preview-agent',
    ]);
    expect(distinct(previews, (preview) => preview.channel).sort()).toEqual(['dark-social', 'social']);
  });

  it('follows a preview with clicks on the same variant minutes later', () => {
    const firstPreview = new Map<string, number>();
    for (const event of events) {
      if (event.type !== 'preview' || !event.linkId) continue;
      firstPreview.set(event.linkId, Math.min(firstPreview.get(event.linkId) ?? Infinity, event.occurredAt));
    }
    expect(firstPreview.size).toBeGreaterThan(10);
    const clicked = [...firstPreview].filter(([linkId, at]) =>
      events.some((event) => event.type === 'click' && event.linkId === linkId && event.occurredAt > at),
    );
    expect(clicked.length / firstPreview.size).toBeGreaterThan(0.8);
    const variant = (channel: string) => events.filter((e) => e.linkId?.endsWith(`-${channel}`));
    expect(variant('qr').some((event) => event.type === 'preview')).toBe(false);
    expect(variant('whatsapp').find((event) => event.type === 'preview')?.source).toBe('whatsapp');
    expect(variant('messenger').find((event) => event.type === 'preview')?.source).toBe('facebook');
  });

  it('gives page views a daily visitor hash, a country, a device, a generation and an origin', () => {
    expect(pageviews.every((view) => /^[0-9a-f]{32}$/.test(view.visitorHash ?? ''))).toBe(true);
    for (const country of distinct(pageviews, (view) => view.country)) expect(country).toMatch(/^[A-Z]{2}$/);
    expect(distinct(pageviews, (view) => view.device).sort()).toEqual(DEVICES.sort());
    for (const generation of distinct(pageviews, (view) => view.generation)) {
      expect(Number.isInteger(generation) && (generation ?? -1) >= 0).toBe(true);
    }
    for (const origin of distinct(pageviews, (view) => view.originChannel))
      expect(origin).toMatch(/^[a-z0-9-]+$/);
    const internal = pageviews.filter((view) => view.channel === 'internal');
    expect(
      distinct(internal, (view) => `${view.medium} ${view.evidence} ${view.confidence} ${view.generation}`),
    ).toEqual(['internal referrer certain 0']);
    const hashes = new Set(pageviews.map((view) => view.visitorHash));
    expect(hashes.size).toBeGreaterThan(visits.length * 0.7);
    // Internal navigation: between 1 and 5 page views per visit, about two on average.
    expect(pageviews.length / visits.length).toBeGreaterThan(1.5);
    expect(pageviews.length / visits.length).toBeLessThan(3);
  });

  it('gives each visit a browser family (issue 14): in-app through an app, by device otherwise', () => {
    const arrivals = pageviews.filter((view) => view.channel !== 'internal');
    const inApp = arrivals.filter((view) => view.evidence === 'in-app-browser');
    expect(inApp.length).toBeGreaterThan(0);
    expect(distinct(inApp, (view) => view.browser)).toEqual(['in-app']);
    const desktop = arrivals.filter(
      (view) => view.device === 'desktop' && view.evidence !== 'in-app-browser',
    );
    expect(distinct(desktop, (view) => view.browser).sort()).toEqual(
      ['chrome', 'edge', 'firefox', 'opera', 'other', 'safari'].sort(),
    );
    const share = (list: readonly NewEvent[], family: string) =>
      list.filter((view) => view.browser === family).length / list.length;
    expect(share(desktop, 'chrome')).toBeGreaterThan(0.5);
    const phones = arrivals.filter((view) => view.device === 'mobile' && view.evidence !== 'in-app-browser');
    expect(share(phones, 'safari') + share(phones, 'chrome')).toBeGreaterThan(0.8);
    expect(share(phones, 'samsung')).toBeGreaterThan(0.03);
    // Short-link clicks, previews and bots have none, as at ingestion.
    expect(events.filter((event) => event.linkId !== null).every((event) => event.browser === null)).toBe(
      true,
    );
  });

  it('makes share cascades whose generations shrink, all arriving by share token', () => {
    const byGeneration: number[] = [];
    for (const visit of visits) {
      const generation = visit.generation ?? 0;
      byGeneration[generation] = (byGeneration[generation] ?? 0) + 1;
    }
    const later = visits.filter((visit) => (visit.generation ?? 0) > 0);
    expect(distinct(later, (visit) => `${visit.evidence} ${visit.confidence}`)).toEqual([
      'share-token certain',
    ]);
    expect(byGeneration.length).toBeGreaterThanOrEqual(4);
    for (let generation = 1; generation < byGeneration.length; generation++) {
      expect(byGeneration[generation] ?? 0).toBeLessThan(byGeneration[generation - 1] ?? 0);
    }
    const pasted = visits.filter((visit) => (visit.generation ?? 0) > 0 && visit.medium === 'copy-paste');
    expect(pasted.length).toBeGreaterThan(100);
    expect(pasted.every((visit) => visit.channel === 'dark-social')).toBe(true);
  });

  it('has the mix of a news site: dark social above 20 % of visits, search, social, direct and paid', () => {
    const share = (channel: string) =>
      visits.filter((visit) => visit.channel === channel).length / visits.length;
    expect(share('dark-social')).toBeGreaterThan(0.2);
    expect(share('search')).toBeGreaterThan(0.15);
    expect(share('social')).toBeGreaterThan(0.05);
    expect(share('direct')).toBeGreaterThan(0.04);
    expect(share('referral')).toBeGreaterThan(0.01);
    expect(share('paid')).toBeGreaterThan(0.002);
    const darkSources = new Set(visits.filter((v) => v.channel === 'dark-social').map((v) => v.source));
    for (const source of ['whatsapp', 'messenger', 'telegram', 'signal', 'gmail', 'sms', 'direct']) {
      expect(darkSources).toContain(source);
    }
    const mobile = (list: NewEvent[]) => list.filter((v) => v.device === 'mobile').length / list.length;
    const messaging = visits.filter((v) => v.evidence === 'app-referrer' && v.medium === 'messaging');
    expect(mobile(messaging)).toBeGreaterThan(0.8);
    expect(mobile(messaging)).toBeGreaterThan(mobile(visits));
  });

  it('records copies, shares named after their app, outbound clicks and custom events', () => {
    const ofType = (type: string) => events.filter((event) => event.type === type);
    expect(ofType('copy').every((event) => (event.value ?? 0) >= 1 && (event.value ?? 0) <= 4)).toBe(true);
    expect(ofType('share').every((event) => event.name === event.source || event.name === 'copy')).toBe(true);
    expect(ofType('outbound').every((event) => /^[a-z0-9.-]+$/.test(event.name ?? ''))).toBe(true);
    expect(ofType('event').length).toBeGreaterThan(0);
    for (const type of ['copy', 'share', 'outbound', 'event']) {
      expect(ofType(type).length, type).toBeGreaterThan(0);
      expect(ofType(type).every((event) => event.generation === null && event.path)).toBe(true);
    }
  });

  it('converts visits (issue 14): sign-ups 1–3 %, paid subscriptions 0.1–0.5 %, more from private channels', () => {
    // Each conversion follows its visit's page views: credit it to the visitor's latest arrival.
    const arrivalOf = new Map<string, NewEvent>();
    const converted = { newsletter_signup: new Map<string, number>(), subscribe: new Map<string, number>() };
    for (const event of events) {
      if (event.type === 'pageview' && event.channel !== 'internal')
        arrivalOf.set(event.visitorHash ?? '', event);
      if (event.type !== 'event' || !(event.name === 'newsletter_signup' || event.name === 'subscribe'))
        continue;
      const arrival = arrivalOf.get(event.visitorHash ?? '');
      expect(arrival, event.name).toBeDefined();
      const key = arrival?.medium === 'email' ? 'email' : (arrival?.channel ?? '');
      const counts = converted[event.name];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);
    const rate = (name: keyof typeof converted, ...channels: string[]) => {
      const arrived = visits.filter((visit) =>
        channels.includes(visit.medium === 'email' ? 'email' : visit.channel),
      ).length;
      return channels.reduce((sum, channel) => sum + (converted[name].get(channel) ?? 0), 0) / arrived;
    };
    expect(total(converted.newsletter_signup) / visits.length).toBeGreaterThan(0.01);
    expect(total(converted.newsletter_signup) / visits.length).toBeLessThan(0.03);
    expect(total(converted.subscribe) / visits.length).toBeGreaterThan(0.001);
    expect(total(converted.subscribe) / visits.length).toBeLessThan(0.005);
    expect(rate('newsletter_signup', 'dark-social', 'email')).toBeGreaterThan(
      2 * rate('newsletter_signup', 'search'),
    );
    expect(rate('subscribe', 'dark-social', 'email')).toBeGreaterThan(rate('subscribe', 'search'));

    // A subscription happens on the offer page, right after a view of it, with a plan and revenue.
    const subscriptions = events.filter((event) => event.name === 'subscribe');
    expect(
      subscriptions.every(
        (event) => event.path === '/subscribe' && /^\{"plan":"(monthly|annual)"\}$/.test(event.props ?? ''),
      ),
    ).toBe(true);
    const offerViews = new Set(
      pageviews.filter((view) => view.path === '/subscribe').map((view) => view.visitorHash),
    );
    expect(subscriptions.every((event) => offerViews.has(event.visitorHash))).toBe(true);
    const currencies = subscriptions.map((event) => event.currency);
    expect(subscriptions.every((event) => (event.revenue ?? 0) > 0)).toBe(true);
    expect(currencies.filter((code) => code === 'EUR').length).toBeGreaterThan(
      currencies.filter((code) => code === 'USD').length,
    );
    expect(new Set(currencies)).toEqual(new Set(['EUR', 'USD']));
    // Revenue only on subscriptions and donations, always with its currency.
    const paid = events.filter((event) => event.revenue != null);
    expect(new Set(paid.map((event) => event.name))).toEqual(new Set(['subscribe', 'donation']));
    expect(events.every((event) => (event.revenue == null) === (event.currency == null))).toBe(true);
  });

  it('keeps a weekly rhythm and a daily curve', () => {
    const perWeekday = new Array(7).fill(0);
    const perHour = new Array(24).fill(0);
    // Whole days only (the first and last are partial).
    for (const event of events) {
      if (event.occurredAt < NOW - 27 * DAY || event.occurredAt >= NOW - DAY) continue;
      const date = new Date(event.occurredAt);
      perWeekday[date.getUTCDay()]++;
      perHour[date.getUTCHours()]++;
    }
    const weekend = (perWeekday[0] + perWeekday[6]) / 2;
    const weekdays = (perWeekday[1] + perWeekday[2] + perWeekday[3]) / 3;
    expect(weekdays).toBeGreaterThan(weekend * 1.15);
    expect(perHour[20]).toBeGreaterThan(perHour[3] * 4);
    expect(perHour[8]).toBeGreaterThan(perHour[16]);
  });

  it('follows the site time zone: the evening peak is local', () => {
    const tokyo = all(plan({ events: 20_000, site: { ...plan().site, timezone: 'Asia/Tokyo' } })).events;
    const perUtcHour = new Array(24).fill(0);
    for (const event of tokyo) perUtcHour[new Date(event.occurredAt).getUTCHours()]++;
    // 20:00 in Tokyo is 11:00 UTC; 03:00 in Tokyo is 18:00 UTC.
    expect(perUtcHour[11]).toBeGreaterThan(perUtcHour[18] * 4);
  });

  it('works without kits and refuses a plan it cannot honour', () => {
    const plain = all(plan({ kits: [], events: 5_000 })).events;
    expect(plain).toHaveLength(5_000);
    expect(plain.every((event) => event.linkId === null)).toBe(true);
    expect(() => all(plan({ days: 0 }))).toThrow(RangeError);
    expect(() => all(plan({ events: 1.5 }))).toThrow(RangeError);
  });
});
