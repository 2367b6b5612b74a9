import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reader } from 'mmdb-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTRY_HEADERS,
  type CountryLookup,
  countryCode,
  countryFromHeaders,
  openCountryDatabase,
} from '../../src/privacy/country.js';
import { type MmdbNetwork, uint32, writeMmdb } from './write-mmdb.js';

const country = (iso: string, name: string, geonameId: number) => ({
  geoname_id: uint32(geonameId),
  iso_code: iso,
  names: { en: name },
});

/** Shaped like GeoLite2-Country records (documentation ranges, RFC 5737 / RFC 3849). */
const NETWORKS: readonly MmdbNetwork[] = [
  {
    network: '192.0.2.0/24',
    data: {
      continent: { code: 'EU', geoname_id: uint32(6255148), names: { en: 'Europe' } },
      country: country('FR', 'France', 3017382),
      registered_country: country('FR', 'France', 3017382),
    },
  },
  {
    network: '198.51.100.0/24',
    data: {
      country: country('DE', 'Germany', 2921044),
      registered_country: country('DE', 'Germany', 2921044),
    },
  },
  // Registered-country only: the fallback.
  { network: '203.0.113.0/25', data: { registered_country: country('US', 'United States', 6252001) } },
  // A record with no country at all.
  { network: '203.0.113.128/25', data: { continent: { code: 'AS', names: { en: 'Asia' } } } },
];
const IPV6_NETWORKS: readonly MmdbNetwork[] = [
  ...NETWORKS,
  { network: '2001:db8::/32', data: { country: country('JP', 'Japan', 1861060) } },
];

let directory = '';

async function databaseFile(name: string, bytes: Buffer): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, bytes);
  return path;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'penumbra-mmdb-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('countryFromHeaders', () => {
  it.each([
    [{ 'cf-ipcountry': 'FR' }, 'FR'],
    [{ 'cloudfront-viewer-country': 'de' }, 'DE'],
    [{ 'x-vercel-ip-country': 'Jp' }, 'JP'],
    [{ 'x-country-code': ' br ' }, 'BR'],
    [{ 'cf-ipcountry': ['GB'] }, 'GB'],
  ])('reads %j as %s', (headers, expected) => {
    expect(countryFromHeaders(headers)).toBe(expected);
  });

  it('reads the headers in order: Cloudflare, CloudFront, Vercel, then X-Country-Code', () => {
    expect(COUNTRY_HEADERS).toEqual([
      'cf-ipcountry',
      'cloudfront-viewer-country',
      'x-vercel-ip-country',
      'x-country-code',
    ]);
    expect(
      countryFromHeaders({ 'x-country-code': 'BR', 'x-vercel-ip-country': 'JP', 'cf-ipcountry': 'FR' }),
    ).toBe('FR');
    expect(countryFromHeaders({ 'x-country-code': 'BR', 'x-vercel-ip-country': 'JP' })).toBe('JP');
  });

  it("skips Cloudflare's XX (unknown) and T1 (Tor) and any invalid value for the next header", () => {
    expect(countryFromHeaders({ 'cf-ipcountry': 'XX', 'x-country-code': 'BE' })).toBe('BE');
    expect(countryFromHeaders({ 'cf-ipcountry': 'T1' })).toBeUndefined();
    expect(countryFromHeaders({ 'cf-ipcountry': 'xx' })).toBeUndefined();
  });

  it.each([['FRA'], ['F'], [''], ['1A'], ['F R'], ['ÉS'], ['ＦＲ'], ['ZZ'], ['FR; DROP TABLE']])(
    'refuses the value %j',
    (value) => {
      expect(countryFromHeaders({ 'cf-ipcountry': value })).toBeUndefined();
    },
  );

  it('reads only the names it is given, for deployments behind one known CDN', () => {
    const spoofed = { 'cf-ipcountry': 'KP', 'cloudfront-viewer-country': 'NL' };
    expect(countryFromHeaders(spoofed, ['cloudfront-viewer-country'])).toBe('NL');
    expect(countryFromHeaders(spoofed, [])).toBeUndefined();
  });

  it('takes the first value of a header sent twice', () => {
    expect(countryFromHeaders({ 'cf-ipcountry': 'FR, DE' })).toBe('FR');
  });
});

