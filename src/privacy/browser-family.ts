import { agentFacts } from '../classify/agent-facts.js';
import { MAX_USER_AGENT_LENGTH } from '../classify/input-limits.js';

/**
 * The browser families Penumbra stores (issue 14): a fixed, small vocabulary and never a version,
 * so a family says no more about a person than the device class does (docs/privacy.md). `in-app`
 * is any app's own web view (WhatsApp, Instagram, the Google app…): the app itself is already the
 * visit's source when it is known, and naming it here would only repeat that dimension.
 */
export const BROWSER_FAMILIES = [
  'chrome',
  'safari',
  'firefox',
  'edge',
  'samsung',
  'opera',
  'in-app',
  'other',
] as const;
export type BrowserFamily = (typeof BROWSER_FAMILIES)[number];

/*
 * Tokens, tested in this order because Chromium browsers also say `Chrome/`, and every WebKit or
 * Chromium browser also says `Safari/` (developer.mozilla.org "Browser detection using the user
 * agent", "Which part of the user agent contains the information you are looking for?"). iOS
 * browsers all run WebKit and name themselves with their own token: Chrome `CriOS/`, Firefox
 * `FxiOS/`, Edge `EdgiOS/`, Opera `OPiOS/` or Opera Touch `OPT/`. Every pattern is a plain
 * alternation of literals, linear in the agent's length (npm run check:redos).
 */
/** Android's WebView marks itself `; wv)` (developer.chrome.com "User-Agent strings" for WebView). */
const ANDROID_WEBVIEW = /; wv\)/;
/** Edge: `Edg/` (Chromium desktop), `EdgA/` (Android), `EdgiOS/`, `Edge/` (EdgeHTML, before 2020). */
const EDGE = /\bEdg(?:e|A|iOS)?\//;
const OPERA = /\bOPR\/|\bOPiOS\/|\bOPT\/|\bOpera\b/;
const SAMSUNG = /\bSamsungBrowser\//;
/** Yandex, UC, QQ, Puffin and others built on Chromium or WebKit: counted as `other`, not as Chrome or Safari. */
const OTHER_ENGINE_BRAND = /\bYaBrowser\/|\bUCBrowser\/|QQBrowser\/|\bPuffin\/|\bVivaldi\/|\bSilk\//;
const FIREFOX = /\bFirefox\/|\bFxiOS\//;
const CHROME = /\bChrome\/|\bCriOS\/|\bCrMo\//;
/** Apple's own Safari says `Version/… Safari/`; an iOS app's web view says neither (`Mobile/15E148` only). */
const SAFARI = /\bVersion\/[\d.]+ (?:Mobile\/\w+ )?Safari\//;
const IOS_WEBVIEW = /\b(?:iPhone|iPad|iPod)\b/;
const SAFARI_TOKEN = /\bSafari\//;

function familyOf(userAgent: string): BrowserFamily {
  if (agentFacts(userAgent).inAppSource !== undefined || ANDROID_WEBVIEW.test(userAgent)) return 'in-app';
  if (EDGE.test(userAgent)) return 'edge';
  if (OPERA.test(userAgent)) return 'opera';
  if (SAMSUNG.test(userAgent)) return 'samsung';
  if (OTHER_ENGINE_BRAND.test(userAgent)) return 'other';
  if (FIREFOX.test(userAgent)) return 'firefox';
  if (CHROME.test(userAgent)) return 'chrome';
  // Android's old stock browser also says `Version/4.0 … Safari/`: it is not Apple's.
  if (SAFARI.test(userAgent) && !userAgent.includes('Android')) return 'safari';
  if (IOS_WEBVIEW.test(userAgent) && !SAFARI_TOKEN.test(userAgent)) return 'in-app';
  return 'other';
}

/**
 * Real traffic repeats a few thousand agents, so families are memoised like the classifier's agent
 * facts (agent-facts.ts): bounded, cleared when full, derived values only, in process memory.
 */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, BrowserFamily>();

/**
 * The browser family of a person's user agent, read on at most the classifier's first 1,024
 * characters (input-limits.ts). In-app web views are recognised by the classifier's own
 * in-app table (`agentFacts`, memoised there), not detected a second time. The agent is read here
 * and never stored (DESIGN.md §4). Empty or unknown agents are `other`.
 */
export function browserFamily(userAgent: string): BrowserFamily {
  const bounded =
    userAgent.length > MAX_USER_AGENT_LENGTH ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : userAgent;
  const known = memo.get(bounded);
  if (known !== undefined) return known;
  const family = familyOf(bounded);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(bounded, family);
  return family;
}

/** Forgets every memoised family (benchmarks measure the cold path with it). */
export function forgetBrowserFamilies(): void {
  memo.clear();
}
