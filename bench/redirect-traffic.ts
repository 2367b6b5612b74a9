/**
 * The request mix bench/redirect sends to both servers: short links opened from phones. Mostly
 * people on mobile Safari and Chrome (a few hundred distinct agents, as real traffic has: the
 * classifier memoises agents, so a mix of three strings would flatter it), 5 % WhatsApp fetching
 * a link preview, 2 % crawlers. Seeded, so every run and both servers get the same requests.
 */
import type autocannon from 'autocannon';
import { seededRandom } from '../test/helpers/seeded-random.js';

export const PREVIEW_SHARE = 0.05;
export const BOT_SHARE = 0.02;

function iphoneSafari(ios: string, safari: string): string {
  return `Mozilla/5.0 (iPhone; CPU iPhone OS ${ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${safari} Mobile/15E148 Safari/604.1`;
}

function androidChrome(device: string, chrome: string): string {
  return `Mozilla/5.0 (Linux; Android 14; ${device}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome} Mobile Safari/537.36`;
}

/** iOS × Safari versions and Android devices × Chrome builds: about 300 distinct agents. */
function personAgents(): string[] {
  const ios = ['16_7_10', '17_5_1', '17_6_1', '18_0_1', '18_1', '18_2', '18_3_2', '18_5'];
  const safari = ['16.6', '17.5', '17.6', '18.0', '18.1', '18.2', '18.3', '18.5'];
  const devices = ['SM-S918B', 'SM-A546B', 'Pixel 7', 'Pixel 8 Pro', 'K', 'moto g54 5G', '2201116SG'];
  const chrome = Array.from({ length: 30 }, (_, i) => `${120 + (i % 10)}.0.${6000 + i * 37}.${90 + i}`);
  const apple = ios.flatMap((version, i) => safari.slice(0, i + 1).map((s) => iphoneSafari(version, s)));
  const android = devices.flatMap((device) => chrome.map((build) => androidChrome(device, build)));
  return [...apple, ...android];
}

const PREVIEW_AGENT = 'WhatsApp/2.23.20.0 A';

const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'python-requests/2.32.3',
];

/** What a phone browser sends besides its agent: headers cost parsing time on both servers. */
const BROWSER_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-GB,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
};

export type Visitor = 'person' | 'preview' | 'bot';

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function visitorOf(draw: number): Visitor {
  if (draw < PREVIEW_SHARE) return 'preview';
  return draw < PREVIEW_SHARE + BOT_SHARE ? 'bot' : 'person';
}

function headersFor(visitor: Visitor, people: readonly string[], random: () => number) {
  if (visitor === 'preview') return { 'user-agent': PREVIEW_AGENT, accept: '*/*' };
  if (visitor === 'bot') return { 'user-agent': pick(BOT_AGENTS, random), accept: '*/*' };
  return { ...BROWSER_HEADERS, 'user-agent': pick(people, random) };
}

/** A person on an iPhone: the agent the bench uses to check that both servers answer alike. */
export const PERSON_AGENT = iphoneSafari('18_5', '18.5');

export interface Traffic {
  requests: autocannon.Request[];
  /** The slugs requested, in the order of `requests`. */
  slugs: string[];
  visitors: Record<Visitor, number>;
}

/** `count` GET requests over distinct slugs drawn from `slugs`, with the mix of visitors above. */
export function buildTraffic(slugs: readonly string[], count: number, seed = 3): Traffic {
  const random = seededRandom(seed);
  const people = personAgents();
  const sample = [...slugs];
  const traffic: Traffic = { requests: [], slugs: [], visitors: { person: 0, preview: 0, bot: 0 } };
  // A partial Fisher–Yates shuffle: the first `count` slugs of `sample` become a uniform sample.
  for (let i = 0; i < Math.min(count, sample.length); i++) {
    const j = i + Math.floor(random() * (sample.length - i));
    const slug = sample[j] as string;
    sample[j] = sample[i] as string;
    const visitor = visitorOf(random());
    traffic.requests.push({ method: 'GET', path: `/${slug}`, headers: headersFor(visitor, people, random) });
    traffic.slugs.push(slug);
    traffic.visitors[visitor] += 1;
  }
  return traffic;
}
