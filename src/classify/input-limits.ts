import type { ClassifyInput } from './taxonomy.js';

/**
 * How much of a request's free text the classifier reads (issue 13, finding 8: a 15 KB user
 * agent cost 250 ms on a redirect). Real user agents are a few hundred characters (the longest
 * in our three labelled sets is far below 1 KB), and 2,048 characters is the URL length every
 * browser and proxy has long accepted, plenty for a referrer's host and path. Longer text is
 * cut, not refused: the request still counts, classified on its first characters.
 */
export const MAX_USER_AGENT_LENGTH = 1024;
export const MAX_REFERRER_LENGTH = 2048;

function cut(value: string | undefined, limit: number): string | undefined {
  return value !== undefined && value.length > limit ? value.slice(0, limit) : value;
}

/**
 * The input with its user agent and referrer cut to their limits. `classify()` calls it first,
 * so the redirect, `/api/event`, `/api/classify` and `import-log` all read the same bounded text.
 */
export function withinInputLimits(input: ClassifyInput): ClassifyInput {
  const { userAgent, referrer } = input;
  if ((userAgent?.length ?? 0) <= MAX_USER_AGENT_LENGTH && (referrer?.length ?? 0) <= MAX_REFERRER_LENGTH) {
    return input;
  }
  const bounded: ClassifyInput = { ...input };
  if (userAgent !== undefined) bounded.userAgent = cut(userAgent, MAX_USER_AGENT_LENGTH);
  if (referrer !== undefined) bounded.referrer = cut(referrer, MAX_REFERRER_LENGTH);
  return bounded;
}
