import fc from 'fast-check';
import { bodyRequest, type FuzzRequest } from '../fuzz-request.js';
import { hostileValue, weirdText } from '../hostile-values.js';
import { headerSafe, hostileUrl } from '../hostile-web.js';
import { mutatedBody } from '../mutate-json.js';

const EVENT_KEYS = ['s', 't', 'u', 'r', 'k', 'n', 'p', 'v', 'g', 'c'] as const;

/** Share tokens: well-formed ones of each kind (src/events/share-token.ts), near misses, junk. */
const shareToken = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('whatsapp', 'direct', 'x'.repeat(40)))
    .map(([g, o]) => `a.${g}.${o}.20261206`),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.stringMatching(/^[a-z0-9]{10}$/))
    .map(([g, id]) => `c.${g}.telegram.${id}`),
  fc.constantFrom(
    'b.1.whatsapp.direct.20261206',
    'a.99999.whatsapp.20261206',
    'c.1..abc',
    'a.1.whatsapp.2026120',
    '',
  ),
  weirdText,
);

/** A payload the snippet could send (docs/tracking-protocol.md), for one of the test's sites. */
function validEvent(sites: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const site = fc.constantFrom(...sites);
  return site.chain((domain) =>
    fc.record(
      {
        s: fc.constant(domain),
        t: fc.constantFrom('pageview', 'event', 'copy', 'share', 'outbound'),
        u: fc.oneof(
          { arbitrary: fc.webPath().map((path) => `https://${domain}${path}`), weight: 3 },
          hostileUrl,
        ),
        r: hostileUrl,
        k: shareToken,
        n: fc.oneof(fc.constantFrom('signup', 'whatsapp', 'https://example.org/out'), weirdText),
        p: fc.dictionary(
          fc.string({ maxLength: 40 }),
          fc.oneof(fc.string({ maxLength: 200 }), fc.double(), fc.boolean()),
          { maxKeys: 20 },
        ),
        v: fc.integer({ min: 0, max: 10 }),
        g: fc.array(fc.string({ maxLength: 40 }), { maxLength: 8 }),
        c: fc.constant(1),
      },
      { requiredKeys: ['s', 't', 'u'] },
    ),
  );
}

/** `POST /api/event` as the snippet sends it (text/plain JSON), from the site's own origin mostly, mutated. */
export function eventRequest(sites: readonly string[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...sites).chain((domain) => {
    const origin = fc.oneof(
      { arbitrary: fc.constant(`https://${domain}`), weight: 8 },
      { arbitrary: fc.constantFrom(...sites).map((other) => `https://www.${other}`), weight: 1 },
      { arbitrary: fc.constantFrom('null', 'https://evil.example', 'http://[::1]', '*'), weight: 1 },
      { arbitrary: hostileUrl.map(headerSafe), weight: 1 },
    );
    return bodyRequest(
      'POST',
      fc.constant('/api/event'),
      fc.oneof(
        { arbitrary: mutatedBody(validEvent([domain]), EVENT_KEYS), weight: 8 },
        { arbitrary: hostileValue, weight: 1 },
      ),
      { usualType: 'text/plain', headers: fc.record({ origin }) },
    );
  });
}
