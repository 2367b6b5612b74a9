/**
 * The name a bot gives itself, read without regular expressions that could backtrack: the
 * audit of issue 13 (finding 8) found `[\w-]*(?:bot|…)` quadratic, 6–7 s for one request.
 * Every function here is one linear pass over its input.
 */

const BOT_WORDS = ['bot', 'spider', 'crawler', 'fetcher', 'scraper'] as const;

/** The longest bot name stored (issue 13, finding 9: the leading token landed in storage at any length). */
export const MAX_BOT_NAME_LENGTH = 40;

function isWordCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 95 || // _
    code === 45 // -
  );
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Whether a bot word starts somewhere in `lower` after index `after`. */
function hasBotWordAfter(lower: string, after: number): boolean {
  return BOT_WORDS.some((word) => lower.indexOf(word, after + 1) > after);
}

/**
 * The first product token that says what it is (`AhrefsBot`, `linespider`, `my-crawler-2`):
 * a run of `[A-Za-z0-9_-]` holding `bot`, `spider`, `crawler`, `fetcher` or `scraper` after a
 * letter, from that letter to the run's end — what `/[A-Za-z][\w-]*(?:bot|…)[\w-]*​/i` found.
 */
export function botLikeToken(userAgent: string): string | undefined {
  let start = 0;
  while (start < userAgent.length) {
    while (start < userAgent.length && !isWordCharacter(userAgent.charCodeAt(start))) start += 1;
    let end = start;
    let firstLetter = -1;
    while (end < userAgent.length && isWordCharacter(userAgent.charCodeAt(end))) {
      if (firstLetter < 0 && isLetter(userAgent.charCodeAt(end))) firstLetter = end;
      end += 1;
    }
    if (firstLetter >= 0) {
      const run = userAgent.slice(firstLetter, end);
      if (hasBotWordAfter(run.toLowerCase(), 0)) return run;
    }
    start = end;
  }
  return undefined;
}

/**
 * A bot name as stored: lowercase `[a-z0-9-]`, other characters folded to one `-`, no `-` at
 * either end, at most 40 characters. Empty when nothing is left.
 */
export function normaliseBotToken(token: string): string {
  let name = '';
  let pendingDash = false;
  for (const character of token.toLowerCase()) {
    const code = character.charCodeAt(0);
    const keep = character.length === 1 && ((code >= 48 && code <= 57) || (code >= 97 && code <= 122));
    if (!keep) {
      pendingDash = name.length > 0;
      continue;
    }
    if (pendingDash) name += '-';
    pendingDash = false;
    name += character;
    if (name.length === MAX_BOT_NAME_LENGTH) break;
  }
  return name;
}
