import { modePolicy, type PrivacyMode } from './modes.js';
import { hostOf, parseHttpUrl } from './parse-http-url.js';
import { scrubPath } from './scrub-path.js';

const ANDROID_APP = 'android-app://';
/** An Android application id: dot-separated Java-identifier-like segments (`com.whatsapp`). */
const ANDROID_PACKAGE = /^[A-Za-z][\w]*(?:\.[A-Za-z\d_]+)+$/;

/**
 * A Referer reduced to what the classifier reads (host and path) — never its query or fragment,
 * in any mode: search terms, webmail message ids and reset tokens live there. In strict mode
 * only `scheme://host/` is kept (CNIL self-assessment: referrer limited to the host, facts §6.1).
 * `android-app://<package>/` (Chrome on Android, facts §2.3) is kept as the package alone: it
 * names an app, not a person. `undefined` for an empty, malformed or non-web referrer.
 */
export function scrubReferrer(referrer: string, mode: PrivacyMode): string | undefined {
  const trimmed = referrer.trim();
  if (trimmed.slice(0, ANDROID_APP.length).toLowerCase() === ANDROID_APP) return appReferrer(trimmed);
  const url = parseHttpUrl(trimmed);
  if (!url) return undefined;
  const origin = `${url.protocol}//${hostOf(url)}`;
  return modePolicy(mode).referrerHostOnly ? `${origin}/` : origin + scrubPath(url.pathname);
}

/**
 * `android-app://com.whatsapp/` unchanged; a deeper path (`…googlequicksearchbox/https/www.google.com/…`
 * can carry a whole URL with its query) is cut back to the package, all the classifier reads.
 */
function appReferrer(referrer: string): string | undefined {
  const rest = referrer.slice(ANDROID_APP.length);
  const end = rest.search(/[/?#]/);
  const pkg = end < 0 ? rest : rest.slice(0, end);
  return ANDROID_PACKAGE.test(pkg) ? `${ANDROID_APP}${pkg}/` : undefined;
}
