import { describe, expect, it } from 'vitest';
import { LinkInterner, packCard, unpackCard } from '../../src/links/cached-link.js';
import type { Link } from '../../src/store/store.js';

const link = (fields: Partial<Link>): Link =>
  ({
    id: 'id-a',
    slug: 'a',
    siteId: 'site',
    parentId: null,
    channel: null,
    url: 'https://example.org/a',
    utm: {},
    title: 'A title',
    description: 'A description',
    image: 'https://example.org/a.png',
    maxClicks: null,
    expiresAt: null,
    disabled: false,
    ...fields,
  }) as Link;

describe('packCard', () => {
  it('gives back the title, description and image it packed', () => {
    const card = { title: 'Été', description: 'Line one', image: 'https://example.org/i.png' };
    expect(unpackCard(packCard(card))).toEqual(card);
  });

  it('packs a link without texts as null, and reads it back as none', () => {
    expect(packCard({ title: null, description: null, image: null })).toBeNull();
    expect(unpackCard(null)).toEqual({ title: null, description: null, image: null });
  });

  it('keeps texts holding the separator apart instead of splitting them wrong', () => {
    const card = { title: 'a\u0000b', description: null, image: 'https://example.org/i.png' };
    expect(unpackCard(packCard(card))).toEqual(card);
  });
});

describe('LinkInterner', () => {
  // (Whether equal strings are one string cannot be seen from JavaScript: only the limits object.)
  it('shares one limits object between links without expiry, click limit or disabling', () => {
    const interner = new LinkInterner();
    const kit = interner.compact(link({}), undefined);
    const variant = interner.compact(
      link({ id: 'id-b', slug: 'b', parentId: 'id-a', channel: 'whatsapp' }),
      kit,
    );
    expect(variant.limits).toBe(kit.limits);
    expect(variant.channel).toBe('whatsapp');
  });

  it('reads the expiry, click limit and disabled flag of a limited link', () => {
    const limited = new LinkInterner().compact(
      link({ expiresAt: '2026-03-10T12:00:00.000Z', maxClicks: 5, disabled: true }),
      undefined,
    );
    expect(limited.expiresAtMs).toBe(Date.parse('2026-03-10T12:00:00.000Z'));
    expect(limited.maxClicks).toBe(5);
    expect(limited.disabled).toBe(true);
  });
});
