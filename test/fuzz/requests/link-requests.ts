import fc from 'fast-check';
import { SHARE_CHANNELS } from '../../../src/links/share-urls.js';
import { bodyRequest, type FuzzRequest } from '../fuzz-request.js';
import { hostileValue, weirdText } from '../hostile-values.js';
import { headerSafe, hostileUrl } from '../hostile-web.js';
import { mutatedBody } from '../mutate-json.js';

const LINK_KEYS = [
  'url',
  'title',
  'description',
  'image',
  'utm',
  'tags',
  'expiresAt',
  'maxClicks',
  'site',
  'slug',
  'channels',
  'disabled',
] as const;

const isoDate = fc.oneof(
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.constantFrom(
    '2026-13-45T25:61:00Z',
    '2026-02-30',
    'tomorrow',
    '+275760-09-13T00:00:00.000Z',
    '0000-00-00T00:00:00Z',
  ),
);

/** Mostly `usual`, sometimes `odd`: the base body should pass, the mutations make it hostile. */
function mostly<T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: odd, weight: 1 });
}

/** The fields of a link (POST and PATCH share them), each valid or near it. */
function linkFields(sites: readonly string[]) {
  return {
    url: mostly(
      fc.webPath().map((path) => `https://news.example.org${path}`),
      hostileUrl,
    ),
    title: fc.oneof(fc.string({ maxLength: 200 }), weirdText, fc.constant(null)),
    description: fc.oneof(fc.string({ maxLength: 400 }), fc.constant(null)),
    image: mostly(fc.constantFrom(null, 'https://news.example.org/og.png'), hostileUrl),
    utm: mostly(
      fc.dictionary(
        fc.constantFrom('utm_source', 'utm_medium', 'utm_campaign', 'utm_content'),
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        { maxKeys: 4 },
      ),
      fc.dictionary(
        fc.oneof(fc.constant('utm_x'), fc.string({ maxLength: 20 })),
        fc.oneof(fc.string({ maxLength: 60 }), weirdText),
        { maxKeys: 25 },
      ),
    ),
    tags: mostly(
      fc.array(fc.constantFrom('launch', 'spring', 'Launch '), { maxLength: 3 }),
      fc.array(weirdText, { maxLength: 12 }),
    ),
    expiresAt: mostly(fc.constantFrom(null, '2099-01-01T00:00:00.000Z'), isoDate),
    maxClicks: mostly(
      fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant(null)),
      fc.integer({ min: -5, max: 0 }),
    ),
    site: mostly(fc.constantFrom(...sites), weirdText),
    slug: mostly(
      fc.stringMatching(/^[a-z0-9-]{6,20}$/),
      fc.oneof(fc.constantFrom('api', 'healthz', 'share', 'setup', '-', '..'), weirdText),
    ),
    channels: mostly(
      fc.uniqueArray(fc.constantFrom(...SHARE_CHANNELS), { maxLength: 6 }),
      fc.array(fc.oneof(fc.constantFrom(...SHARE_CHANNELS), weirdText), { maxLength: 32 }),
    ),
    disabled: fc.boolean(),
  };
}

/** The Authorization header: the test's token almost always, otherwise missing or wrong. */
function authorization(auth: string): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { arbitrary: fc.constant({ authorization: auth }), weight: 40 },
    { arbitrary: fc.constant({}), weight: 1 },
    {
      arbitrary: fc
        .constantFrom('Bearer ', 'Bearer x', 'Basic Zm9vOmJhcg==', `${auth}x`, auth.toLowerCase())
        .map((value) => ({ authorization: value })),
      weight: 1,
    },
    { arbitrary: weirdText.map((text) => ({ authorization: `Bearer ${headerSafe(text)}` })), weight: 1 },
  );
}

/** `POST /api/links`: a link or a share kit, mutated. */
export function createLinkRequest(sites: readonly string[], auth: string): fc.Arbitrary<FuzzRequest> {
  const { disabled: _disabled, ...fields } = linkFields(sites);
  const valid = fc.record(fields, { requiredKeys: ['url'] });
  return bodyRequest(
    'POST',
    fc.constant('/api/links'),
    fc.oneof({ arbitrary: mutatedBody(valid, LINK_KEYS), weight: 8 }, hostileValue),
    {
      usualType: 'application/json',
      headers: authorization(auth),
    },
  );
}

/** encodeURIComponent throws on a lone surrogate: a client could not send one in a path. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}

/** `PATCH /api/links/:id` of one of `ids` (or of no link at all), mutated. */
export function patchLinkRequest(
  sites: readonly string[],
  auth: string,
  ids: readonly string[],
): fc.Arbitrary<FuzzRequest> {
  const { site: _site, slug: _slug, channels: _channels, ...fields } = linkFields(sites);
  const valid = fc.record(fields, { requiredKeys: [] });
  const id = fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 8 },
    {
      arbitrary: fc.oneof(weirdText, fc.constantFrom('x'.repeat(101), '..', '%2e%2e', '__proto__')),
      weight: 1,
    },
  );
  return bodyRequest(
    'PATCH',
    id.map((value) => `/api/links/${encodeURIComponent(wellFormed(value))}`),
    fc.oneof({ arbitrary: mutatedBody(valid, LINK_KEYS), weight: 8 }, hostileValue),
    {
      usualType: 'application/json',
      headers: authorization(auth),
    },
  );
}
