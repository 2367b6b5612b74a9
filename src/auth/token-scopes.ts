import type { TokenScope } from '../store/store.js';

/**
 * The scopes an API token can have, and what each allows (docs/access.md). `admin` includes
 * every other; the others are independent: a token that reads stats and writes links needs both.
 */
export const TOKEN_SCOPES: Readonly<Record<TokenScope, string>> = Object.freeze({
  'stats:read':
    'Read sites, links, their stats, QR codes, realtime, privacy documents, the install check and preview health; check a URL in the preview lab',
  'links:write':
    "Create, change and delete short links and share kits (one by one or from a CSV), a variant's own preview",
  ingest: 'Send events (reserved for authenticated ingestion; /api/event itself needs no token)',
  admin:
    'Anything an owner may do: sites, public links, webhooks and digest recipients, users, tokens, exports, erasure, audit log',
});

export const SCOPE_NAMES = Object.freeze(Object.keys(TOKEN_SCOPES) as TokenScope[]);

/** Whether a token with `scopes` may use a route that needs `needed`. */
export function scopeAllows(scopes: readonly TokenScope[], needed: TokenScope): boolean {
  return scopes.includes('admin') || scopes.includes(needed);
}
