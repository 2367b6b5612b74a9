import { isPrivacyMode } from '../privacy/modes.js';
import { RETENTION_MONTHS, type SitePatch } from '../store/store.js';
import { normaliseDomain } from './normalise-domain.js';
import { SiteInputError } from './site-input-error.js';

/** The measurement settings of a site as a client sends them; each is checked on its own. */
export interface SiteSettingsInput {
  privacyMode?: string | undefined;
  landingPaths?: readonly string[] | undefined;
  respectDnt?: boolean | undefined;
  retentionMonths?: number | undefined;
  extraOrigins?: readonly string[] | undefined;
  queryParams?: readonly string[] | undefined;
}

const LANDING_PATH = /^\/[^\s?#]{0,255}$/;

function validateLandingPaths(paths: readonly string[]): string[] {
  if (paths.length > 100)
    throw new SiteInputError('landing_paths_invalid', 'At most 100 landing paths.', 'landingPaths');
  const bad = paths.find((path) => !LANDING_PATH.test(path));
  if (bad !== undefined) {
    throw new SiteInputError(
      'landing_paths_invalid',
      `"${bad}" is not a landing path: start with "/", no query or spaces; end with "*" for a prefix (e.g. /politics/*).`,
      'landingPaths',
    );
  }
  return [...new Set(paths)];
}

function validateRetention(months: number): number {
  if (!Number.isInteger(months) || months < RETENTION_MONTHS.min || months > RETENTION_MONTHS.max) {
    throw new SiteInputError(
      'retention_invalid',
      `Keep raw events ${RETENTION_MONTHS.min} to ${RETENTION_MONTHS.max} months (25 is the CNIL ceiling for audience measurement).`,
      'retentionMonths',
    );
  }
  return months;
}

function validateOrigins(origins: readonly string[]): string[] {
  if (origins.length > 20)
    throw new SiteInputError('origins_invalid', 'At most 20 extra origins.', 'extraOrigins');
  return [
    ...new Set(
      origins.map((origin) => {
        try {
          return normaliseDomain(origin);
        } catch {
          throw new SiteInputError('origins_invalid', `"${origin}" is not a host name.`, 'extraOrigins');
        }
      }),
    ),
  ];
}

/** A name as it may appear in a URL's query; the snippet's `data-params` list is split on commas and spaces. */
const QUERY_PARAM = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The site's own parameter names, spelt as its URLs spell them (the snippet compares them exactly,
 * src/tracker/p.ts); scrubUrl compares them case-insensitively, so duplicates are too. `utm_*` is
 * refused: campaign parameters follow the privacy mode (kept, or dropped in strict mode), never
 * this list — listing one must not look like a way round strict mode.
 */
function validateQueryParams(names: readonly string[]): string[] {
  if (names.length > 20)
    throw new SiteInputError('query_params_invalid', 'At most 20 query parameters.', 'queryParams');
  const kept = new Map<string, string>();
  for (const name of names) {
    if (!QUERY_PARAM.test(name)) {
      throw new SiteInputError(
        'query_params_invalid',
        `"${name}" is not a query parameter name: 1 to 64 letters, digits, "_", "." or "-".`,
        'queryParams',
      );
    }
    const lower = name.toLowerCase();
    if (lower.startsWith('utm_')) {
      throw new SiteInputError(
        'query_params_invalid',
        `"${name}" cannot be listed: utm_* parameters are campaign data, kept or dropped by the privacy mode.`,
        'queryParams',
      );
    }
    if (!kept.has(lower)) kept.set(lower, name);
  }
  return [...kept.values()];
}

/** The settings present in `input`, checked, as a store patch. */
export function validateSiteSettings(input: SiteSettingsInput): SitePatch {
  const patch: SitePatch = {};
  if (input.privacyMode !== undefined) {
    if (!isPrivacyMode(input.privacyMode)) {
      throw new SiteInputError(
        'privacy_mode_invalid',
        'The privacy mode is anonymous, consented or strict.',
        'privacyMode',
      );
    }
    patch.privacyMode = input.privacyMode;
  }
  if (input.landingPaths !== undefined) patch.landingPaths = validateLandingPaths(input.landingPaths);
  if (input.respectDnt !== undefined) patch.respectDnt = input.respectDnt;
  if (input.retentionMonths !== undefined) patch.retentionMonths = validateRetention(input.retentionMonths);
  if (input.extraOrigins !== undefined) patch.extraOrigins = validateOrigins(input.extraOrigins);
  if (input.queryParams !== undefined) patch.queryParams = validateQueryParams(input.queryParams);
  return patch;
}
