import { describe, expect, it } from 'vitest';
import { botName } from '../../src/classify/bot-agents.js';
import {
  attributeCampaign,
  attributeClickId,
  normaliseCampaignSource,
} from '../../src/classify/campaigns.js';
import { classify } from '../../src/classify/classify.js';
import { matchInAppBrowser } from '../../src/classify/in-app-browsers.js';
import { matchPreviewAgent } from '../../src/classify/preview-agents.js';
import { paidSourceForHost, sourceForAndroidPackage, sourceForHost } from '../../src/classify/referrers.js';
import { queryParams, splitUrl } from '../../src/classify/url-parts.js';
import { parseCombined, parseVhostCombined } from '../../src/import-log/parse-combined.js';
import { parseJsonLine } from '../../src/import-log/parse-json-line.js';
import { parseRequestLine } from '../../src/import-log/parse-request-line.js';
import { shouldSkip } from '../../src/import-log/skip-rules.js';
import { unescapeLogField } from '../../src/import-log/unescape-log-field.js';
import { deviceClass } from '../../src/privacy/device-class.js';
import { looksPersonal } from '../../src/privacy/looks-personal.js';
import { scrubReferrer } from '../../src/privacy/referrer.js';
import { scrubUrl } from '../../src/privacy/scrub-url.js';

/**
 * Issue 13, finding 8: one user agent could hold the event loop for seconds, because a bot-name
 * pattern was quadratic. Every matcher that reads a request's text gets 64 KB strings built to
 * make backtracking patterns explode (long runs, repeated near-matches of each pattern, and the
 * attack strings recheck printed for the patterns it flagged). A linear matcher reads 64 KB in
 * well under a millisecond; the old `BOTLIKE_TOKEN` took seconds on 15 KB. The budget is wide
 * (50 ms, the best of two runs) so that a busy shared machine does not make the test flaky.
 */
const SIZE = 64 * 1024;
const BUDGET_MS = 50;

function fill(unit: string, tail = ''): string {
  return unit.repeat(Math.ceil((SIZE - tail.length) / unit.length)).slice(0, SIZE - tail.length) + tail;
}

const HOSTILE: Record<string, string> = {
  'a run': fill('a'),
  'dash run then x': fill('-', 'x'),
  'dot run': fill('.', '\u0000.'),
  'slash run': fill('/', '\u0000/'),
  'percent run': fill('%', '\n%'),
  'space run': fill(' ', 'x'),
  'word-dash run': fill('a-'),
  'bot words': fill('CRAPER', 'CRAPER\u0000RBOT'),
  'bot-like token run': fill('xbot-'),
  'compatible tokens': fill('compatible; '),
  'product tokens': fill('Mozilla/5.0 '),
  'Teams without Electron': fill('-Teams/0 ', '-TeamsMobile'),
  'Slack without Electron': fill('lectron\u0000Slack/0 '),
  'Discord without Electron': fill('n\u0000discord/0 '),
  'Yahoo without Mail': fill('YahooMobilel', '\nYahooMobil'),
  'Zulip without preview': fill('RL previewZulip/0'),
  'cp medium': `s${fill('cp', '\n')}`,
  'email-ish medium': fill('e-mail-'),
  'sms-ish medium': fill('sms_'),
  'host labels': fill('a.', 'a!'),
  'webmail labels': fill('mail.', '!'),
  'deref host': `deref-${fill('a-', '!')}`,
  'mastodon host': `mastodon${fill('a-')}`,
  'android package': `android-app://${fill('a.', '!')}`,
  'query pairs': `https://example.org/?${fill('utm_medium=cp&')}`,
  'scheme run': fill('a+', '://'),
  'url with long host': `https://${fill('a')}/`,
  'url with long path': `https://example.org/${fill('a/')}`,
  'escaped bytes': fill('\\x4', '"'),
  'quote run': fill('"'),
  'bracket run': fill('['),
  'digit run': fill('1', 'x'),
  'digit-dot run': fill('1.'),
  'hex run': fill('a1'),
  'email-ish run': fill('a@a.'),
  'phone-ish run': fill('(1 '),
  'iban-ish run': fill('FR76 '),
};

function cost(call: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 2; run += 1) {
    const started = performance.now();
    call();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const MATCHERS: Record<string, (text: string) => unknown> = {
  'classify (user agent)': (text) => classify({ url: 'https://example.org/a/b', userAgent: text }),
  'classify (referrer)': (text) =>
    classify({ url: 'https://example.org/a/b', userAgent: 'Mozilla/5.0', referrer: text }),
  'classify (url)': (text) => classify({ url: text, userAgent: 'Mozilla/5.0' }),
  'classify (absolute url)': (text) => classify({ url: `https://example.org/?${text}`, userAgent: 'x' }),
  botName: (text) => botName(text),
  matchInAppBrowser: (text) => matchInAppBrowser(text),
  matchPreviewAgent: (text) => matchPreviewAgent(text),
  deviceClass: (text) => deviceClass(text),
  splitUrl: (text) => splitUrl(text),
  queryParams: (text) => queryParams(text),
  'campaign (source, medium)': (text) => attributeCampaign(text, text),
  normaliseCampaignSource: (text) => normaliseCampaignSource(text),
  attributeClickId: (text) => attributeClickId([text]),
  sourceForHost: (text) => sourceForHost(text, text),
  paidSourceForHost: (text) => paidSourceForHost(text),
  sourceForAndroidPackage: (text) => sourceForAndroidPackage(text),
  scrubReferrer: (text) => scrubReferrer(text, 'anonymous'),
  scrubUrl: (text) => scrubUrl(text, { keepCampaign: true }),
  looksPersonal: (text) => looksPersonal(text),
  'import-log combined line': (text) =>
    parseCombined(
      `1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] "GET /${text} HTTP/1.1" 200 5 "${text}" "${text}"`,
    ),
  'import-log vhost_combined line': (text) =>
    parseVhostCombined(`${text}:80 1.2.3.4 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "-"`),
  'import-log raw line': (text) => parseCombined(text),
  'import-log JSON line': (text) =>
    parseJsonLine(
      `{"time":"2024-10-10T13:55:36Z","request":"GET /${JSON.stringify(text).slice(1, -1)} HTTP/1.1","status":200,"http_user_agent":${JSON.stringify(text)}}`,
    ),
  'import-log raw JSON line': (text) => parseJsonLine(text),
  'import-log request line': (text) => parseRequestLine(`GET ${text} HTTP/1.1`),
  'import-log field unescaping': (text) => unescapeLogField(text),
  'import-log skip rules': (text) => shouldSkip({ method: 'GET', target: `/${text}`, status: 200 }, 'human'),
};

describe('every matcher of request text is linear on 64 KB hostile strings', () => {
  it.each(Object.keys(MATCHERS))('%s', (name) => {
    const matcher = MATCHERS[name] as (text: string) => unknown;
    const slow: string[] = [];
    for (const [label, text] of Object.entries(HOSTILE)) {
      const ms = cost(() => matcher(text));
      if (ms > BUDGET_MS) slow.push(`${label}: ${ms.toFixed(0)} ms`);
    }
    expect(slow).toEqual([]);
  });

  it('the old bot-token pattern would have failed this budget (the test can fail)', () => {
    // The pattern issue 13 reported, on 8 KB only: quadratic, it already blows the budget.
    const quadratic = /([A-Za-z][\w-]*(?:bot|spider|crawler|fetcher|scraper)[\w-]*)/i;
    const text = 'CRAPER'.repeat(1366);
    expect(cost(() => quadratic.exec(text))).toBeGreaterThan(BUDGET_MS);
  });
});
