/**
 * `encodeURIComponent`, plus the five characters it leaves alone that RFC 3986 §2.2 reserves
 * (`!`, `'`, `(`, `)`, `*`), as MDN's encodeURIComponent page recommends: a share URL may be
 * pasted into HTML, Markdown or a chat app that treats a bare `'` or `)` as the end of the link.
 * Spaces become `%20`, never `+`.
 */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
