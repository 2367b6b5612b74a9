import { describe, expect, it } from 'vitest';
import { COUNTRY_HEADERS, trustedCountryHeaders } from '../../src/privacy/country.js';
import { dumpRows } from '../accounts/account-app.js';
import { AGENTS } from '../helpers/agents.js';
import { type AnonymousApp, startAnonymousApp } from '../http/anonymous-app.js';

/**
 * Issue 13, finding 12: `CF-IPCountry` and the other CDN country headers were believed while
 * `PENUMBRA_TRUST_PROXY=false`, so any client talking to the server directly chose its country.
 * They are read only behind a trusted proxy; both ways are checked through HTTP and storage.
 */
const SITE = 'country.example.org';

async function storedCountries(trustProxy: string): Promise<unknown[]> {
  const app: AnonymousApp = await startAnonymousApp({
    PENUMBRA_TRUST_PROXY: trustProxy,
    PENUMBRA_EVENT_RATE: '1000',
    PENUMBRA_EVENT_BURST: '1000',
  });
  try {
    await app.services.sites.create({ domain: SITE });
    for (const [index, header] of COUNTRY_HEADERS.entries()) {
      const response = await app.app.fastify.inject({
        method: 'POST',
        url: '/api/event',
        remoteAddress: '198.51.100.9',
        headers: {
          'content-type': 'text/plain',
          origin: `https://${SITE}`,
          'user-agent': AGENTS.safariIphone,
          [header]: 'NZ',
        },
        payload: JSON.stringify({ s: SITE, t: 'pageview', u: `https://${SITE}/p${index}` }),
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    await app.services.sink.flush();
    const events = ((await dumpRows(app.services.store)).events ?? []) as { country: unknown }[];
    expect(events).toHaveLength(COUNTRY_HEADERS.length);
    return events.map((row) => row.country);
  } finally {
    await app.close();
  }
}

describe('CDN country headers', () => {
  it('are believed only behind a trusted proxy', () => {
    expect(trustedCountryHeaders(false)).toEqual([]);
    expect(trustedCountryHeaders(0)).toEqual([]);
    expect(trustedCountryHeaders(true)).toEqual(COUNTRY_HEADERS);
    expect(trustedCountryHeaders(2)).toEqual(COUNTRY_HEADERS);
  });

  it('are ignored when PENUMBRA_TRUST_PROXY is off: a client cannot choose its country', async () => {
    expect(await storedCountries('false')).toEqual(COUNTRY_HEADERS.map(() => null));
  });

  it('are read, each of them, behind a trusted proxy', async () => {
    expect(await storedCountries('true')).toEqual(COUNTRY_HEADERS.map(() => 'NZ'));
    expect(await storedCountries('1')).toEqual(COUNTRY_HEADERS.map(() => 'NZ'));
  });
});
