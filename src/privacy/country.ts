import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { type CountryResponse, Reader } from 'mmdb-lib';
import { firstHeaderValue, type HeaderBag } from './header-value.js';
import { normaliseIp } from './normalise-ip.js';

/**
 * Country headers set by CDNs, in the order they are read: Cloudflare `CF-IPCountry`,
 * Amazon CloudFront `CloudFront-Viewer-Country` (when forwarded by the origin request policy),
 * Vercel `X-Vercel-IP-Country`, then `X-Country-Code` for a proxy you configure yourself.
 * Fastly has no standard header: its VCL exposes `client.geo.country_code`, which a service
 * can copy into `X-Country-Code`. Trust these only behind that CDN — a client can send any of
 * them straight to the origin — hence the `names` parameter.
 */
export const COUNTRY_HEADERS: readonly string[] = Object.freeze([
  'cf-ipcountry',
  'cloudfront-viewer-country',
  'x-vercel-ip-country',
  'x-country-code',
]);

/**
 * The country headers to read for a `PENUMBRA_TRUST_PROXY` setting: all of them behind a trusted
 * proxy, none without one. A client talking to us directly can send any of them, and did: the
 * audit of issue 13 (finding 12) chose its country with `CF-IPCountry` while no proxy was trusted.
 */
export function trustedCountryHeaders(trustProxy: boolean | number): readonly string[] {
  return trustProxy === false || trustProxy === 0 ? [] : COUNTRY_HEADERS;
}

/**
 * Codes that name no country: Cloudflare's `XX` (no data) and `T1` (Tor), and `ZZ` (CLDR's
 * unknown region, used by some proxies).
 */
const NOT_COUNTRIES: ReadonlySet<string> = new Set(['XX', 'T1', 'ZZ']);
const TWO_LETTERS = /^[A-Za-z]{2}$/;

/** An ISO 3166-1 alpha-2 code, uppercase, or `undefined`. */
export function countryCode(value: string | undefined): string | undefined {
  if (value === undefined || !TWO_LETTERS.test(value)) return undefined;
  const code = value.toUpperCase();
  return NOT_COUNTRIES.has(code) ? undefined : code;
}

/** The first valid country code among the CDN headers (names lowercase, as Node gives them). */
export function countryFromHeaders(
  headers: HeaderBag,
  names: readonly string[] = COUNTRY_HEADERS,
): string | undefined {
  for (const name of names) {
    const code = countryCode(firstHeaderValue(headers, name));
    if (code) return code;
  }
  return undefined;
}

export interface CountryLookup {
  /** The country of an address, or `undefined`. The address is not kept (DESIGN.md §4). */
  lookup(ip: string): string | undefined;
}

/**
 * Opens a user-supplied MaxMind GeoLite2/GeoIP2 Country (or City) database with `mmdb-lib`
 * (MIT). The whole file is read into memory (a Country database is about 10 MB) and never
 * written. Rejects when the file is missing or is not a MaxMind DB.
 */
export async function openCountryDatabase(path: string): Promise<CountryLookup> {
  const reader = openReader(await readFile(path), path);
  const ipv4Only = reader.metadata.ipVersion === 4;
  return { lookup: (ip) => lookupCountry(reader, normaliseIp(ip), ipv4Only) };
}

function openReader(buffer: Buffer, path: string): Reader<CountryResponse> {
  try {
    return new Reader<CountryResponse>(buffer);
  } catch (cause) {
    throw new Error(`${path} is not a MaxMind DB file`, { cause });
  }
}

/**
 * `country` is where the address is used; `registered_country` (where its block is registered)
 * is the fallback for blocks MaxMind cannot place, e.g. some anycast and satellite ranges
 * (dev.maxmind.com GeoIP2 Country fields).
 */
function lookupCountry(reader: Reader<CountryResponse>, ip: string, ipv4Only: boolean): string | undefined {
  const version = isIP(ip);
  if (version === 0 || (version === 6 && ipv4Only)) return undefined;
  try {
    const record = reader.get(ip);
    return countryCode(record?.country?.iso_code) ?? countryCode(record?.registered_country?.iso_code);
  } catch {
    return undefined;
  }
}