describe('countryCode', () => {
  it('uppercases two ASCII letters and refuses anything else', () => {
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode(undefined)).toBeUndefined();
    expect(countryCode('T1')).toBeUndefined();
  });
});

describe('the test MMDB writer', () => {
  it('writes a database that mmdb-lib reads with the metadata the spec requires', () => {
    const reader = new Reader(
      writeMmdb({ ipVersion: 4, databaseType: 'GeoLite2-Country', networks: NETWORKS }),
    );
    expect(reader.metadata).toMatchObject({
      binaryFormatMajorVersion: 2,
      binaryFormatMinorVersion: 0,
      databaseType: 'GeoLite2-Country',
      ipVersion: 4,
      recordSize: 24,
      languages: ['en'],
      description: { en: 'Penumbra test database' },
    });
    expect(reader.metadata.nodeCount).toBeGreaterThan(24);
    expect(reader.getWithPrefixLength('192.0.2.200')).toEqual([expect.objectContaining({}), 24]);
    expect(reader.getWithPrefixLength('203.0.113.200')[1]).toBe(25);
    expect(reader.get('192.0.2.1')).toMatchObject({ country: { iso_code: 'FR', geoname_id: 3017382 } });
  });

  it('writes strings long enough to need the extended size bytes', () => {
    const long = 'é'.repeat(200);
    const longer = 'x'.repeat(70_000);
    const reader = new Reader(
      writeMmdb({
        ipVersion: 4,
        databaseType: 'Test',
        networks: [{ network: '192.0.2.0/24', data: { a: long, b: longer, list: ['x', 'y'] } }],
      }),
    );
    expect(reader.get('192.0.2.9')).toEqual({ a: long, b: longer, list: ['x', 'y'] });
  });
});

describe.each([
  ['an IPv4 database', 4, NETWORKS],
  ['an IPv6 database (IPv4 at ::/96)', 6, IPV6_NETWORKS],
] as const)('openCountryDatabase on %s', (_name, ipVersion, networks) => {
  let db: CountryLookup;

  beforeAll(async () => {
    const bytes = writeMmdb({ ipVersion, databaseType: 'GeoLite2-Country', networks });
    db = await openCountryDatabase(await databaseFile(`country-v${ipVersion}.mmdb`, bytes));
  });

  it.each([
    ['192.0.2.0', 'FR'],
    ['192.0.2.1', 'FR'],
    ['192.0.2.255', 'FR'],
    ['198.51.100.42', 'DE'],
    ['::ffff:192.0.2.7', 'FR'],
    ['[::ffff:198.51.100.1]:443', 'DE'],
    [' 198.51.100.9 ', 'DE'],
  ])('finds %s in %s', (ip, expected) => {
    expect(db.lookup(ip)).toBe(expected);
  });

  it('falls back to the registered country when the record has no country', () => {
    expect(db.lookup('203.0.113.5')).toBe('US');
  });

  it.each([
    ['203.0.113.200'],
    ['192.0.3.1'],
    ['192.0.1.255'],
    ['10.0.0.1'],
    ['0.0.0.0'],
    ['255.255.255.255'],
    ['not an ip'],
    [''],
    ['999.1.1.1'],
    ['1.2.3'],
  ])('answers undefined for %j', (ip) => {
    expect(db.lookup(ip)).toBeUndefined();
  });

  it('answers IPv6 addresses only from an IPv6 database', () => {
    expect(db.lookup('2001:db8::1')).toBe(ipVersion === 6 ? 'JP' : undefined);
    expect(db.lookup('[2001:DB8:0:0::abcd]')).toBe(ipVersion === 6 ? 'JP' : undefined);
    expect(db.lookup('2001:db9::1')).toBeUndefined();
    expect(db.lookup('::1')).toBeUndefined();
  });
});

describe('openCountryDatabase failures', () => {
  it('rejects a missing file', async () => {
    await expect(openCountryDatabase(join(directory, 'missing.mmdb'))).rejects.toThrow(/ENOENT/);
  });

  it('rejects a file that is not a MaxMind DB', async () => {
    const path = await databaseFile('not.mmdb', Buffer.from('GeoIP? no, just text'));
    await expect(openCountryDatabase(path)).rejects.toThrow(/is not a MaxMind DB file/);
  });
});
