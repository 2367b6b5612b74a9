import type { PrivacyMode, Site, Store, StoredEvent } from '../store/store.js';
import { localDay } from './date-range.js';
import type { DayRange } from './query-model.js';

/** Trees in an answer unless the caller asks for fewer or more. */
export const CASCADE_TREE_LIMIT = 20;
/** The most trees one answer may hold (the HTTP `limit` maximum). */
export const CASCADE_MAX_TREES = 100;
/** Page views drawn per tree: the first ones, generation by generation. */
export const CASCADE_NODE_LIMIT = 500;
/** Page views read per answer (newest first); past it the answer says `truncated`. */
export const CASCADE_EVENT_LIMIT = 200_000;

/** One page view of a cascade. Nothing in it names a person, a share token or a stored row. */
export interface CascadeNode {
  /** An index within this answer (1, 2, 3 …): never the stored share id nor the event's id. */
  id: number;
  /** The share generation the view arrived with (0: it came without a share token). */
  generation: number;
  channel: string;
  source: string;
  medium: string;
  path: string | null;
  /** When it happened, to the minute (UTC): `2026-05-10T09:02Z`. */
  at: string;
  /** A root that arrived with a share token from a view outside the range (or unread). */
  orphan?: true;
  /** Views that arrived through a link copied from this one, oldest first. */
  children: CascadeNode[];
}

export interface CascadeTree {
  /** Page views in the whole tree. */
  size: number;
  /** Page views drawn under `root` (at most CASCADE_NODE_LIMIT): when less than `size`, the last generations are cut. */
  shown: number;
  /** Copy hops from the root to the farthest view (0 for a lone orphan). */
  depth: number;
  root: CascadeNode;
}

export interface ShareCascades {
  mode: PrivacyMode;
  range: DayRange;
  /** The largest trees first (by size, then depth, then the oldest root). */
  trees: CascadeTree[];
  /** Trees in the range (with the page filter), before `limit`. */
  totalTrees: number;
  /** Page views in those trees. */
  totalNodes: number;
  /** True when the read limit was reached: older views of the range were not read. */
  truncated: boolean;
  /** Why there are no trees, when the site's mode has no per-view ids. */
  reason?: string;
}

export interface CascadeOptions {
  /** Only trees whose first view's page contains this (case-insensitive), like the `page` filter. */
  page?: string | undefined;
  /** Trees in the answer (default 20). */
  limit?: number | undefined;
  /** Views drawn per tree (default 500). */
  maxNodes?: number | undefined;
  /** Page views read (default 200,000). */
  eventLimit?: number | undefined;
}

const HOUR_MS = 3_600_000;
/** No zone is more than 14 hours ahead of UTC (Pacific/Kiritimati). */
const MAX_ZONE_AHEAD_MS = 14 * HOUR_MS;
/** Every zone's offset is a multiple of 15 minutes: one local day per quarter hour. */
const QUARTER_MS = 900_000;

export function cascadesUnavailableReason(mode: PrivacyMode): string {
  return `Share cascades need the site's privacy mode "consented": in "${mode}" mode page views carry no id of their own, so no tree can be drawn.`;
}

