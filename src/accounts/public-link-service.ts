import { randomUUID } from 'node:crypto';
import type { PublicLink, Site, Store } from '../store/store.js';
import { hashSecret, looksLikeSecret, randomSecret } from './secrets.js';

/** 192 bits, base64url (32 characters): the last part of a share URL. */
const TOKEN_BYTES = 24;

export interface CreatedPublicLink {
  link: PublicLink;
  /** Shown once; only its SHA-256 is stored. */
  token: string;
  /** `<baseUrl>/share/<token>`: the read-only dashboard of the site. */
  url: string;
}

/**
 * Read-only links to one site's dashboard, for people without an account. Whoever holds the URL
 * sees that site's reports and nothing else, until the link is revoked.
 */
export class PublicLinkService {
  constructor(
    private readonly store: Store,
    private readonly baseUrl: string,
  ) {}

  async create(siteId: string): Promise<CreatedPublicLink> {
    const token = randomSecret(TOKEN_BYTES);
    const link = await this.store.createPublicLink({
      id: randomUUID(),
      tokenHash: hashSecret(token),
      siteId,
    });
    return { link, token, url: `${this.baseUrl}/share/${token}` };
  }

  list(siteId: string): Promise<PublicLink[]> {
    return this.store.listPublicLinks(siteId);
  }

  revoke(siteId: string, id: string): Promise<boolean> {
    return this.store.revokePublicLink(siteId, id);
  }

  /** The site a live (not revoked) token opens, if any. */
  async resolve(token: string): Promise<Site | undefined> {
    if (!looksLikeSecret(token, TOKEN_BYTES)) return undefined;
    const link = await this.store.getPublicLinkByHash(hashSecret(token));
    if (link === undefined || link.revokedAt !== null) return undefined;
    return this.store.getSite(link.siteId);
  }
}
