import fc from 'fast-check';
import { headerSafe, hostileAgent, hostileHeaderText, hostileUrl } from './hostile-web.js';
import { contentType, wireBody } from './wire-body.js';

/** One HTTP request as the fuzzer builds it, sent in-process or over a socket alike. */
export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The client's address in-process (per-client limits); a socket always comes from 127.0.0.1. */
  remoteAddress?: string;
}

/** Headers every route reads, some hostile: agent, referrer, forwarding, country, privacy signals. */
export const clientHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'user-agent': hostileAgent.map(headerSafe),
    referer: hostileUrl.map(headerSafe),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), hostileHeaderText),
    'cf-ipcountry': fc.oneof(fc.constantFrom('FR', 'XX', 'T1', 'fr', ''), hostileHeaderText),
    dnt: fc.constantFrom('1', '0', 'yes', ''),
    'sec-gpc': fc.constantFrom('1', '0', ''),
    'accept-language': hostileHeaderText,
  },
  { requiredKeys: [] },
);

/** Drops headers whose value is empty (a header with no value is still sent by some clients). */
function compact(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** A POST or PATCH of a body to `path`, with the route's usual Content-Type most of the time. */
export function bodyRequest(
  method: 'POST' | 'PATCH',
  path: fc.Arbitrary<string>,
  body: fc.Arbitrary<unknown>,
  options: { usualType: string; headers?: fc.Arbitrary<Record<string, string>> },
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      path,
      type: contentType(options.usualType),
      client: clientHeaders,
      own: options.headers ?? fc.constant({}),
      body: wireBody(body),
      remoteAddress: fc.oneof(fc.ipV4(), fc.ipV6()),
    })
    .map(({ path: url, type, client, own, body: payload, remoteAddress }) => ({
      method,
      path: url,
      headers: compact({ ...client, ...own, 'content-type': type }),
      body: payload,
      remoteAddress,
    }));
}
