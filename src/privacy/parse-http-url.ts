/**
 * Longer URLs are refused unread: 8 KiB is where common servers stop reading a request line
 * (Apache `LimitRequestLine` 8190), and a page address never needs more.
 */
export const MAX_URL_LENGTH = 8192;

/** An absolute `http:`/`https:` URL, or `undefined` for anything else; never throws. */
export function parseHttpUrl(text: string): URL | undefined {
  if (text.length > MAX_URL_LENGTH) return undefined;
  const url = tryParse(text.trim());
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  return url.hostname ? url : undefined;
}

/** `URL.parse` would do, but it only arrived in Node 20.18 and `engines` says `>=20`. */
function tryParse(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * The host alone: the URL parser already drops `user:password@` and the port, lowercases and
 * punycodes it (WHATWG URL host parsing); a trailing root dot is dropped too (`example.org.`).
 */
export function hostOf(url: URL): string {
  const host = url.hostname;
  return host.endsWith('.') ? host.slice(0, -1) : host;
}
