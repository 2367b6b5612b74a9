import {
  type ApiToken,
  type Link,
  type LinkPatch,
  type NewApiToken,
  type NewEvent,
  type NewLink,
  type NewPublicLink,
  type NewSession,
  type NewSite,
  type NewUser,
  type PrivacyMode,
  type PublicLink,
  RETENTION_MONTHS,
  type Session,
  SITE_DEFAULTS,
  type Site,
  type SitePatch,
  type SiteRole,
  type StoredEvent,
  type TokenScope,
  type User,
  type UserPatch,
  type UserRole,
} from './store.js';

/*
 * Plain domain records built from a caller's input. Fields are copied one by one so that
 * extra properties on the input (TypeScript allows them on variables) never reach a table,
 * and so that the record shares no mutable array or object with the caller.
 */

export function siteRecord(site: NewSite, createdAt: string): Site {
  const { id, domain, name, timezone, fallbackUrl } = site;
  const record: Site = {
    id,
    domain,
    name,
    timezone,
    fallbackUrl,
    privacyMode: site.privacyMode ?? SITE_DEFAULTS.privacyMode,
    landingPaths: [...(site.landingPaths ?? SITE_DEFAULTS.landingPaths)],
    respectDnt: site.respectDnt ?? SITE_DEFAULTS.respectDnt,
    retentionMonths: site.retentionMonths ?? SITE_DEFAULTS.retentionMonths,
    extraOrigins: [...(site.extraOrigins ?? SITE_DEFAULTS.extraOrigins)],
    queryParams: [...(site.queryParams ?? SITE_DEFAULTS.queryParams)],
    createdAt,
  };
  assertSiteSettings(record);
  return record;
}

export function linkRecord(link: NewLink, stamp: string): Link {
  return {
    id: link.id,
    siteId: link.siteId,
    parentId: link.parentId,
    channel: link.channel,
    slug: link.slug,
    url: link.url,
    title: link.title,
    description: link.description,
    image: link.image,
    utm: { ...link.utm },
    tags: [...link.tags],
    expiresAt: link.expiresAt,
    maxClicks: link.maxClicks,
    disabled: link.disabled,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

/** An event with every optional field present: `null` where the caller left it out. */
/** An event as written: its fields and the local hour bucket the store computed for it. */
export type EventRecord = Omit<StoredEvent, 'id'> & { localHour: string };

export function eventRecord(event: NewEvent, localHour: string): EventRecord {
  // SQLite would store NaN as NULL and PostgreSQL as NaN: refused, the same way on both.
  if (event.value != null && !Number.isFinite(event.value)) {
    throw new RangeError(`value must be a finite number, got ${event.value}`);
  }
  // Revenue comes with its currency or not at all: an amount in no currency cannot be summed.
  const revenue = event.revenue ?? null;
  const currency = event.currency ?? null;
  if ((revenue === null) !== (currency === null) || (revenue !== null && !Number.isFinite(revenue))) {
    throw new RangeError(`revenue needs a finite amount and a currency, got ${revenue} ${currency}`);
  }
  return {
    siteId: event.siteId,
    linkId: event.linkId,
    type: event.type,
    kind: event.kind,
    channel: event.channel,
    medium: event.medium,
    source: event.source,
    evidence: event.evidence,
    confidence: event.confidence,
    occurredAt: event.occurredAt,
    path: event.path ?? null,
    visitorHash: event.visitorHash ?? null,
    country: event.country ?? null,
    device: event.device ?? null,
    browser: event.browser ?? null,
    generation: event.generation ?? null,
    shareId: event.shareId ?? null,
    parentShareId: event.parentShareId ?? null,
    originChannel: event.originChannel ?? null,
    name: event.name ?? null,
    props: event.props ?? null,
    value: event.value ?? null,
    revenue,
    currency,
    dedupeKey: event.dedupeKey ?? null,
    localHour,
  };
}

export function tokenRecord(token: NewApiToken, createdAt: string): ApiToken {
  const { id, name, hash, scopes = ['admin'], siteIds = null } = token;
  if (scopes.length === 0 || !scopes.every(isTokenScope)) {
    throw new RangeError(`a token needs known scopes, got ${scopes.join(', ')}`);
  }
  return {
    id,
    name,
    hash,
    scopes: [...new Set(scopes)],
    siteIds: siteIds && [...new Set(siteIds)],
    createdAt,
  };
}

const TOKEN_SCOPES: ReadonlySet<string> = new Set<TokenScope>([
  'stats:read',
  'links:write',
  'ingest',
  'admin',
]);

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === 'string' && TOKEN_SCOPES.has(value);
}

export function userRecord(user: NewUser, createdAt: string): User {
  const record: User = {
    id: user.id,
    email: user.email.toLowerCase(),
    name: user.name,
    role: user.role,
    passwordHash: user.passwordHash,
    createdAt,
    updatedAt: createdAt,
    allSites: user.allSites ?? true,
  };
  assertRole(record.role);
  return record;
}

export function patchUser(user: User, patch: UserPatch, updatedAt: string): User {
  const next = { ...applyPatch(user, patch, USER_PATCH_KEYS), updatedAt };
  assertRole(next.role);
  return next;
}

/**
 * Site roles as stored: one per site (the last one given wins), only `viewer` or `editor`.
 * Unknown site ids are the foreign key's to refuse.
 */
export function siteRoleRecords(roles: readonly SiteRole[]): SiteRole[] {
  const bySite = new Map<string, SiteRole['role']>();
  for (const { siteId, role } of roles) {
    if (role !== 'viewer' && role !== 'editor')
      throw new RangeError(`a site role is viewer or editor, got ${role}`);
    bySite.set(siteId, role);
  }
  return [...bySite].map(([siteId, role]) => ({ siteId, role }));
}

export function sessionRecord(session: NewSession): Session {
  const { id, userId, csrfToken, createdAt, expiresAt } = session;
  return { id, userId, csrfToken, createdAt, expiresAt, lastSeenAt: createdAt };
}

export function publicLinkRecord(link: NewPublicLink, createdAt: string): PublicLink {
  const { id, tokenHash, siteId } = link;
  return { id, tokenHash, siteId, createdAt, revokedAt: null };
}

const USER_ROLES: ReadonlySet<string> = new Set<UserRole>(['owner', 'editor', 'viewer']);

export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && USER_ROLES.has(value);
}

