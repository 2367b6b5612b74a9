/** The charset a Content-Type header names, if any. */
function headerCharset(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
}

/**
 * `<meta charset>` or the http-equiv form, within the first bytes, as the HTML standard prescans:
 * a `charset=` inside a `<meta` tag. A scan rather than one regular expression over the head
 * (`<meta[^>]+charset…` is O(n²), scripts/check-redos.mjs).
 */
function metaCharset(head: string): string | undefined {
  const lower = head.toLowerCase();
  for (let at = lower.indexOf('charset'); at >= 0; at = lower.indexOf('charset', at + 7)) {
    const tag = lower.lastIndexOf('<meta', at);
    if (tag < 0 || lower.lastIndexOf('>', at) > tag) continue;
    const label = /^charset\s*=\s*["']?([\w-]+)/.exec(lower.slice(at, at + 64))?.[1];
    if (label) return label;
  }
  return undefined;
}

/**
 * Bytes to text the way a browser would pick the encoding: a UTF-8 BOM, then the header's
 * charset, then a `<meta>` charset in the first 1024 bytes (HTML Living Standard §13.2.3.2), then
 * UTF-8. An unknown label falls back to UTF-8 rather than failing the check.
 */
export function decodeHtml(body: Buffer, contentType: string | undefined): string {
  const hasBom = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
  const label = hasBom
    ? 'utf-8'
    : (headerCharset(contentType) ?? metaCharset(body.subarray(0, 1024).toString('latin1')) ?? 'utf-8');
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
