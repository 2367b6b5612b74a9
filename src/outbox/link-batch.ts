import { roundCount, STRICT_ROUNDING } from '../stats/strict-rounding.js';
import type { LinkActivityRow } from '../store/outbox-store.js';
import type { Link, PrivacyMode } from '../store/store.js';
import type { LinkActivity, LinkBatchData } from './webhook-payloads.js';

/**
 * One window's previews or clicks of a site's links as a link.shared / link.clicked payload:
 * counts by link and by how they came, never an event of its own (no visitor hash, address or
 * user agent is even read: the store sums them). A strict-mode site sends aggregates only, the
 * way its reports are: counts by link and channel, rounded (src/stats/strict-rounding.ts).
 */
export function linkBatch(
  rows: readonly LinkActivityRow[],
  links: ReadonlyMap<string, Link>,
  window: { from: number; to: number },
  privacyMode: PrivacyMode,
): LinkBatchData | undefined {
  const strict = privacyMode === 'strict';
  const round = strict ? roundCount : (count: number) => count;
  const byLink = new Map<string, LinkActivityRow[]>();
  for (const row of rows) byLink.set(row.linkId, [...(byLink.get(row.linkId) ?? []), row]);
  const activity: LinkActivity[] = [];
  for (const [linkId, linkRows] of byLink) {
    const link = links.get(linkId);
    if (!link) continue; // deleted since
    const count = round(linkRows.reduce((total, row) => total + row.count, 0));
    if (count === 0) continue;
    activity.push({
      id: link.id,
      slug: link.slug,
      url: link.url,
      kit: link.parentId,
      variant: link.channel,
      count,
      ...(strict
        ? {}
        : {
            bySource: linkRows.map(({ channel, medium, source, count: n }) => ({
              channel,
              medium,
              source,
              count: n,
            })),
          }),
    });
  }
  if (activity.length === 0) return undefined;
  const channels = new Map<string, number>();
  for (const row of rows)
    if (links.has(row.linkId)) channels.set(row.channel, (channels.get(row.channel) ?? 0) + row.count);
  return {
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    privacyMode,
    total: round(rows.filter((row) => links.has(row.linkId)).reduce((total, row) => total + row.count, 0)),
    byChannel: [...channels]
      .map(([channel, count]) => ({ channel, count: round(count) }))
      .filter((entry) => entry.count > 0)
      .sort((a, b) => b.count - a.count || (a.channel < b.channel ? -1 : 1)),
    links: activity.sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : 1)),
    ...(strict ? { roundedTo: STRICT_ROUNDING } : {}),
  };
}
