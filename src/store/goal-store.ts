/**
 * Goals, conversions and funnels (issue 14, docs/goals.md): a site's goals, what their
 * conversions are credited to, and the reads the stats engine, the funnels, the digests, the
 * alerts and the `goal.converted` webhook make of them.
 *
 * Attribution: a conversion is credited to the channel, medium, source and confidence of the
 * visitor's first page view of the day (the row `visitor_days` keeps for them, the same rule that
 * visitors follow), and to that page view's path as the visit's landing page. A conversion with no
 * page view before it that day (or no visitor hash) keeps its own event's classification.
 */

/** page: a page view whose path matches; event: a custom event by name (and property); share: a share button or a copy. */
export const GOAL_KINDS = ['page', 'event', 'share'] as const;
export type GoalKind = (typeof GOAL_KINDS)[number];

/** Which snippet events a share goal counts: share-button uses, copies, or both. */
export const SHARE_GOAL_WAYS = ['share', 'copy', 'any'] as const;
export type ShareGoalWay = (typeof SHARE_GOAL_WAYS)[number];

export interface Goal {
  id: string;
  siteId: string;
  /** Shown in the dashboard and reports; unique per site (1–80 characters). */
  name: string;
  kind: GoalKind;
  /** page goals: a path starting with `/`, where `*` stands for any run of characters (even `/`). */
  pathPattern: string | null;
  /** event goals: the custom event's name, exactly. */
  eventName: string | null;
  /** event goals, optional: the event must carry this property with this value (compared as text). */
  propKey: string | null;
  propValue: string | null;
  /** share goals: which events count. */
  shareWay: ShareGoalWay | null;
  createdAt: string;
}

export type NewGoal = Omit<Goal, 'createdAt'>;

/** Conversions of one goal, summed over the keys asked for (`GoalConversionQuery.by`). */
export interface GoalConversionRow {
  goalId: string;
  /** Present when asked for in `by`. */
  day?: string;
  /** `YYYY-MM`, when asked for in `by`: whole months are read from the monthly rollup (fast over a year). */
  month?: string;
  channel?: string;
  medium?: string;
  source?: string;
  confidence?: string;
  /** ISO 4217, or '' for conversions without revenue. Present when asked for in `by`. */
  currency?: string;
  /** Matching events. */
  conversions: number;
  /** Visitors of the day who converted: a person counts once per goal and local day. */
  converters: number;
  /** Sum of the revenue amounts (in `currency` when grouped by it; never summed across currencies by callers). */
  revenue: number;
}

export const GOAL_GROUP_KEYS = [
  'day',
  'month',
  'channel',
  'medium',
  'source',
  'confidence',
  'currency',
] as const;
export type GoalGroupKey = (typeof GOAL_GROUP_KEYS)[number];

export interface GoalConversionQuery {
  siteId: string;
  /** Inclusive local days (YYYY-MM-DD) of the site's time zone. */
  fromDay: string;
  toDay: string;
  /** null: every goal of the site. */
  goalIds: readonly string[] | null;
  by: readonly GoalGroupKey[];
  /** Only conversions whose attributed channel is one of these (null: any). */
  channels?: readonly string[] | null;
}

/** A funnel step's visitors by channel: visitors who reached it after the steps before it, in order, on the same local day. */
export interface FunnelStepRow {
  /** 0-based step index. */
  step: number;
  channel: string;
  /**
   * Optional: the attributed source (`whatsapp`, `copy-paste` …) when the store can tell it, so
   * the funnel view splits dark social by app; rows without it are summed under the channel.
   */
  source?: string;
  visitors: number;
}

export interface FunnelQuery {
  siteId: string;
  fromDay: string;
  toDay: string;
  /** 2–8 goal ids, each a page or event goal, in order. */
  steps: readonly string[];
}

/** The source and medium of a visit one of a kit's variants brought. */
export interface KitArrival {
  source: string;
  medium: string;
}

/** A kit's conversions: visits that landed on its target page through one of its variants. */
export interface KitConversionQuery {
  siteId: string;
  fromDay: string;
  toDay: string;
  /**
   * Each kit's target path and the arrivals its variants' visits are classified with (source
   * and medium, kitConversionTarget): what the redirect's campaign parameters say, not the
   * channel's name (the `copy` variant's visits have source `direct`).
   */
  kits: readonly { linkId: string; path: string; arrivals: readonly KitArrival[] }[];
}

export interface KitConversionRow {
  linkId: string;
  conversions: number;
  converters: number;
}

/** A kit's conversions of one goal (kitConversionsByGoal); goals without any are left out. */
export interface KitGoalConversionRow extends KitConversionRow {
  goalId: string;
}

export interface GoalStore {
  /**
   * Stores the goal and counts its past conversions from the raw events still kept (a goal made
   * today shows the last weeks at once), under the fold's lock so nothing counts twice.
   */
  createGoal(goal: NewGoal): Promise<Goal>;
  getGoal(siteId: string, id: string): Promise<Goal | undefined>;
  /** A site's goals, oldest first. */
  listGoals(siteId: string): Promise<Goal[]>;
  /** Renames a goal (its definition never changes: make a new goal instead). */
  renameGoal(siteId: string, id: string, name: string): Promise<Goal | undefined>;
  /** Deletes the goal with its conversion rows. */
  deleteGoal(siteId: string, id: string): Promise<boolean>;
  /** Folded conversions plus the unfolded tail: exact and current. */
  goalConversions(query: GoalConversionQuery): Promise<GoalConversionRow[]>;
  funnel(query: FunnelQuery): Promise<FunnelStepRow[]>;
  kitConversions(query: KitConversionQuery): Promise<KitConversionRow[]>;
  /** The same claims per goal: each goal's conversions and its own converters. */
  kitConversionsByGoal(query: KitConversionQuery): Promise<KitGoalConversionRow[]>;
}
