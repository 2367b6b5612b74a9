import type { PrivacyMode } from '../store/store.js';

export type { PrivacyMode };

/** What a privacy mode lets measurement keep. */
export interface ModePolicy {
  /** Keep `utm_*` parameters and the presence of click ids in page URLs. */
  keepCampaign: boolean;
  /** Keep only `scheme://host/` of a referrer; otherwise its path too (never its query). */
  referrerHostOnly: boolean;
  /**
   * Which share tokens the tracker writes (docs/tracking-protocol.md): `aggregate` tokens name a
   * page × day × generation × origin channel; `per-view` tokens name one page view, and only
   * once the visitor has consented (before that, `aggregate`); `none` writes no tokens.
   */
  shareTokens: 'aggregate' | 'per-view' | 'none';
  /** Reports show counts rounded (to the nearest ten), never exact small numbers. */
  roundReports: boolean;
}

export const PRIVACY_MODES: readonly PrivacyMode[] = Object.freeze(['anonymous', 'consented', 'strict']);

const POLICIES: Readonly<Record<PrivacyMode, Readonly<ModePolicy>>> = Object.freeze({
  /**
   * The default (DESIGN.md §4): share tokens identify a share, never a person, and reports are
   * aggregates. Built to fit the CNIL audience-measurement exemption (délibération 2020-091
   * §50–52, facts §6.1) as far as a tool can: no cross-site identifier, a visitor hash that
   * changes daily, 25-month retention ceiling.
   */
  anonymous: Object.freeze({
    keepCampaign: true,
    referrerHostOnly: false,
    shareTokens: 'aggregate',
    roundReports: false,
  }),
  /**
   * After the site's consent tool calls `penumbra.consent(true)` (DESIGN.md §4): per-page-view
   * share tokens let share cascades be drawn as anonymous trees. Consent is what makes a token
   * that links a sharer's and a recipient's visits defensible (ePrivacy Art. 5(3), facts §6.3).
   */
  consented: Object.freeze({
    keepCampaign: true,
    referrerHostOnly: false,
    shareTokens: 'per-view',
    roundReports: false,
  }),
  /**
   * The CNIL self-assessment reading (2025 tool, facts §6.1 — a secondary summary, to be
   * checked against the PDF): referrer limited to the host, no UTM or campaign ids imported,
   * reports rounded. No share tokens are written (docs/tracking-protocol.md). The cost — no
   * campaign or per-channel attribution — is shown to the user, not hidden (DESIGN.md §4).
   */
  strict: Object.freeze({
    keepCampaign: false,
    referrerHostOnly: true,
    shareTokens: 'none',
    roundReports: true,
  }),
});

export function isPrivacyMode(value: unknown): value is PrivacyMode {
  return typeof value === 'string' && Object.hasOwn(POLICIES, value);
}

export function modePolicy(mode: PrivacyMode): Readonly<ModePolicy> {
  return POLICIES[mode];
}
