/**
 * How deeply JSON from outside may nest. No request Penumbra understands goes past a handful of
 * levels (a stats query's filters are the deepest); 64 leaves room and stops the 5,000-deep
 * bodies that made validation and cloning overflow the stack and answer 500 (issue 13, finding 10).
 * Shared by the HTTP body parser and the JSON access-log reader.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether a JSON text nests deeper than `limit`, stopping as soon as it does: one linear pass that
 * skips strings (with their escapes) and counts brackets, cheaper than parsing. Malformed text is not judged here;
 * `JSON.parse` refuses it next.
 */
export function jsonDepthExceeds(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}
