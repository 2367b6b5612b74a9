import type { Store } from '../store/store.js';

export type { RollupResultRow } from '../store/rollups/rollup-query.js';

/** The part of the store the stats service reads. */
export type StatsStore = Pick<Store, 'queryRollup' | 'firstDataDay'>;
