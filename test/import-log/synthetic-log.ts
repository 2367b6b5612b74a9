/**
 * A synthetic but realistic access log in the combined format, for tests and
 * bench/import-parse.ts: the mix of a news site's raw log — mostly static assets, then people
 * (from search, social, chat apps, nowhere), crawlers and a few link-preview fetches — with
 * redirects, 304s and 404s, IPv4 and IPv6, escaped quotes now and then. Deterministic per seed.
 */
import { seededRandom } from '../helpers/seeded-random.js';

const CHROME_VERSIONS = [120, 122, 124, 126, 127, 128, 129, 130, 131];
const PLATFORMS = [
  'Windows NT 10.0; Win64; x64',
  'Macintosh; Intel Mac OS X 10_15_7',
  'X11; Linux x86_64',
  'Linux; Android 10; K',
];

function browserAgents(): string[] {
  const agents: string[] = [];
  for (const version of CHROME_VERSIONS) {
    for (const platform of PLATFORMS) {
      const mobile = platform.startsWith('Linux; Android') ? 'Mobile ' : '';
      agents.push(
        `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version}.0.0.0 ${mobile}Safari/537.36`,
      );
    }
    agents.push(
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${version}.0) Gecko/20100101 Firefox/${version}.0`,
    );
  }
  for (const os of ['17_5', '17_6', '18_0', '18_1']) {
    agents.push(
      `Mozilla/5.0 (iPhone; CPU iPhone OS ${os} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${os.replace('_', '.')} Mobile/15E148 Safari/604.1`,
    );
  }
  return agents;
}

const BROWSERS = browserAgents();

/** In-app browsers carry a build number that differs per install: a long tail of agents. */
function inAppAgent(random: () => number): string {
  const build = `${400 + Math.floor(random() * 80)}.0.0.${Math.floor(random() * 60)}.${Math.floor(random() * 120)}`;
  return random() < 0.5
    ? `Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/129.0.6668.100 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/${build};]`
    : `Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram ${build} (iPhone14,5; iOS 17_6; en_US; en; scale=3.00; 1170x2532; 6347${Math.floor(random() * 1000)})`;
}

export const PREVIEW_AGENTS = [
  'WhatsApp/2.23.20.0 A',
  'WhatsApp/2.2349.2 W',
  'TelegramBot (like TwitterBot)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Slack-ImgProxy 1.136 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Twitterbot/1.0',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  'WhatsApp/2',
];

export const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
  'curl/8.5.0',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
];

const SECTIONS = ['world', 'politics', 'business', 'science', 'culture', 'sport', 'opinion'];
const ASSETS = [
  '/assets/app.3f2a9c.js',
  '/assets/vendor.91b0d2.js',
  '/assets/main.77e1aa.css',
  '/fonts/source-serif.woff2',
  '/images/logo.svg',
  '/favicon.ico',
  '/apple-touch-icon.png',
];
const REFERRERS = [
  'https://www.google.com/',
  'https://www.google.co.uk/',
  'https://www.bing.com/',
  'https://t.co/Xy12abC',
  'https://l.facebook.com/',
  'https://www.reddit.com/r/worldnews/',
  'android-app://com.whatsapp/',
  'https://news.ycombinator.com/',
  'https://duckduckgo.com/',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `[10/Oct/2024:13:55:36 +0200]` for a time in ms (the offset is fixed at +0200). */
export function clfTime(ms: number): string {
  const local = new Date(ms + 2 * 3_600_000);
  return `${pad(local.getUTCDate())}/${MONTHS[local.getUTCMonth()]}/${local.getUTCFullYear()}:${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} +0200`;
}

function address(random: () => number): string {
  if (random() < 0.15)
    return `2001:db8:${Math.floor(random() * 65536).toString(16)}::${Math.floor(random() * 65536).toString(16)}`;
  return `${Math.floor(random() * 223) + 1}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
}

function articlePath(random: () => number): string {
  const section = pick(random, SECTIONS);
  const day = pad(1 + Math.floor(random() * 28));
  return `/${section}/2024/10/${day}/story-${Math.floor(random() * 5000)}`;
}

function pagePath(random: () => number): string {
  const roll = random();
  if (roll < 0.1) return '/';
  if (roll < 0.2) return `/${pick(random, SECTIONS)}/`;
  const path = articlePath(random);
  if (roll < 0.3) return `${path}?utm_source=newsletter&utm_medium=email`;
  if (roll < 0.33) return `${path}?fbclid=IwAR2x${Math.floor(random() * 1e9)}`;
  return path;
}

interface Request {
  target: string;
  status: number;
  referrer: string;
  agent: string;
  method?: string;
}

function personRequest(random: () => number): Request {
  const agent = random() < 0.04 ? inAppAgent(random) : pick(random, BROWSERS);
  const roll = random();
  const status = roll < 0.85 ? 200 : roll < 0.93 ? 304 : roll < 0.97 ? 301 : 404;
  const refRoll = random();
  const referrer =
    refRoll < 0.45 ? '-' : refRoll < 0.55 ? 'https://news.example.org/' : pick(random, REFERRERS);
  return { target: pagePath(random), status, referrer, agent };
}

function assetRequest(random: () => number): Request {
  const page = `https://news.example.org${articlePath(random)}`;
  const status = random() < 0.7 ? 200 : 304;
  return { target: pick(random, ASSETS), status, referrer: page, agent: pick(random, BROWSERS) };
}

function previewRequest(random: () => number): Request {
  const image = random() < 0.3;
  const target = image ? `/images/2024/10/story-${Math.floor(random() * 5000)}-og.jpg` : articlePath(random);
  return {
    target,
    status: 200,
    referrer: '-',
    agent: pick(random, PREVIEW_AGENTS),
    method: random() < 0.05 ? 'HEAD' : 'GET',
  };
}

function botRequest(random: () => number): Request {
  const roll = random();
  const target = roll < 0.1 ? '/robots.txt' : roll < 0.2 ? '/wp-login.php' : articlePath(random);
  return {
    target,
    status: target === '/wp-login.php' ? 404 : 200,
    referrer: '-',
    agent: pick(random, BOT_AGENTS),
  };
}

function request(random: () => number): Request {
  const roll = random();
  if (roll < 0.55) return assetRequest(random);
  if (roll < 0.82) return personRequest(random);
  if (roll < 0.84) return previewRequest(random);
  return botRequest(random);
}

/** A quote in a header: Apache writes `\"`, nginx `\x22` (mod_log_config, ngx_http_log_module). */
function escapeQuotes(value: string, random: () => number): string {
  return value.replaceAll('"', random() < 0.5 ? '\\"' : '\\x22');
}

/** One combined-format line for the request made at `ms`. */
export function syntheticLine(random: () => number, ms: number): string {
  const { target, status, referrer, agent, method = 'GET' } = request(random);
  const protocol = random() < 0.6 ? 'HTTP/2.0' : 'HTTP/1.1';
  const size = status === 304 ? 0 : 500 + Math.floor(random() * 60_000);
  const quirkyAgent = random() < 0.001 ? escapeQuotes(`${agent} "quoted"`, random) : agent;
  return `${address(random)} - - [${clfTime(ms)}] "${method} ${target} ${protocol}" ${status} ${size} "${referrer}" "${quirkyAgent}"`;
}

export const SYNTHETIC_START = Date.UTC(2024, 9, 14, 22, 0, 0);

/**
 * `lines` combined lines, '\n'-terminated, in blocks of about `blockLines` lines (cheap to
 * write to a file or a stream); 20 requests a second from SYNTHETIC_START.
 */
export function* syntheticLog(lines: number, seed = 1, blockLines = 1000): Generator<string> {
  const random = seededRandom(seed);
  let block: string[] = [];
  for (let i = 0; i < lines; i++) {
    block.push(syntheticLine(random, SYNTHETIC_START + i * 50));
    if (block.length === blockLines) {
      yield `${block.join('\n')}\n`;
      block = [];
    }
  }
  if (block.length > 0) yield `${block.join('\n')}\n`;
}
