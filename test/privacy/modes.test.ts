import { describe, expect, it } from 'vitest';
import { isPrivacyMode, modePolicy, PRIVACY_MODES } from '../../src/privacy/modes.js';

describe('privacy modes', () => {
  it('lists the three modes of DESIGN.md §4, anonymous (the default) first', () => {
    expect(PRIVACY_MODES).toEqual(['anonymous', 'consented', 'strict']);
  });

  it('anonymous keeps campaigns and referrer paths, writes aggregate share tokens, exact reports', () => {
    expect(modePolicy('anonymous')).toEqual({
      keepCampaign: true,
      referrerHostOnly: false,
      shareTokens: 'aggregate',
      roundReports: false,
    });
  });

  it('consented adds per-page-view share tokens', () => {
    expect(modePolicy('consented')).toEqual({
      keepCampaign: true,
      referrerHostOnly: false,
      shareTokens: 'per-view',
      roundReports: false,
    });
  });

  it('strict is the CNIL self-assessment reading: no campaigns, referrer host only, no tokens, rounded', () => {
    expect(modePolicy('strict')).toEqual({
      keepCampaign: false,
      referrerHostOnly: true,
      shareTokens: 'none',
      roundReports: true,
    });
  });

  it('hands out frozen policies that no caller can change for everyone', () => {
    for (const mode of PRIVACY_MODES) expect(Object.isFrozen(modePolicy(mode))).toBe(true);
    expect(Object.isFrozen(PRIVACY_MODES)).toBe(true);
  });

  it.each([
    ['anonymous', true],
    ['consented', true],
    ['strict', true],
    ['Strict', false],
    ['', false],
    ['toString', false],
    ['__proto__', false],
    [undefined, false],
    [1, false],
  ])('isPrivacyMode(%j) is %s', (value, expected) => {
    expect(isPrivacyMode(value)).toBe(expected);
  });
});
