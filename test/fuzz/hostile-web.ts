import fc from 'fast-check';
import { AGENTS } from '../helpers/agents.js';
import { hugeText, weirdText } from './hostile-values.js';

/** URLs a validator, a URL parser or a host-key function can get wrong. */
const HOSTILE_URLS = [
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'http://[::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  'http://[fe80::1%25eth0]/',
  'http://0x7f.1/',
  'http://2130706433/',
  'http://127.1:99999/',
  'http://user:pass@example.org/',
  '//evil.example/',
  'http:\\\\evil.example\\',
  'https://exa\tmple.org/\n',
  'https://пример.рф/путь?ключ=значение',
  'https://xn--/',
  'https://example.org:0/',
  'https://example.org/%',
  'https://example.org/%E0%A4%A',
  'https://example.org/?utm_source=%00&utm_medium=\u202e',
  'https://example.org/#\uD800',
  'HTTPS://EXAMPLE.ORG/A',
  'https://.example.org./',
  'https://example..org/',
  '/relative/path',
  '?only=query',
  'mailto:someone@example.org',
  'https://',
  '',
  ' ',
] as const;

const realishUrl: fc.Arbitrary<string> = fc
  .record({
    scheme: fc.constantFrom('https', 'http', 'HTTP', 'ftp', 'ws'),
    host: fc.oneof(
      fc.domain(),
      fc.ipV4(),
      fc.ipV6().map((ip) => `[${ip}]`),
    ),
    path: fc.webPath(),
    query: fc.webQueryParameters(),
    fragment: fc.webFragments(),
  })
  .map(({ scheme, host, path, query, fragment }) => `${scheme}://${host}${path}?${query}#${fragment}`);

/** Many labels, many parameters, a long path: valid syntax at unreasonable sizes. */
const oversizedUrl: fc.Arbitrary<string> = fc
  .integer({ min: 50, max: 2_000 })
  .chain((count) =>
    fc.constantFrom(
      `https://${'a.'.repeat(count)}example.org/`,
      `https://example.org/?${'utm_source=x&'.repeat(count)}`,
      `https://example.org/${'%2e%2e/'.repeat(count)}`,
      `https://example.org/${'a'.repeat(count * 40)}`,
    ),
  );

export const hostileUrl: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_URLS), weight: 4 },
  { arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }), weight: 3 },
  { arbitrary: realishUrl, weight: 3 },
  { arbitrary: oversizedUrl, weight: 1 },
  { arbitrary: weirdText.map((text) => `https://example.org/${text}`), weight: 2 },
  { arbitrary: weirdText, weight: 1 },
);

/** Real agents, agents with junk around them, bot-shaped tokens and long ones. */
export const hostileAgent: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...Object.values(AGENTS)), weight: 4 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...Object.values(AGENTS)), weirdText)
      .map(([agent, junk]) => `${agent} ${junk}`),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('a-', 'bot', 'x_', 'Mozilla/5.0 ', 'WhatsApp/', '-'),
        fc.integer({ min: 10, max: 1_000 }),
        fc.constantFrom('bot', 'crawler', 'spider', '/1.0', ''),
      )
      .map(([unit, count, tail]) => `${unit.repeat(count)}${tail}`),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom(
      '',
      '-',
      'facebookexternalhit/1.1',
      'TelegramBot (like TwitterBot)',
      'curl/8.0',
      'python-requests/2.31',
    ),
    weight: 2,
  },
  { arbitrary: weirdText, weight: 2 },
);

/** What a header can carry on the wire: Node refuses control characters other than tab. */
export function headerSafe(text: string): string {
  let safe = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    safe += code === 9 || (code >= 32 && code <= 126) || (code >= 128 && code <= 255) ? char : '?';
  }
  return safe.trim();
}

export const hostileHeaderText: fc.Arbitrary<string> = fc
  .oneof(
    hostileAgent,
    hostileUrl,
    hugeText.map((text) => text.slice(0, 6_000)),
  )
  .map(headerSafe);
