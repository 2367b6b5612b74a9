/**
 * The addresses and user agents the privacy scans send (test/privacy-scan/*.test.ts), and the
 * pieces of them that must never be found in any table, database file, log or outgoing request.
 */
export const ADDRESSES = ['203.0.113.77', '198.51.100.23', '2001:db8:cafe::17'];
/**
 * Bots are named after their own token, which is stored (issue 13, finding 9: once at any length,
 * 80 requests grew the store by 8.5 MB). Long, lowercase, unique leading tokens: at most their
 * first 40 characters may be stored, as a bot's name.
 */
export const BOT_TOKEN = `uniqcrawler${'x7k2'.repeat(60)}`;
export const COMPATIBLE_TOKEN = `zzlongname${'q9w8'.repeat(50)}`;
export const AGENTS = [
  `${BOT_TOKEN}/1.0 (+https://bots.example.net/about)`,
  `Mozilla/5.0 (compatible; ${COMPATIBLE_TOKEN}/2.0; +https://bots.example.net/)`,
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1 Canary/4242.1717',
  'Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.9393.9191 Mobile Safari/537.36',
  'WhatsApp/2.99.88.77 A',
];
/** Distinctive fragments: a whole UA is unlikely to be stored whole, a telling piece might. */
export const NEEDLES = [
  ...ADDRESSES,
  ...AGENTS,
  'Canary/4242.1717',
  '129.0.9393.9191',
  '2.99.88.77',
  '203.0.113',
  '2001:db8:cafe',
  BOT_TOKEN.slice(0, 41),
  COMPATIBLE_TOKEN.slice(0, 41),
  'bots.example.net',
];