/** `2026-05-10T09:02Z`. */
function minuteOf(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** The page views of the range that carry a share id, oldest first. */
function viewsInRange(events: readonly StoredEvent[], range: DayRange, timeZone: string): StoredEvent[] {
  const days = new Map<number, string>();
  const views: StoredEvent[] = [];
  for (const event of events) {
    if (event.type !== 'pageview' || !event.shareId) continue;
    const quarter = Math.floor(event.occurredAt / QUARTER_MS);
    let day = days.get(quarter);
    if (day === undefined) {
      day = localDay(quarter * QUARTER_MS, timeZone);
      days.set(quarter, day);
    }
    if (day >= range.from && day <= range.to) views.push(event);
  }
  return views.sort((a, b) => a.occurredAt - b.occurredAt || a.id - b.id);
}

/** A tree as indexes into the views, in breadth-first order (every parent before its children). */
interface RawTree {
  order: number[];
  /** The deepest level (copy hops from the root). */
  depth: number;
  orphan: boolean;
}

/** The trees, and each view's parent within its tree (-1 for a root). */
interface Forest {
  trees: RawTree[];
  treeParent: Int32Array;
}

/**
 * Links views to the view whose share id they arrived with and splits them into trees. A view
 * whose parent is missing (outside the range, not read, or not consented) roots its own tree as
 * an orphan. Share ids are random and made by the server, but a visitor can type any token: a
 * loop of views pointing at each other is broken at its oldest view, made an orphan root. A lone
 * view that came without a token and that nobody arrived from makes no tree.
 */
function buildForest(views: readonly StoredEvent[]): Forest {
  const byShareId = new Map<string, number>();
  views.forEach((view, index) => {
    if (view.shareId && !byShareId.has(view.shareId)) byShareId.set(view.shareId, index);
  });
  const parentOf = new Int32Array(views.length).fill(-1);
  const children = new Map<number, number[]>();
  views.forEach((view, index) => {
    const parent = view.parentShareId ? byShareId.get(view.parentShareId) : undefined;
    if (parent === undefined || parent === index) return;
    parentOf[index] = parent;
    const siblings = children.get(parent);
    if (siblings) siblings.push(index);
    else children.set(parent, [index]);
  });
  const treeParent = new Int32Array(views.length).fill(-1);
  const level = new Int32Array(views.length);
  const visited = new Uint8Array(views.length);
  const trees: RawTree[] = [];
  const walk = (root: number, orphan: boolean) => {
    const tree: RawTree = { order: [root], depth: 0, orphan };
    visited[root] = 1;
    for (let next = 0; next < tree.order.length; next += 1) {
      const node = tree.order[next] as number;
      const below = (level[node] ?? 0) + 1;
      for (const child of children.get(node) ?? []) {
        if (visited[child]) continue;
        visited[child] = 1;
        tree.order.push(child);
        treeParent[child] = node;
        level[child] = below;
        tree.depth = Math.max(tree.depth, below);
      }
    }
    trees.push(tree);
  };
  views.forEach((view, index) => {
    if (parentOf[index] !== -1) return;
    const orphan = Boolean(view.parentShareId);
    if (orphan || children.has(index)) walk(index, orphan);
    else visited[index] = 1;
  });
  // Views no root reaches lie on a loop: start from the oldest of them.
  for (let index = 0; index < views.length; index += 1) if (!visited[index]) walk(index, true);
  return { trees, treeParent };
}

/** The first `maxNodes` views of a tree, numbered from `firstId`, as nested nodes. */
function drawTree(
  tree: RawTree,
  forest: Forest,
  views: readonly StoredEvent[],
  maxNodes: number,
  firstId: number,
): { root: CascadeNode; shown: number } {
  const drawn = new Map<number, CascadeNode>();
  const shown = tree.order.slice(0, Math.max(1, maxNodes));
  shown.forEach((index, position) => {
    const view = views[index] as StoredEvent;
    const parentIndex = forest.treeParent[index] ?? -1;
    const parent = parentIndex === -1 ? undefined : drawn.get(parentIndex);
    const node: CascadeNode = {
      id: firstId + position,
      generation: view.generation ?? (parent ? parent.generation + 1 : 0),
      channel: view.channel,
      source: view.source,
      medium: view.medium,
      path: view.path,
      at: minuteOf(view.occurredAt),
      ...(parent === undefined && tree.orphan ? { orphan: true as const } : {}),
      children: [],
    };
    drawn.set(index, node);
    // Breadth-first order puts every parent before its children.
    parent?.children.push(node);
  });
  return { root: drawn.get(tree.order[0] as number) as CascadeNode, shown: shown.length };
}

/**
 * Share cascades (issue #6): in `consented` mode each page view has a random share id, and a
 * visit that arrives with another view's token records it as its parent. This draws those links
 * as anonymous trees from the raw page views of the range (kept for drill-down within the site's
 * retention), days counted in the site's zone. A lone view that nobody arrived from and that came
 * without a token is no cascade and is left out. No stored id leaves this function: nodes are
 * numbered per answer.
 */
export async function shareCascades(
  store: Pick<Store, 'listEvents'>,
  site: Site,
  range: DayRange,
  options: CascadeOptions = {},
): Promise<ShareCascades> {
  const empty = { mode: site.privacyMode, range, trees: [], totalTrees: 0, totalNodes: 0, truncated: false };
  if (site.privacyMode !== 'consented')
    return { ...empty, reason: cascadesUnavailableReason(site.privacyMode) };
  const eventLimit = options.eventLimit ?? CASCADE_EVENT_LIMIT;
  const events = await store.listEvents({
    siteId: site.id,
    types: ['pageview'],
    since: Date.parse(`${range.from}T00:00:00Z`) - MAX_ZONE_AHEAD_MS,
    limit: eventLimit,
  });
  const views = viewsInRange(events, range, site.timezone);
  const page = options.page?.toLowerCase();
  const forest = buildForest(views);
  const trees = forest.trees
    .filter((tree) => !page || (views[tree.order[0] as number]?.path ?? '').toLowerCase().includes(page))
    .map((tree) => ({
      tree,
      depth: tree.depth,
      start: views[tree.order[0] as number] as StoredEvent,
    }))
    .sort(
      (a, b) =>
        b.tree.order.length - a.tree.order.length ||
        b.depth - a.depth ||
        a.start.occurredAt - b.start.occurredAt ||
        a.start.id - b.start.id,
    );
  const limit = Math.max(0, options.limit ?? CASCADE_TREE_LIMIT);
  const maxNodes = options.maxNodes ?? CASCADE_NODE_LIMIT;
  let nextId = 1;
  const drawn = trees.slice(0, limit).map(({ tree, depth }): CascadeTree => {
    const { root, shown } = drawTree(tree, forest, views, maxNodes, nextId);
    nextId += shown;
    return { size: tree.order.length, shown, depth, root };
  });
  return {
    ...empty,
    trees: drawn,
    totalTrees: trees.length,
    totalNodes: trees.reduce((sum, { tree }) => sum + tree.order.length, 0),
    truncated: events.length >= eventLimit,
  };
}
