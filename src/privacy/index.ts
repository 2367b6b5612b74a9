/**
 * Privacy by design (DESIGN.md §4): daily-salted visitor hashes, URL and referrer scrubbing,
 * privacy modes, DNT/GPC, coarse device class and country, and a rate limiter. Pure or nearly
 * pure; imports nothing of the project but types from the store.
 */
export {
  COUNTRY_HEADERS,
  type CountryLookup,
  countryCode,
  countryFromHeaders,
  openCountryDatabase,
} from './country.js';
export { type DeviceClass, deviceClass } from './device-class.js';
export { type OptOutOptions, optedOut } from './dnt.js';
export { firstHeaderValue, type HeaderBag } from './header-value.js';
export {
  looksLikeEmail,
  looksLikeIban,
  looksLikePhone,
  looksLikeToken,
  looksPersonal,
} from './looks-personal.js';
export { isPrivacyMode, type ModePolicy, modePolicy, PRIVACY_MODES, type PrivacyMode } from './modes.js';
export { normaliseIp } from './normalise-ip.js';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { scrubReferrer } from './referrer.js';
export { DailySalts, type SaltStore } from './salts.js';
export { REDACTED_SEGMENT, scrubPath } from './scrub-path.js';
export { type ScrubbedUrl, type ScrubUrlOptions, scrubUrl } from './scrub-url.js';
export { hashVisitor, type VisitorFacts } from './visitor-id.js';
