import { describe, expect, it } from 'vitest';
import * as privacy from '../../src/privacy/index.js';

describe('src/privacy/index', () => {
  it('exports the public API', () => {
    expect(Object.keys(privacy).sort()).toEqual(
      [
        'COUNTRY_HEADERS',
        'DailySalts',
        'PRIVACY_MODES',
        'REDACTED_SEGMENT',
        'RateLimiter',
        'countryCode',
        'countryFromHeaders',
        'deviceClass',
        'firstHeaderValue',
        'hashVisitor',
        'isPrivacyMode',
        'looksLikeEmail',
        'looksLikeIban',
        'looksLikePhone',
        'looksLikeToken',
        'looksPersonal',
        'modePolicy',
        'normaliseIp',
        'openCountryDatabase',
        'optedOut',
        'scrubPath',
        'scrubReferrer',
        'scrubUrl',
      ].sort(),
    );
  });
});
