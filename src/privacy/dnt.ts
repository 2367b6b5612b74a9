import { firstHeaderValue, type HeaderBag } from './header-value.js';

export interface OptOutOptions {
  /** Honour `DNT: 1` (default true). */
  honourDnt?: boolean;
  /** Honour `Sec-GPC: 1` (default true). */
  honourGpc?: boolean;
}

/**
 * Whether the browser asks not to be tracked: `DNT: 1` (W3C Tracking Preference Expression
 * §5.2: `DNT-field-value = ( "0" / "1" ) *DNT-extension`, so `1` may be followed by extension
 * characters) or `Sec-GPC: 1` (Global Privacy Control, privacycg.github.io/gpc-spec: "1" is the
 * only value; absent or anything else means no preference). Whether to act on it is the site's
 * setting (`respectDnt`); the check itself is pure.
 */
export function optedOut(headers: HeaderBag, options: OptOutOptions = {}): boolean {
  const { honourDnt = true, honourGpc = true } = options;
  if (honourDnt && firstHeaderValue(headers, 'dnt')?.startsWith('1')) return true;
  return honourGpc && firstHeaderValue(headers, 'sec-gpc') === '1';
}
