import type { EventCountRow, EventType, Store } from '../store/store.js';
import type { LinkView } from './link-view.js';

export interface EventTotals {
  clicks: number;
  previews: number;
  bots: number;
}

export interface LinkStats {
  linkId: string;
  totals: EventTotals;
  /** Per share-kit variant (`main` for the kit's own slug): which link was used. */
  byVariant: (EventTotals & { variant: string; slug: string })[];
  /** Per taxonomy channel (`dark-social`, `social` …). */
  byChannel: (EventTotals & { channel: string })[];
  /** Per app or site (`whatsapp`, `imessage`, `googlebot` …): where previews and clicks came from. */
  bySource: (EventTotals & { source: string })[];
}

/** Short-link events only; other event types never carry a link id. */
const FIELD: Partial<Record<EventType, keyof EventTotals>> = {
  click: 'clicks',
  preview: 'previews',
  bot: 'bots',
};

function emptyTotals(): EventTotals {
  return { clicks: 0, previews: 0, bots: 0 };
}

function addTo<K extends string>(
  groups: Map<K, EventTotals>,
  key: K,
  field: keyof EventTotals,
  row: EventCountRow,
) {
  const totals = groups.get(key) ?? emptyTotals();
  totals[field] += row.count;
  groups.set(key, totals);
}

function sorted<K extends string, N extends string>(groups: Map<K, EventTotals>, name: N) {
  return [...groups]
    .map(([key, totals]) => ({ [name]: key, ...totals }) as EventTotals & Record<N, K>)
    .sort((a, b) => b.clicks + b.previews - (a.clicks + a.previews));
}

/** Clicks, previews and bots of a link and its variants, by variant, channel and source. */
export async function linkStats(store: Store, link: LinkView): Promise<LinkStats> {
  const variants = new Map<string, { variant: string; slug: string }>([
    [link.id, { variant: 'main', slug: link.slug }],
  ]);
  for (const variant of link.variants)
    variants.set(variant.id, { variant: variant.channel, slug: variant.slug });
  const rows = await store.countLinkEvents([...variants.keys()]);
  const totals = emptyTotals();
  const byVariant = new Map<string, EventTotals>();
  const byChannel = new Map<string, EventTotals>();
  const bySource = new Map<string, EventTotals>();
  for (const row of rows) {
    const field = FIELD[row.type];
    if (!field) continue;
    totals[field] += row.count;
    addTo(byVariant, row.linkId, field, row);
    addTo(byChannel, row.channel, field, row);
    addTo(bySource, row.source, field, row);
  }
  return {
    linkId: link.id,
    totals,
    byVariant: [...variants].map(([id, names]) => ({ ...names, ...(byVariant.get(id) ?? emptyTotals()) })),
    byChannel: sorted(byChannel, 'channel'),
    bySource: sorted(bySource, 'source'),
  };
}
