import type { Dimension, Metric } from './query-model.js';

/**
 * Splits that file a link's previews and its clicks under different values (issue 16): a preview
 * is stored under the app that fetched the link (iMessage drawing the SMS link's preview), a click
 * under the link's own channel (SMS). By `source` the iMessage preview and the SMS click sit on
 * two rows, "1 preview, 0 clicks" beside "0 previews, 1 click", and their ratio compares nothing.
 * `channel`, `medium` and `confidence` follow the classification the same way.
 */
const MISMATCHED: ReadonlySet<Dimension> = new Set(['source', 'channel', 'medium', 'confidence']);

/**
 * Why `clicks_per_preview` cannot be answered split or filtered by `needed`, or undefined when it
 * can: by link, variant, time, or not split at all, a link's previews meet that link's clicks.
 */
export function clicksPerPreviewProblem(
  metrics: readonly Metric[],
  needed: readonly Dimension[],
): string | undefined {
  if (!metrics.includes('clicks_per_preview')) return undefined;
  const wrong = needed.find((dimension) => MISMATCHED.has(dimension));
  if (wrong === undefined) return undefined;
  return `clicks_per_preview compares a link's previews with that link's own clicks, so it goes with link, variant and time only. By ${wrong}, previews are counted under the app that fetched the link and clicks under the link's channel: ask for previews and clicks by ${wrong} instead, or for clicks_per_preview by variant.`;
}