/** The tables check it too; this gives both engines the same error. */
function assertRole(role: string): void {
  if (!isUserRole(role)) throw new RangeError(`role must be owner, editor or viewer, got ${role}`);
}

// A Record over the patch type's keys makes the compiler flag a key added to the interface
// but forgotten here.
const SITE_PATCH_KEYS: Record<keyof SitePatch, true> = {
  name: true,
  timezone: true,
  fallbackUrl: true,
  privacyMode: true,
  landingPaths: true,
  respectDnt: true,
  retentionMonths: true,
  extraOrigins: true,
  queryParams: true,
};
const USER_PATCH_KEYS: Record<keyof UserPatch, true> = {
  name: true,
  role: true,
  passwordHash: true,
  allSites: true,
};
const LINK_PATCH_KEYS: Record<keyof LinkPatch, true> = {
  url: true,
  title: true,
  description: true,
  image: true,
  utm: true,
  tags: true,
  expiresAt: true,
  maxClicks: true,
  disabled: true,
};

export function patchSite(site: Site, patch: SitePatch): Site {
  const patched = applyPatch(site, patch, SITE_PATCH_KEYS);
  const next = {
    ...patched,
    landingPaths: [...patched.landingPaths],
    extraOrigins: [...patched.extraOrigins],
    queryParams: [...patched.queryParams],
  };
  assertSiteSettings(next);
  return next;
}

export function patchLink(link: Link, patch: LinkPatch, updatedAt: string): Link {
  const patched = applyPatch(link, patch, LINK_PATCH_KEYS);
  return { ...patched, utm: { ...patched.utm }, tags: [...patched.tags], updatedAt };
}

const PRIVACY_MODES: ReadonlySet<string> = new Set<PrivacyMode>(['anonymous', 'consented', 'strict']);

export function isPrivacyMode(value: unknown): value is PrivacyMode {
  return typeof value === 'string' && PRIVACY_MODES.has(value);
}

/**
 * The tables check these too; checking here first gives both engines the same error (a
 * RangeError naming the field) instead of each engine's own constraint message.
 */
function assertSiteSettings(site: Site): void {
  if (!isPrivacyMode(site.privacyMode)) {
    throw new RangeError(`privacyMode must be anonymous, consented or strict, got ${site.privacyMode}`);
  }
  const { min, max } = RETENTION_MONTHS;
  const months = site.retentionMonths;
  if (!Number.isInteger(months) || months < min || months > max) {
    throw new RangeError(`retentionMonths must be a whole number from ${min} to ${max}, got ${months}`);
  }
  if (typeof site.respectDnt !== 'boolean') throw new RangeError('respectDnt must be a boolean');
  for (const field of ['landingPaths', 'extraOrigins', 'queryParams'] as const) {
    const list: unknown = site[field];
    if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
      throw new RangeError(`${field} must be an array of strings`);
    }
  }
}

/** Copies only the allowed keys whose value is defined: `{ title: undefined }` changes nothing. */
function applyPatch<T extends object, K extends keyof T>(
  current: T,
  patch: Partial<Pick<T, K>>,
  keys: Record<K, true>,
): T {
  const next = { ...current };
  for (const key of Object.keys(keys) as K[]) {
    const value = patch[key];
    if (value !== undefined) next[key] = value as T[K];
  }
  return next;
}
