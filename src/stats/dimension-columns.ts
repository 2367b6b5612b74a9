import type { RollupSource } from '../store/rollups/rollup-query.js';
import type { Dimension, PlainDimension } from './query-model.js';

/**
 * The column holding each dimension, per rollup table that has it. Day-based time dimensions
 * all read `day`; weeks and months are folded from days by the engine, so every table with
 * days answers them.
 */
export const DIMENSION_COLUMNS: Readonly<Record<Dimension, Partial<Record<RollupSource, string>>>> = {
  'time:hour': { hourly: 'hour' },
  'time:day': day(),
  'time:week': day(),
  'time:month': day(),
  channel: {
    hourly: 'channel',
    daily: 'channel',
    pages: 'channel',
    geo: 'channel',
    browsers: 'channel',
    links: 'channel',
  },
  medium: { hourly: 'medium', daily: 'medium' },
  source: { hourly: 'source', daily: 'source', links: 'source' },
  confidence: { hourly: 'confidence', daily: 'confidence' },
  page: { pages: 'path', page_totals: 'path', generations: 'path' },
  link: { links: 'link' },
  variant: { links: 'variant' },
  country: { geo: 'country' },
  device: { geo: 'device', browsers: 'device' },
  browser: { browsers: 'browser' },
  generation: { generations: 'generation' },
  // The goal rollups answer these (goal-engine.ts); no traffic table has them.
  goal: {},
  currency: {},
};

function day(): Partial<Record<RollupSource, string>> {
  return {
    daily: 'day',
    pages: 'day',
    page_totals: 'day',
    geo: 'day',
    browsers: 'day',
    generations: 'day',
    links: 'day',
  };
}

/** Dimensions whose values are whole numbers (filters on them compare as numbers). */
export const NUMERIC_DIMENSIONS: ReadonlySet<PlainDimension> = new Set(['generation']);
