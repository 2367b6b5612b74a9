import { expect } from 'vitest';
import type { Link, StoredEvent } from '../../../src/store/store.js';
import type { ContractStore } from './fixtures.js';
import { newPageview, newSalt } from './fixtures.js';

/*
 * A database written by version 1 of the schema (the one already deployed), upgraded by the
 * current migrations. Each engine's test applies migration 1 alone with its own runner, runs
 * V1_SEED_SQL (plain literals, valid on both engines), then opens it with the current store.
 */

export const V1_SEED_SQL = `
  INSERT INTO sites (id, domain, name, timezone, fallback_url, created_at)
  VALUES ('v1-site', 'v1.example', 'Version one', 'Europe/Paris', 'https://v1.example/', '2025-06-01T10:00:00.000Z');

  INSERT INTO links (id, site_id, parent_id, channel, slug, url, title, description, image, utm, tags,
    expires_at, max_clicks, created_at, updated_at)
  VALUES
    ('v1-main', 'v1-site', NULL, NULL, 'v1main', 'https://v1.example/spring', 'Spring', 'Sale', NULL,
     '{"utm_campaign":"spring"}', '["spring","sale"]', '2026-01-01T00:00:00.000Z', 100,
     '2025-06-01T10:01:00.000Z', '2025-06-01T10:01:00.000Z'),
    ('v1-sms', 'v1-site', 'v1-main', 'sms', 'v1sms', 'https://v1.example/spring', 'Spring', 'Sale', NULL,
     '{"utm_campaign":"spring"}', '["spring","sale"]', NULL, NULL,
     '2025-06-01T10:01:00.001Z', '2025-06-02T08:00:00.000Z');

  INSERT INTO events (site_id, link_id, type, kind, channel, medium, source, evidence, confidence, occurred_at)
  VALUES
    ('v1-site', 'v1-main', 'click', 'dark-social', 'whatsapp', 'messaging', 'whatsapp', 'tracked-link', 'high', 1748772000000),
    ('v1-site', 'v1-sms', 'preview', 'dark-social', 'sms', 'messaging', 'imessage', 'user-agent', 'high', 1748772000001),
    ('v1-site', NULL, 'bot', 'bot', 'unknown', 'bot', 'crawler', 'user-agent', 'medium', 1748772000002),
    ('v1-site', 'v1-main', 'click', 'dark-social', 'sms', 'messaging', 'sms', 'tracked-link', 'high', 1748772000003);
`;

const V1_LINK: Link = {
  id: 'v1-main',
  siteId: 'v1-site',
  parentId: null,
  channel: null,
  slug: 'v1main',
  url: 'https://v1.example/spring',
  title: 'Spring',
  description: 'Sale',
  image: null,
  utm: { utm_campaign: 'spring' },
  tags: ['spring', 'sale'],
  expiresAt: '2026-01-01T00:00:00.000Z',
  maxClicks: 100,
  disabled: false,
  createdAt: '2025-06-01T10:01:00.000Z',
  updatedAt: '2025-06-01T10:01:00.000Z',
};

const V1_VARIANT: Link = {
  ...V1_LINK,
  id: 'v1-sms',
  parentId: 'v1-main',
  channel: 'sms',
  slug: 'v1sms',
  expiresAt: null,
  maxClicks: null,
  createdAt: '2025-06-01T10:01:00.001Z',
  updatedAt: '2025-06-02T08:00:00.000Z',
};

const NO_EXTRAS = {
  path: null,
  visitorHash: null,
  country: null,
  device: null,
  browser: null,
  generation: null,
  shareId: null,
  parentShareId: null,
  originChannel: null,
  name: null,
  props: null,
  value: null,
  revenue: null,
  currency: null,
  dedupeKey: null,
} as const;

const v1Event = (id: number, linkId: string | null, fields: Partial<StoredEvent>): StoredEvent => ({
  id,
  siteId: 'v1-site',
  linkId,
  type: 'click',
  kind: 'dark-social',
  channel: 'whatsapp',
  medium: 'messaging',
  source: 'whatsapp',
  evidence: 'tracked-link',
  confidence: 'high',
  occurredAt: 1748772000000 + id - 1,
  ...NO_EXTRAS,
  ...fields,
});

/** The version-1 rows read back through the current store, then the new features used on them. */
export async function expectV1DataUpgraded(store: ContractStore): Promise<void> {
  expect(await store.getSite('v1-site')).toStrictEqual({
    id: 'v1-site',
    domain: 'v1.example',
    name: 'Version one',
    timezone: 'Europe/Paris',
    fallbackUrl: 'https://v1.example/',
    privacyMode: 'anonymous',
    landingPaths: ['/'],
    respectDnt: false,
    retentionMonths: 25,
    extraOrigins: [],
    queryParams: [],
    createdAt: '2025-06-01T10:00:00.000Z',
  });
  expect(await store.listAllLinks()).toStrictEqual([V1_LINK, V1_VARIANT]);
  expect(await store.listEvents({ siteId: 'v1-site', limit: 10 })).toStrictEqual([
    v1Event(4, 'v1-main', { channel: 'sms', source: 'sms' }),
    v1Event(3, null, {
      type: 'bot',
      kind: 'bot',
      channel: 'unknown',
      medium: 'bot',
      source: 'crawler',
      evidence: 'user-agent',
      confidence: 'medium',
    }),
    v1Event(2, 'v1-sms', { type: 'preview', channel: 'sms', source: 'imessage', evidence: 'user-agent' }),
    v1Event(1, 'v1-main', {}),
  ]);
  expect(await store.countClicks(['v1-main', 'v1-sms'])).toEqual(
    new Map([
      ['v1-main', 2],
      ['v1-sms', 0],
    ]),
  );

  // The version-2 features work on the upgraded tables…
  const pageview = newPageview('v1-site', { dedupeKey: 'after-upgrade' });
  expect(await store.insertEvents([pageview, pageview])).toBe(1);
  expect(await store.listEvents({ siteId: 'v1-site', types: ['pageview'], limit: 10 })).toStrictEqual([
    { ...pageview, id: 5 },
  ]);
  expect(await store.putSalt(newSalt('2026-03-02'))).toStrictEqual(newSalt('2026-03-02'));
  expect(await store.updateSite('v1-site', { privacyMode: 'strict', retentionMonths: 13 })).toMatchObject({
    privacyMode: 'strict',
    retentionMonths: 13,
  });
  // …and the rebuilt events table still cascades its foreign keys (events of a link or site that
  // does not exist are dropped before they reach them: the events contract).
  expect(await store.insertEvents([newPageview('v1-site', { linkId: 'no-such-link' })])).toBe(0);
  expect(await store.insertEvents([newPageview('no-such-site')])).toBe(0);
  expect(await store.deleteLink('v1-main')).toBe(true);
  const deletions = await store.listLinksDeletedSince('1970-01-01T00:00:00.000Z');
  expect(deletions.map((deletion) => deletion.slug)).toEqual(['v1main', 'v1sms']);
  expect(await store.countEvents()).toBe(2);
  expect(await store.deleteSite('v1-site')).toBe(true);
  expect(await store.countEvents()).toBe(0);
}
