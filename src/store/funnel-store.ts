import type { FunnelStepRow } from './goal-store.js';

/**
 * Saved funnels (issue 14, docs/funnels.md): a site's named sequences of 2–8 goals, read by the
 * funnel view and `penumbra funnels`. Steps given directly are counted live by `GoalStore.funnel`;
 * a saved funnel's counts are kept in its rollup (migration 18, funnel-rollup-sql.ts), which
 * saving it or changing its steps fills from the claims kept and the fold keeps current.
 */

/** The fewest and most steps a funnel has (issue 14). */
export const FUNNEL_MIN_STEPS = 2;
export const FUNNEL_MAX_STEPS = 8;

export interface SavedFunnel {
  id: string;
  siteId: string;
  /** Unique per site (1–80 characters). */
  name: string;
  /** Goal ids in order. A goal deleted since stays listed: the result reports it as missing. */
  steps: string[];
  createdAt: string;
}

export type NewFunnel = Omit<SavedFunnel, 'createdAt'>;

export interface FunnelPatch {
  name?: string;
  steps?: string[];
}

/** A saved funnel's result over a range of local days (inclusive). */
export interface FunnelRollupQuery {
  siteId: string;
  funnelId: string;
  fromDay: string;
  toDay: string;
}

export interface FunnelStore {
  /**
   * A name already used on the site is a StoreConflictError on `name`. Fills the funnel's rollup
   * from the claims kept, under the fold's lock.
   */
  createFunnel(funnel: NewFunnel): Promise<SavedFunnel>;
  getFunnel(siteId: string, id: string): Promise<SavedFunnel | undefined>;
  /** A site's funnels, oldest first. */
  listFunnels(siteId: string): Promise<SavedFunnel[]>;
  /**
   * Renames it and/or replaces its steps; a taken name is a StoreConflictError on `name`. New
   * steps (stepsChanged) refill its rollup from the claims kept; older days lose their rows,
   * counted with the old steps (docs/funnels.md).
   */
  updateFunnel(siteId: string, id: string, patch: FunnelPatch): Promise<SavedFunnel | undefined>;
  /** The funnel and its rollup rows. */
  deleteFunnel(siteId: string, id: string): Promise<boolean>;
  /**
   * A saved funnel's visitors per step, channel and source over the range, from its rollup:
   * equal to GoalStore.funnel over its steps (folded claims only, the same lag).
   */
  funnelRollup(query: FunnelRollupQuery): Promise<FunnelStepRow[]>;
}
