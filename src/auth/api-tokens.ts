import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ApiToken, Store, TokenScope } from '../store/store.js';

/** Recognisable prefix, so leaked tokens can be found by secret scanners. */
const TOKEN_PREFIX = 'pn_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What a new token may do: its scopes (default `admin`) and sites by id (default every site). */
export interface TokenGrant {
  scopes?: readonly TokenScope[] | undefined;
  siteIds?: readonly string[] | null | undefined;
}

/** Creates an API token; the secret is returned once and only its SHA-256 is stored. */
export async function createApiToken(
  store: Store,
  name: string,
  grant: TokenGrant = {},
): Promise<{ token: ApiToken; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const token = await store.createToken({
    id: randomUUID(),
    name,
    hash: hashToken(secret),
    scopes: [...(grant.scopes ?? ['admin'])],
    siteIds: grant.siteIds ? [...grant.siteIds] : null,
  });
  return { token, secret };
}

/** The token a secret belongs to, if any. SHA-256 of 256 random bits needs no slow hash. */
export async function verifyApiToken(store: Store, secret: string): Promise<ApiToken | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  return store.findTokenByHash(hashToken(secret));
}
