import type { PrivacyDocument } from '../../privacy/documents/document-types.js';

/** The shapes of the HTTP API the dashboard reads (README "HTTP API", docs/stats.md). */
export type Role = 'owner' | 'editor' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** False: confined to `sites` (docs/access.md). */
  allSites?: boolean;
  sites?: SiteRoleView[];
}

export interface SiteRoleView {
  siteId: string;
  role: 'viewer' | 'editor';
}

export type TokenScope = 'stats:read' | 'links:write' | 'ingest' | 'admin';

export interface AuthState {
  setupRequired: boolean;
  user: User | null;
  csrfToken: string | null;
}

export type PrivacyMode = 'anonymous' | 'consented' | 'strict';

export interface Site {
  id: string;
  domain: string;
  name: string;
  timezone: string;
  fallbackUrl?: string | null;
  privacyMode?: PrivacyMode;
  landingPaths?: string[];
  respectDnt?: boolean;
  retentionMonths?: number;
  extraOrigins?: string[];
  queryParams?: string[];
  createdAt?: string;
}

/** What a public (read-only) link shows of its site. */
export interface PublicSite {
  domain: string;
  name: string;
  timezone: string;
}

export interface LinkVariant {
  id: string;
  channel: string;
  slug: string;
  shortUrl: string;
  shareUrl: string | null;
  /** The card this link shows chat apps: its own preview where set, else the kit's (issue 15). */
  preview?: { title: string | null; description: string | null; image: string | null };
  /** What was set for this link only; null fields follow the kit. */
  customPreview?: { title: string | null; description: string | null; image: string | null } | null;
}

export interface Link {
  id: string;
  siteId: string;
  slug: string;
  shortUrl: string;
  url: string;
  title?: string | null;
  description?: string | null;
  image?: string | null;
  utm?: Record<string, string>;
  tags?: string[];
  expiresAt?: string | null;
  maxClicks?: number | null;
  disabled?: boolean;
  createdAt?: string;
  variants: LinkVariant[];
}

export interface LinkTotals {
  clicks: number;
  previews: number;
  bots: number;
}

export interface LinkStats {
  linkId: string;
  totals: LinkTotals;
  byVariant: (LinkTotals & {
    variant: string;
    slug: string;
    clicksPerPreview: number | null;
    previewsByApp: { source: string; previews: number }[];
  })[];
  byChannel: (LinkTotals & { channel: string })[];
  bySource: (LinkTotals & { source: string })[];
  /** Over the period asked; null when the site has no goal. */
  conversions: {
    from: string;
    to: string;
    total: number;
    converters: number;
    byGoal: { goalId: string; goal: string; conversions: number; converters: number }[];
  } | null;
}

/*
 * The stats answers are the server's own types (type-only imports, erased from the bundle), so a
 * change to an answer's shape is a type error here rather than a surprise in the browser.
 */
export type { DarkSocialReport } from '../../stats/dark-social-report.js';
export type { StatsResult, StatsRow } from '../../stats/query-model.js';
export type { RealtimeSnapshot } from '../../stats/realtime-service.js';
export type { CascadeNode, CascadeTree, ShareCascades } from '../../stats/share-cascades.js';

/** A public read-only link; `token` and `url` only in the answer to its creation. */
export interface PublicLink {
  id: string;
  siteId?: string;
  createdAt?: string;
  revokedAt?: string | null;
  token?: string;
  url?: string;
}

export interface ApiTokenView {
  id: string;
  name: string;
  scopes?: TokenScope[];
  /** Site ids; null for every site. */
  sites?: string[] | null;
  createdAt?: string;
  /** Only in the answer to its creation. */
  secret?: string;
}

/** Lists come as `{items}` from this API; accept a bare array too. */
export function itemsOf<T>(answer: T[] | { items?: T[] } | undefined): T[] {
  if (Array.isArray(answer)) return answer;
  return answer?.items ?? [];
}

/** `GET /api/sites/:id/privacy/status` and `GET /api/audit` (docs/privacy.md). */
export type { PrivacyStatus } from '../../privacy/privacy-status.js';

export type PrivacyDocumentView = PrivacyDocument;

/** `GET /api/sites/:id/privacy/documents` (src/privacy/documents/document-bundle.ts, which needs Node). */
export interface PrivacyDocumentBundle {
  siteId: string;
  lang: 'en' | 'fr';
  generatedAt: string;
  documents: PrivacyDocument[];
}

/** One entry of `GET /api/audit` (src/http/routes/audit.ts). */
export interface AuditEntryView {
  id: string;
  occurredAt: string;
  actor: { kind: 'user' | 'token' | 'cli'; id: string | null; label: string };
  action: string;
  siteId: string | null;
  target: string | null;
  details: Record<string, unknown>;
}
