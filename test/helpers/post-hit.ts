import { AGENTS } from './agents.js';
import type { TestApp } from './test-app.js';

/**
 * One tracker hit through the real ingestion endpoint (POST /api/event) of the in-process app, as
 * the snippet sends it from a page of `site` in desktop Chrome, by the person at `address`:
 * `body` is the payload beside the site (`t`, `u`, `r`, `n`, `p`…). The answer is the caller's
 * to check.
 */
export function postHit(test: TestApp, site: string, address: string, body: Record<string, unknown>) {
  return test.app.fastify.inject({
    method: 'POST',
    url: '/api/event',
    remoteAddress: address,
    headers: {
      'content-type': 'text/plain',
      'user-agent': AGENTS.chromeDesktop,
      origin: `https://${site}`,
    },
    payload: JSON.stringify({ s: site, ...body }),
  });
}
