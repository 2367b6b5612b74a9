/**
 * The classification taxonomy: a fixed contract shared by every part of Penumbra
 * (DESIGN.md §3). Changing a value here changes stored data and public APIs.
 */

export const KINDS = ['human', 'preview', 'bot'] as const;
export type Kind = (typeof KINDS)[number];

export const CHANNELS = [
  'dark-social',
  'social',
  'search',
  'paid',
  'referral',
  'direct',
  'internal',
  'bot',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVIDENCE = [
  'tracked-link',
  'share-token',
  'utm',
  'click-id',
  'in-app-browser',
  'app-referrer',
  'referrer',
  'preview-agent',
  'bot-agent',
  'deep-link',
  'none',
] as const;
export type Evidence = (typeof EVIDENCE)[number];

export const CONFIDENCES = ['certain', 'likely', 'inferred'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/**
 * How a visit arrived within its channel. Dark social uses the first six; the rest follow
 * the vocabulary analysts know from GA4 (`organic`, `cpc`, `referral`, `(none)` as `none`).
 */
export type Medium =
  | 'messaging'
  | 'email'
  | 'sms'
  | 'copy-paste'
  | 'qr'
  | 'unattributed'
  | 'social'
  | 'organic'
  | 'cpc'
  | 'display'
  | 'referral'
  | 'internal'
  | 'none'
  | 'bot';

export interface Classification {
  kind: Kind;
  channel: Channel;
  medium: Medium;
  /** Lowercase id of the app or site (`whatsapp`, `google`, `referral:<host>`, `direct`, a bot's name). */
  source: string;
  evidence: Evidence;
  confidence: Confidence;
}

/** Facts only a script running in the page can see (sent by the tracker snippet). */
export interface ClassifyHints {
  /** Names of in-app-browser globals present on `window`, e.g. Telegram's `TelegramWebview`. */
  globals?: readonly string[];
  /** The Android WebView `X-Requested-With` header: the package of the app hosting the page. */
  requestedWith?: string;
}

/** What a share token says about the share it names (parsed by the events service). */
export interface ShareTokenFacts {
  /** Set when the token was minted by a share button for one app (`whatsapp`, `sms` …). */
  channel?: string;
}

export interface ClassifyInput {
  /** The landing URL (absolute). */
  url: string;
  /** The `Referer` header or `document.referrer`; empty when none. */
  referrer?: string | undefined;
  userAgent?: string | undefined;
  hints?: ClassifyHints | undefined;
  /** The channel a tracked short link was made for (its share-kit variant). */
  trackedChannel?: string | undefined;
  /** Present when the visit arrived carrying a share token (`#pn=…`). */
  shareToken?: string | ShareTokenFacts | undefined;
  /** Paths that count as landing pages (no referrer there means `direct`). Default `["/"]`. */
  landingPaths?: readonly string[] | undefined;
}
