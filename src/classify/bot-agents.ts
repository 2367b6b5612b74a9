import { isbot } from 'isbot';
import { botLikeToken, normaliseBotToken } from './bot-token.js';
import { compileRules, type UaRule } from './rule-table.js';

/**
 * Automated agents whose name cannot be read off a `Name/version` token, or that `isbot`
 * does not know. Names follow the bots' own documentation, lowercased.
 */
const NAMED_BOT_RULES: UaRule<string>[] = [
  // Headless and audit browsers carry a browser-like token (Chrome DevTools docs, Lighthouse).
  { pattern: /HeadlessChrome/, value: 'headlesschrome' },
  { pattern: /Chrome-Lighthouse|Lighthouse\/\d/, value: 'lighthouse' },
  { pattern: /PhantomJS/, value: 'phantomjs' },
  { pattern: /Google-InspectionTool/, value: 'google-inspectiontool' },
  { pattern: /Google-Read-Aloud/, value: 'google-read-aloud' },
  { pattern: /Storebot-Google/, value: 'storebot-google' },
  { pattern: /AdsBot-Google/, value: 'adsbot-google' },
  { pattern: /Mediapartners-Google/, value: 'mediapartners-google' },
  // Anchored: feed readers such as Feedly say `like FeedFetcher-Google` in their own agent.
  { pattern: /^FeedFetcher-Google/, value: 'feedfetcher-google' },
  { pattern: /Googlebot-Image/, value: 'googlebot-image' },
  { pattern: /Googlebot/, value: 'googlebot' },
  { pattern: /SemrushBot/, value: 'semrushbot' },
  { pattern: /Pingdom/, value: 'pingdom' },
  { pattern: /UptimeRobot/, value: 'uptimerobot' },
  { pattern: /StatusCake/, value: 'statuscake' },
  { pattern: /Baiduspider/, value: 'baiduspider' },
  { pattern: /Bytespider/, value: 'bytespider' },
  { pattern: /meta-externalagent/, value: 'meta-externalagent' },
  { pattern: /facebookcatalog/, value: 'facebookcatalog' },
];

const namedBots = compileRules(NAMED_BOT_RULES);

/** `compatible; Name/1.0` — the way most crawlers announce themselves. */
const COMPATIBLE_TOKEN = /compatible[;,]\s*([A-Za-z][\w.-]*)/;
/** The first `Name/version` product token (RFC 9110 §10.1.5), for clients like `Feedly/1.0`. */
const LEADING_PRODUCT = /^([A-Za-z][\w.-]*?)(?:[/+\s;(]|$)/;

const GENERIC_NAMES = new Set(['mozilla', 'bot', 'compatible', 'like', 'http', 'https']);

function normaliseName(token: string | undefined): string | undefined {
  if (!token) return undefined;
  const name = normaliseBotToken(token);
  return GENERIC_NAMES.has(name) || name.length < 2 ? undefined : name;
}

/**
 * The bot's own name (`googlebot`, `gptbot`, `curl`), `bot` when it has none: a name from our
 * table or a token cut to 40 characters of `[a-z0-9-]` (issue 13, finding 9), since it is stored.
 */
export function botName(userAgent: string): string {
  return (
    namedBots.match(userAgent) ??
    normaliseName(COMPATIBLE_TOKEN.exec(userAgent)?.[1]) ??
    normaliseName(botLikeToken(userAgent)) ??
    normaliseName(LEADING_PRODUCT.exec(userAgent)?.[1]) ??
    'bot'
  );
}

/**
 * Whether a user agent is automated. `isbot` (Unlicense) covers the long tail; an empty
 * agent is a script too, since every browser sends one.
 */
export function isBotAgent(userAgent: string): boolean {
  return userAgent.trim() === '' || namedBots.match(userAgent) !== undefined || isbot(userAgent);
}
