/** A UTF-16 surrogate not paired with its other half (with `u`, a pair matches as one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * `encodeURIComponent`, plus the five characters it leaves alone that RFC 3986 §2.2 reserves
 * (`!`, `'`, `(`, `)`, `*`), as MDN's encodeURIComponent page recommends: a share URL may be
 * pasted into HTML, Markdown or a chat app that treats a bare `'` or `)` as the end of the link.
 * Spaces become `%20`, never `+`.
 *
 * A lone surrogate (JSON's `"\ud800"` decodes to one) has no UTF-8 form and makes
 * encodeURIComponent throw a URIError; as in the WHATWG URL standard, which percent-encodes a
 * "scalar value string", it becomes U+FFFD first (found by test/fuzz/links-api.fuzz.test.ts).
 */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD')).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
