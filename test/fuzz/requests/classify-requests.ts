import fc from 'fast-check';
import { bodyRequest, type FuzzRequest } from '../fuzz-request.js';
import { hostileValue, weirdText } from '../hostile-values.js';
import { hostileAgent, hostileUrl } from '../hostile-web.js';
import { mutatedBody } from '../mutate-json.js';

const INPUT_KEYS = [
  'url',
  'referrer',
  'userAgent',
  'hints',
  'trackedChannel',
  'shareToken',
  'landingPaths',
] as const;

/** One request's facts (src/classify/input-schema.ts), mostly valid. */
const validInput: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    url: fc.oneof({ arbitrary: fc.webUrl({ withQueryParameters: true }), weight: 3 }, hostileUrl),
    referrer: fc.oneof(
      hostileUrl,
      fc.constantFrom(null, '', 'android-app://com.google.android.gm/', 'https://l.facebook.com/'),
    ),
    userAgent: fc.oneof(
      hostileAgent.map((agent) => agent.slice(0, 2_048)),
      fc.constant(null),
    ),
    hints: fc.record(
      {
        globals: fc.array(
          fc.oneof(fc.constantFrom('TelegramWebviewProxy', 'FBAN', 'webkit'), fc.string({ maxLength: 64 })),
          { maxLength: 32 },
        ),
        requestedWith: fc.oneof(
          fc.constantFrom('com.whatsapp', 'org.telegram.messenger', 'XMLHttpRequest'),
          weirdText,
        ),
      },
      { requiredKeys: [] },
    ),
    trackedChannel: fc.oneof(fc.constantFrom('whatsapp', 'email', 'qr', 'sms'), fc.string({ maxLength: 64 })),
    shareToken: fc.oneof(
      fc.constantFrom('a.1.whatsapp.20261206', 'c.2.telegram.abcdefghij'),
      fc.record({ channel: fc.string({ maxLength: 64 }) }),
      weirdText,
    ),
    landingPaths: fc.array(fc.oneof(fc.webPath(), weirdText), { maxLength: 20 }),
  },
  { requiredKeys: ['url'] },
);

const oneInput = mutatedBody(validInput, INPUT_KEYS);

/** `POST /api/classify`: one input, a batch (some over the limit of 1,000), or junk. */
export const classifyRequest: fc.Arbitrary<FuzzRequest> = bodyRequest(
  'POST',
  fc.constant('/api/classify'),
  fc.oneof(
    { arbitrary: oneInput, weight: 6 },
    { arbitrary: fc.array(oneInput, { maxLength: 20 }), weight: 3 },
    {
      arbitrary: fc
        .integer({ min: 999, max: 1_002 })
        .map((count) => Array.from({ length: count }, () => ({ url: 'https://example.org/' }))),
      weight: 1,
    },
    { arbitrary: hostileValue, weight: 1 },
  ),
  { usualType: 'application/json' },
);
