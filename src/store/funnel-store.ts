/**
 * Saved funnels (issue 14, docs/funnels.md): a site's named sequences of 2–8 goals, read by the
 * funnel view and `penumbra funnels`. The visitors per step are counted by `GoalStore.funnel`;
 * this store keeps only the definitions.
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

export interface FunnelStore {
  /** A name already used on the site is a StoreConflictError on `name`. */
  createFunnel(funnel: NewFunnel): Promise<SavedFunnel>;
  getFunnel(siteId: string, id: string): Promise<SavedFunnel | undefined>;
  /** A site's funnels, oldest first. */
  listFunnels(siteId: string): Promise<SavedFunnel[]>;
  /** Renames it and/or replaces its steps; a taken name is a StoreConflictError on `name`. */
  updateFunnel(siteId: string, id: string, patch: FunnelPatch): Promise<SavedFunnel | undefined>;
  deleteFunnel(siteId: string, id: string): Promise<boolean>;
}
