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
  return patch;
}
