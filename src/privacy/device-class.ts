export type DeviceClass = 'mobile' | 'tablet' | 'desktop';

/**
 * Tablets first, because several also say "Mobile": iPads (`Mobile/15E148` in app UAs), Kindle
 * Fire's Silk (`Silk/3.4 Mobile Safari`), Firefox's `(Android 14; Tablet; …)`, BlackBerry
 * PlayBook (`RIM Tablet OS`), `Galaxy Tab`/`Lenovo TAB`. `Tablet PC` is a Windows desktop
 * component flag, not a tablet.
 */
const TABLET = /\biPad\b|\bTablet\b(?! PC)|\bKindle\b|\bSilk\b|\bPlayBook\b|\bTab\b/i;
/** Kindle Fire model codes: `KFTT`, `KFOT`, `KFDOWI` … (case matters: they are build names). */
const KINDLE_FIRE = /\bKF[A-Z]{2,6}\b/;
/**
 * `Mobi` is MDN's advice for "mobile" (`Mobile`, `Opera Mobi`); only at a word start, because
 * app tokens such as `TeamsMobile-Android` (sent from Galaxy Tabs too) are not device tokens.
 */
const MOBILE = /\bMobi|iPhone|iPod|Windows Phone|IEMobile|BlackBerry|\bBB10\b|Opera Mini/i;
/** Android without a mobile token is a tablet: Chrome drops `Mobile` on tablets (Chrome UA docs). */
const ANDROID = /\bAndroid\b/i;

/**
 * Mobile, tablet or desktop from the User-Agent (developer.mozilla.org "Browser detection using
 * the user agent": look for `Mobi`; Android without it is a tablet), after the client hint
 * `Sec-CH-UA-Mobile: ?1` when the browser sent one (a structured-field boolean, RFC 8941 §3.3.6;
 * Chromium only). The UA is read here and never stored (DESIGN.md §4). Limits: iPadOS Safari
 * asks for desktop sites and sends a Mac UA, so it counts as desktop; Android TVs count as tablets.
 */
export function deviceClass(userAgent: string, mobileHint?: string): DeviceClass {
  if (mobileHint?.trim() === '?1') return 'mobile';
  if (TABLET.test(userAgent) || KINDLE_FIRE.test(userAgent)) return 'tablet';
  if (MOBILE.test(userAgent)) return 'mobile';
  return ANDROID.test(userAgent) ? 'tablet' : 'desktop';
}
