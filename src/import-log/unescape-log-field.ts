/**
 * Undoes the escaping web servers apply to quoted log fields, so a user agent or a referrer
 * reads as the client sent it:
 *
 * - Apache ≥ 2.0.46 (mod_log_config, "Custom Log Formats"): in `%r`, `%i` and `%o`, `"` and
 *   `\` are escaped by prepending a backslash, whitespace in C notation (`\n`, `\t` …), other
 *   non-printable bytes as `\xhh`.
 * - nginx `escape=default` (ngx_http_log_module, `log_format`): `"`, `\`, bytes below 32
 *   and above 126 as `\xXX` — so a quote is `\x22` and a UTF-8 character is several `\xXX`.
 * - nginx `escape=json` lines are decoded by `JSON.parse` instead.
 *
 * `\xhh` stands for a raw byte; a run of them is decoded as UTF-8 (invalid bytes become U+FFFD).
 */

const C_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  f: '\f',
  b: '\b',
  a: '\x07',
};

/** The byte written as two hex digits at `at`, or -1. */
function hexByte(text: string, at: number): number {
  const pair = text.slice(at, at + 2);
  return /^[\da-f]{2}$/i.test(pair) ? Number.parseInt(pair, 16) : -1;
}

/** Unescapes `field`; call it only when the field holds a backslash (the rare case). */
export function unescapeLogField(field: string): string {
  let out = '';
  let highBytes = false;
  let i = 0;
  while (i < field.length) {
    const backslash = field.indexOf('\\', i);
    if (backslash < 0 || backslash === field.length - 1) {
      out += field.slice(i);
      break;
    }
    out += field.slice(i, backslash);
    const next = field.charAt(backslash + 1);
    const byte = next === 'x' ? hexByte(field, backslash + 2) : -1;
    if (byte >= 0) {
      out += String.fromCharCode(byte);
      highBytes ||= byte > 0x7e;
      i = backslash + 4;
    } else {
      out += C_ESCAPES[next] ?? next;
      i = backslash + 2;
    }
  }
  return highBytes ? decodeByteString(out) : out;
}

/**
 * A string holding each escaped byte as one char of that code: when every char is a byte,
 * read them as UTF-8. A string mixing raw non-Latin-1 text and escapes is left alone.
 */
export function decodeByteString(latin1: string): string {
  for (let i = 0; i < latin1.length; i++) {
    if (latin1.charCodeAt(i) > 0xff) return latin1;
  }
  return Buffer.from(latin1, 'latin1').toString('utf8');
}
