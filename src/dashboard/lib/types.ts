/** The shapes of the HTTP API the dashboard reads (README "HTTP API", docs/stats.md). */
export type Role = 'owner' | 'editor' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

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
  byVariant: (LinkTotals & { variant: string; slug: string })[];
  byChannel: (LinkTotals & { channel: string })[];
  bySource: (LinkTotals & { source: string })[];
}

export interface StatsRow {
  dimensions: string[];
  metrics: (number | null)[];
  comparison?: (number | null)[];
}

export interface StatsResult {
  results: StatsRow[];
  meta: {
    total_rows: number;
    date_range: { from: string; to: string };
    comparison_range?: { from: string; to: string };
    time_zone: string;
    rounded_to?: number;
  };
}

export interface DarkSocialReport {
  range: { from: string; to: string };
  index: {
    visits: number;
    darkVisits: number;
    share: number | null;
    byConfidence: { certain: number; likely: number; inferred: number };
    byMedium: { medium: string; visits: number }[];
    bySource: { source: string; visits: number }[];
  };
  ga4: { directVisits: number; darkSocialInDirect: number; share: number | null };
  topPages: { page: string; darkVisits: number; visits: number; darkShare: number | null }[];
  funnel: {
    link: string;
    source: string;
    previews: number;
    clicks: number;
    clicksPerPreview: number | null;
    minutesToFirstClick: number | null;
  }[];
  generations: {
    steps: { generation: number; visits: number; ratio: number | null }[];
    depth: number;
    amplification: number | null;
  };
}

/** One page view of a share cascade (`GET /api/stats/cascades`); `id` is an index within the answer. */
export interface CascadeNode {
  id: number;
  generation: number;
  channel: string;
  source: string;
  medium: string;
  path: string | null;
  /** To the minute, UTC: `2026-05-10T09:02Z`. */
  at: string;
  orphan?: true;
  children: CascadeNode[];
}

export interface CascadeTree {
  size: number;
  shown: number;
  depth: number;
  root: CascadeNode;
}

export interface ShareCascades {
  mode: PrivacyMode;
  range: { from: string; to: string };
  trees: CascadeTree[];
  totalTrees: number;
  totalNodes: number;
  truncated: boolean;
  reason?: string;
}

export interface RealtimeSnapshot {
  at: string;
  windowMinutes: number;
  visitors: number;
  pageviews: number;
  byChannel: { channel: string; visitors: number }[];
  bySource: { source: string; channel: string; visitors: number }[];
  byPage: { page: string; visitors: number }[];
  truncated?: true;
}

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
  createdAt?: string;
  /** Only in the answer to its creation. */
  secret?: string;
}

/** Lists come as `{items}` from this API; accept a bare array too. */
export function itemsOf<T>(answer: T[] | { items?: T[] } | undefined): T[] {
  if (Array.isArray(answer)) return answer;
  return answer?.items ?? [];
}
