/**
 * The bodies webhook endpoints receive (docs/webhooks.md). Every one is an envelope with the
 * delivery's id (receivers deduplicate on it: a delivery may arrive twice after a lost answer),
 * its type, when it was made, the site, and `data`. No payload ever carries a visitor hash, an IP
 * address or a user agent: classifications and counts only (DESIGN.md §4).
 */
import type { PrivacyMode } from '../store/store.js';

export interface WebhookEnvelope<Type extends string, Data> {
  id: string;
  type: Type;
  /** ISO-8601 UTC. */
  createdAt: string;
  site: { id: string; domain: string };
  data: Data;
}

/** A count of one way of arriving: the classification of docs/classification.md. */
export interface ChannelCount {
  channel: string;
  medium: string;
  source: string;
  count: number;
}

/** One link's previews (link.shared) or clicks (link.clicked) in the window. */
export interface LinkActivity {
  id: string;
  slug: string;
  url: string;
  /** The share kit this link is a variant of, and the variant's channel; null for a plain link. */
  kit: string | null;
  variant: string | null;
  count: number;
  /** How they came; absent on a strict-mode site, which sends aggregates only. */
  bySource?: ChannelCount[];
}

/** link.shared (preview fetches: someone pasted the link in a chat) and link.clicked, batched per window. */
export interface LinkBatchData {
  /** [from, to) as ISO-8601 UTC. */
  window: { from: string; to: string };
  privacyMode: PrivacyMode;
  total: number;
  byChannel: { channel: string; count: number }[];
  links: LinkActivity[];
  /** Strict mode: counts rounded to this (src/stats/strict-rounding.ts). */
  roundedTo?: number;
}

export type LinkSharedEvent = WebhookEnvelope<'link.shared', LinkBatchData>;
export type LinkClickedEvent = WebhookEnvelope<'link.clicked', LinkBatchData>;

/** A ping sent from the API, the CLI or the dashboard to check an endpoint. */
export type TestEvent = WebhookEnvelope<'test', { message: string }>;

/*
 * Defined now, sent by the work that produces them (issue 14: alerts, goals, reports). Their
 * shapes are the contract those parts fill in.
 */

/** alert.triggered: a page, kit or site spreading privately faster than usual, or a goal's dark-social conversions. */
export type AlertTriggeredEvent = WebhookEnvelope<
  'alert.triggered',
  {
    rule: import('../store/alert-store.js').AlertRuleKind;
    /** The rule's id (GET /api/sites/:id/alerts). */
    ruleId: string;
    subject: { kind: 'page' | 'kit' | 'site' | 'goal'; id: string; label: string };
    window: { from: string; to: string };
    count: number;
    /** The usual count for that hour of the week. */
    baseline: number;
    /** The apps and ways of sharing behind `count`, largest first: `share` is a fraction (0–1). */
    apps: { source: string; medium: string; share: number }[];
    dashboardUrl: string;
    /** Strict mode: `count` and `baseline` rounded to this. */
    roundedTo?: number;
  }
>;

/** Conversions credited to one classification (the first page view of the converter's day). */
export interface GoalConversionCount {
  channel: string;
  medium: string;
  source: string;
  confidence: string;
  conversions: number;
  converters: number;
}

/** One goal's conversions in the window. */
export interface GoalActivity {
  id: string;
  name: string;
  kind: import('../store/goal-store.js').GoalKind;
  conversions: number;
  /** Visitors who converted: a person once per goal and local day. */
  converters: number;
  /** Sums per currency (ISO 4217), never converted between currencies; empty without revenue. */
  revenue: { currency: string; amount: number }[];
  byChannel: { channel: string; conversions: number }[];
  /** By channel, medium, source and confidence; absent on a strict-mode site, which sends aggregates only. */
  bySource?: GoalConversionCount[];
}

/** goal.converted: the site's goal conversions in a window, batched like link events. */
export interface GoalBatchData {
  /** [from, to) as ISO-8601 UTC. */
  window: { from: string; to: string };
  privacyMode: PrivacyMode;
  goals: GoalActivity[];
  /** Strict mode: counts rounded to this (src/stats/strict-rounding.ts). */
  roundedTo?: number;
}

export type GoalConvertedEvent = WebhookEnvelope<'goal.converted', GoalBatchData>;

/** report.weekly: the weekly digest's figures (src/reports/digest.ts). */
export type ReportWeeklyEvent = WebhookEnvelope<'report.weekly', import('../reports/digest.js').Digest>;

export type WebhookEvent =
  | LinkSharedEvent
  | LinkClickedEvent
  | TestEvent
  | AlertTriggeredEvent
  | GoalConvertedEvent
  | ReportWeeklyEvent;
