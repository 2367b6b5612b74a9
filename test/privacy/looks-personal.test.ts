import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  looksLikeEmail,
  looksLikeIban,
  looksLikePhone,
  looksLikeToken,
  looksPersonal,
} from '../../src/privacy/looks-personal.js';

/** Deterministic pseudo-random bytes, so the detection-rate checks never flake. */
function bytes(seed: string, length: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; Buffer.concat(chunks).length < length; i++) {
    chunks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

function detectionRate(make: (i: number) => string, samples = 2000): number {
  let detected = 0;
  for (let i = 0; i < samples; i++) if (looksLikeToken(make(i))) detected++;
  return detected / samples;
}

/** Slugs and campaign names from real sites' conventions: none may be taken for a token. */
const WORDS = [
  'top-10-things-to-do-in-paris-2024',
  'Top-10-Things-To-Do-In-Paris-2024',
  'internationalization-and-localization',
  'festival-winners-2024-a8f3c9d2e1b4',
  'spring_sale_newsletter_2024',
  'SUMMER_SALE_2024_NEWSLETTER_FR',
  'BF2024-EMAIL-V2-FR-DE-UK',
  'myFavouriteIPhoneCaseReviews2024',
  'iphone-15-pro-vs-s24-ultra-mp3-h264-4k-review',
  'typhoon-landfall-in-the-philippines',
  'lunar-lander-success-2024-10-21',
  'evening_edition_newsletter',
  'Llanfairpwllgwyngyll-station',
  'covid19-vaccination-campaign-autumn',
  'banner-300x250-homepage-takeover',
  'la-rentree-litteraire-2024-les-10-romans',
  'wie-man-einen-sauerteig-ansetzt',
  'como-hacer-pan-de-masa-madre-en-casa',
];

describe('looksLikeEmail', () => {
  it.each([
    'jane.doe@example.org',
    'x+tag@sub.example.co.uk',
    'prenom.nom@exemple.fr',
    'José.Ñúñez@correo.es',
    'ユーザー@例え.テスト',
    'campaign-for-jane@example.org-2024',
    "o'brien@example.ie",
  ])('finds %j', (value) => {
    expect(looksLikeEmail(value)).toBe(true);
  });

  it.each(['@penumbra', 'newsletter', 'jane at example dot org', 'a@b', 'user@localhost'])(
    'lets %j through',
    (value) => {
      expect(looksLikeEmail(value)).toBe(false);
    },
  );
});

describe('looksLikePhone', () => {
  it.each([
    '0612345678',
    '+33 6 12 34 56 78',
    '+33612345678',
    '(555) 123-4567',
    '555.123.4567',
    '555-1234567',
    '+1 (800) 555-0199',
    'call-me-on-06-12-34-56-78',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    'promo_1234567',
    '2024-10-15 0612345678',
    '123.456.789.012',
  ])('finds a phone- or card-like digit run in %j', (value) => {
    expect(looksLikePhone(value)).toBe(true);
  });

  it.each([
    '2024-10-15',
    '20241015',
    'newsletter_2024-10-15',
    '15.10.2024',
    '15-10-2024',
    '10/15/2024',
    'spring2024',
    '1200x628',
    '123456',
    'v1.2.3',
    '2024-10-15T12:30:00Z',
  ])('lets %j through (dates and short numbers are not personal)', (value) => {
    expect(looksLikePhone(value)).toBe(false);
  });
});

describe('looksLikeIban', () => {
  it.each([
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'GB82 WEST 1234 5698 7654 32',
    'fr1420041010050500013m02606',
    'pay-to-NL91ABNA0417164300-today',
  ])('finds the valid IBAN in %j', (value) => {
    expect(looksLikeIban(value)).toBe(true);
  });

  it.each(['DE89370400440532013001', 'FR24SPRINGSALEPROMO', 'AB12', 'utm_campaign'])(
    'lets %j through (wrong check digits or not an IBAN)',
    (value) => {
      expect(looksLikeIban(value)).toBe(false);
    },
  );
});

describe('looksLikeToken', () => {
  it.each([
    '3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c',
    'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    'user-3F2504E0-4F89-11D3-9A0C-0305E82C3301-profile',
    'k3j4h5g6f7d8s9a0q1w2',
    'JBSWY3DPEHPK3PXPJBSWY3DP',
    'aZ3_kq-9XbT2pL7_mN4xQ',
    'xkcdqwrtzplmnbvhgfdsx',
    'session=Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4',
  ])('finds the token in %j', (value) => {
    expect(looksLikeToken(value)).toBe(true);
  });

  it.each(WORDS)('takes the slug %j for words, not a token', (value) => {
    expect(looksLikeToken(value)).toBe(false);
  });

  it.each(['news.example.org', 'newsletter.example.org', 'release.notes.version'])(
    'does not take the dotted name %j for a JWT',
    (value) => {
      expect(looksLikeToken(value)).toBe(false);
    },
  );

  it('finds random tokens of real-world shapes nearly always', () => {
    expect(detectionRate((i) => bytes(`hex${i}`, 16).toString('hex'))).toBe(1);
    expect(detectionRate((i) => bytes(`h20-${i}`, 10).toString('hex'))).toBeGreaterThanOrEqual(0.99);
    expect(detectionRate((i) => bytes(`b43-${i}`, 32).toString('base64url'))).toBeGreaterThanOrEqual(0.99);
    expect(detectionRate((i) => bytes(`b22-${i}`, 16).toString('base64url'))).toBeGreaterThanOrEqual(0.9);
    expect(detectionRate(() => randomUUID())).toBe(1);
  });
});

describe('looksPersonal', () => {
  it('is any of the checks', () => {
    expect(looksPersonal('jane@example.org')).toBe(true);
    expect(looksPersonal('+33 6 12 34 56 78')).toBe(true);
    expect(looksPersonal('GB82WEST12345698765432')).toBe(true);
    expect(looksPersonal('3f9a7c2e9d1b4a6f8e0c2d4b6a8f0e1c')).toBe(true);
    expect(looksPersonal('whatsapp')).toBe(false);
    expect(looksPersonal('')).toBe(false);
  });

  it('handles long and hostile input in linear time', () => {
    const started = performance.now();
    const hostile = [
      'a'.repeat(100_000),
      '1 '.repeat(50_000),
      `1${' '.repeat(100_000)}`,
      `${'a-'.repeat(50_000)}@`,
      '@'.repeat(100_000),
      `a@${'b'.repeat(100_000)}`,
      '.'.repeat(100_000),
      'aaaaaaaaa.'.repeat(10_000),
      'DE00'.repeat(25_000),
      '+('.repeat(50_000),
    ];
    for (const value of hostile) looksPersonal(value);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
