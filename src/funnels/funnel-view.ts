import type { SavedFunnel } from '../store/funnel-store.js';

/** What may be set on a funnel: a name and its goals in order. */
export interface FunnelInput {
  name: string;
  steps: string[];
}

/** A saved funnel as the API lists it: which of its steps lost their goal since. */
export interface FunnelView extends SavedFunnel {
  /** 0-based steps whose goal was deleted: the funnel cannot be counted until they are replaced. */
  missingSteps: number[];
}
