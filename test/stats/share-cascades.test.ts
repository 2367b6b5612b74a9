import { describe, expect, it, vi } from 'vitest';
import { type CascadeNode, shareCascades } from '../../src/stats/share-cascades.js';
import type { EventQuery, PrivacyMode, Site, StoredEvent } from '../../src/store/store.js';

const at = (day: string, time: string) => Date.parse(`${day}T${time}Z`);
const RANGE = { from: '2026-05-10', to: '2026-05-11' };

function site(privacyMode: PrivacyMode = 'consented', timezone = 'UTC'): Site {
  return {
    id: 'site-1',
    domain: 'cascades.example',
    name: 'Cascades',
    timezone,
    fallbackUrl: null,
    privacyMode,
    landingPaths: ['/'],
    respectDnt: false,
    retentionMonths: 25,
    extraOrigins: [],
    queryParams: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

let nextId = 1;
const WHATSAPP = { channel: 'dark-social', medium: 'messaging', source: 'whatsapp' } as const;
const COPY = { channel: 'dark-social', medium: 'copy-paste', source: 'direct' } as const;
const GOOGLE = { channel: 'search', medium: 'organic', source: 'google' } as const;

/** A page view; share ids are 10 characters, as the ingestion makes them. */
function view(
  shareId: string | null,
  parentShareId: string | null,
  generation: number,
  occurredAt: number,
  fields: Partial<StoredEvent> = {},
): StoredEvent {
  return {
    id: nextId++,
    siteId: 'site-1',
    linkId: null,
    type: 'pageview',
    kind: 'human',
    ...COPY,
    evidence: 'share-token',
    confidence: 'certain',
    occurredAt,
    path: '/2026/05/story',
    visitorHash: `visitor${nextId}`,
    country: 'FR',
    device: 'mobile',
    browser: null,
    generation,
    shareId,
    parentShareId,
    originChannel: 'whatsapp',
    name: null,
    props: null,
    value: null,
    revenue: null,
    currency: null,
    dedupeKey: null,
    ...fields,
  };
}

/** `listEvents` as the stores answer it: the site's events of those types since then, newest first. */
function fakeStore(events: StoredEvent[]) {
  const listEvents = vi.fn(async (query: EventQuery) =>
    events
      .filter(
        (event) =>
          event.siteId === query.siteId &&
          (query.types === undefined || query.types.includes(event.type)) &&
          (query.since === undefined || event.occurredAt >= query.since),
      )
      .sort((a, b) => b.occurredAt - a.occurredAt || b.id - a.id)
      .slice(0, query.limit),
  );
  return { listEvents };
}

/** The fixture: a branching tree, a small one, an orphan chain, an orphan alone, and what is not a cascade. */
const EVENTS: StoredEvent[] = [
  // Tree A, five views over three generations, on /2026/05/story.
  view('aaaaaaaaa0', null, 0, at('2026-05-10', '08:00:00'), WHATSAPP),
  view('aaaaaaaaa1', 'aaaaaaaaa0', 1, at('2026-05-10', '08:30:10')),
  view('aaaaaaaaa2', 'aaaaaaaaa0', 1, at('2026-05-10', '09:00:00')),
  view('aaaaaaaaa3', 'aaaaaaaaa1', 2, at('2026-05-10', '10:00:00')),
  view('aaaaaaaaa4', 'aaaaaaaaa3', 3, at('2026-05-11', '11:00:00')),
  // A visitor who did not consent, arriving through A: no share id, so no node.
  view(null, 'aaaaaaaaa0', 1, at('2026-05-10', '08:45:00')),
  // Tree B, two views on /other.
  view('bbbbbbbbb0', null, 0, at('2026-05-10', '12:00:00'), { ...GOOGLE, path: '/other' }),
  view('bbbbbbbbb1', 'bbbbbbbbb0', 1, at('2026-05-10', '13:00:00'), { path: '/other' }),
  // An orphan chain: its parent was never read.
  view('ooooooooo1', 'zzzzzzzzz9', 2, at('2026-05-11', '09:00:00')),
  view('ooooooooo2', 'ooooooooo1', 3, at('2026-05-11', '09:30:00')),
  // A parent before the range, and its child inside: an orphan alone.
  view('ppppppppp0', null, 0, at('2026-05-08', '09:00:00')),
  view('ppppppppp1', 'ppppppppp0', 1, at('2026-05-10', '15:00:00')),
  // A view nobody arrived from, that came without a token: no cascade.
  view('sssssssss0', null, 0, at('2026-05-10', '16:00:00'), GOOGLE),
  // Not page views, another site, after the range.
  view('eeeeeeeee0', 'aaaaaaaaa0', 1, at('2026-05-10', '17:00:00'), { type: 'event' }),
  view('xxxxxxxxx1', 'aaaaaaaaa0', 1, at('2026-05-10', '17:00:00'), { siteId: 'site-2' }),
  view('fffffffff1', 'aaaaaaaaa4', 4, at('2026-05-12', '09:00:00')),
];

/** A tree as `[generation, path, children]`, to compare shapes. */
type Shape = [number, string | null, Shape[]];
const shape = (node: CascadeNode): Shape => [node.generation, node.path, node.children.map(shape)];

function allNodes(node: CascadeNode): CascadeNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

describe('shareCascades', () => {
  it('links views to the view they arrived from, with branches and generations, largest first', async () => {
    const result = await shareCascades(fakeStore(EVENTS), site(), RANGE);
    expect(result).toMatchObject({ mode: 'consented', range: RANGE, totalTrees: 4, totalNodes: 10 });
    expect(result.truncated).toBe(false);
    expect(result.reason).toBeUndefined();
    expect(result.trees.map((tree) => [tree.size, tree.shown, tree.depth])).toEqual([
      [5, 5, 3],
      [2, 2, 1],
      [2, 2, 1],
      [1, 1, 0],
    ]);
    const [a, b] = result.trees;
    expect(shape(a?.root as CascadeNode)).toEqual([
      0,
      '/2026/05/story',
      [
        [1, '/2026/05/story', [[2, '/2026/05/story', [[3, '/2026/05/story', []]]]]],
        [1, '/2026/05/story', []],
      ],
    ]);
    expect(a?.root).toMatchObject({
      channel: 'dark-social',
      medium: 'messaging',
      source: 'whatsapp',
      at: '2026-05-10T08:00Z',
    });
    expect(a?.root.children[0]).toMatchObject({
      source: 'direct',
      medium: 'copy-paste',
      at: '2026-05-10T08:30Z',
    });
    expect(a?.root.orphan).toBeUndefined();
    // Equal sizes and depths: the older root first.
    expect(b?.root).toMatchObject({ source: 'google', path: '/other', generation: 0 });
    // Ids are 1, 2, 3 … across the answer (generation by generation within a tree), each once.
    const ids = result.trees.flatMap((tree) => allNodes(tree.root)).map((node) => node.id);
    expect(ids.slice(0, 5)).toEqual([1, 2, 4, 5, 3]);
    expect(ids.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, index) => index + 1));
  });

  it('roots a view whose parent is outside the range or unknown as an orphan', async () => {
    const result = await shareCascades(fakeStore(EVENTS), site(), RANGE);
    const [, , chain, alone] = result.trees;
    expect(chain?.root).toMatchObject({ orphan: true, generation: 2, at: '2026-05-11T09:00Z' });
    expect(chain?.root.children.map((node) => [node.generation, node.orphan])).toEqual([[3, undefined]]);
    expect(alone?.root).toMatchObject({ orphan: true, generation: 1, children: [] });
    // The same views over a range that holds the parent: one tree of two, no orphan.
    const wider = await shareCascades(fakeStore(EVENTS), site(), { from: '2026-05-08', to: '2026-05-10' });
    const joined = wider.trees.find((tree) => tree.root.at === '2026-05-08T09:00Z');
    expect(joined).toMatchObject({ size: 2, depth: 1 });
    expect(joined?.root.orphan).toBeUndefined();
  });

  it('never exposes a stored id', async () => {
    const result = await shareCascades(fakeStore(EVENTS), site(), RANGE);
    const json = JSON.stringify(result);
    for (const event of EVENTS) {
      for (const id of [event.shareId, event.parentShareId, event.visitorHash]) {
        if (id) expect(json).not.toContain(id);
      }
    }
    expect(json).not.toContain('"shareId"');
    expect(json).not.toContain('"parentShareId"');
    expect(json).not.toContain('visitor');
    const keys = new Set(
      result.trees.flatMap((tree) => allNodes(tree.root)).flatMap((node) => Object.keys(node)),
    );
    expect([...keys].sort()).toEqual(
      ['at', 'channel', 'children', 'generation', 'id', 'medium', 'orphan', 'path', 'source'].sort(),
    );
  });

  it('keeps at most `limit` trees and `maxNodes` views per tree, generation by generation', async () => {
    const two = await shareCascades(fakeStore(EVENTS), site(), RANGE, { limit: 2 });
    expect(two.trees).toHaveLength(2);
    expect(two).toMatchObject({ totalTrees: 4, totalNodes: 10 });

    const cut = await shareCascades(fakeStore(EVENTS), site(), RANGE, { limit: 1, maxNodes: 3 });
    expect(cut.trees[0]).toMatchObject({ size: 5, shown: 3, depth: 3 });
    expect(shape(cut.trees[0]?.root as CascadeNode)).toEqual([
      0,
      '/2026/05/story',
      [
        [1, '/2026/05/story', []],
        [1, '/2026/05/story', []],
      ],
    ]);
  });

  it('draws at most 500 views of a long chain, without recursion limits', async () => {
    const chain = Array.from({ length: 5_000 }, (_, index) =>
      view(
        `c${String(index).padStart(9, '0')}`,
        index === 0 ? null : `c${String(index - 1).padStart(9, '0')}`,
        index,
        at('2026-05-10', '00:00:00') + index * 1_000,
      ),
    );
    const result = await shareCascades(fakeStore(chain), site(), RANGE);
    expect(result.trees).toHaveLength(1);
    expect(result.trees[0]).toMatchObject({ size: 5_000, shown: 500, depth: 4_999 });
    let node = result.trees[0]?.root;
    let count = 0;
    while (node) {
      count += 1;
      node = node.children[0];
    }
    expect(count).toBe(500);
  });

  it('says `truncated` when the read limit is reached', async () => {
    const store = fakeStore(EVENTS);
    const result = await shareCascades(store, site(), RANGE, { eventLimit: 5 });
    expect(result.truncated).toBe(true);
    expect(store.listEvents).toHaveBeenCalledWith(expect.objectContaining({ types: ['pageview'], limit: 5 }));
    // The newest five page views: the one after the range, the orphan chain, A's last view (its
    // parent unread: an orphan) and a lone view.
    expect(result.trees.map((tree) => [tree.size, tree.root.orphan])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('filters trees by the page of their first view (any case, part of the path)', async () => {
    const story = await shareCascades(fakeStore(EVENTS), site(), RANGE, { page: 'STORY' });
    expect(story.trees.map((tree) => tree.size)).toEqual([5, 2, 1]);
    const other = await shareCascades(fakeStore(EVENTS), site(), RANGE, { page: '/other' });
    expect(other).toMatchObject({ totalTrees: 1, totalNodes: 2 });
    expect(other.trees[0]?.root.path).toBe('/other');
    const none = await shareCascades(fakeStore(EVENTS), site(), RANGE, { page: '/nowhere' });
    expect(none).toMatchObject({ trees: [], totalTrees: 0, totalNodes: 0 });
  });

  it('counts days in the site’s time zone', async () => {
    const events = [
      // 23:30 UTC on the 9th is 01:30 on the 10th in Paris (summer time).
      view('tttttttt00', null, 0, at('2026-05-09', '23:30:00')),
      view('tttttttt01', 'tttttttt00', 1, at('2026-05-09', '23:45:00')),
      // 22:30 UTC on the 11th is the 12th in Paris: outside.
      view('tttttttt02', 'tttttttt00', 1, at('2026-05-11', '22:30:00')),
    ];
    const store = fakeStore(events);
    const paris = await shareCascades(store, site('consented', 'Europe/Paris'), RANGE);
    expect(paris.trees.map((tree) => tree.size)).toEqual([2]);
    expect(store.listEvents.mock.calls[0]?.[0].since).toBeLessThanOrEqual(at('2026-05-09', '22:00:00'));
    const utc = await shareCascades(store, site('consented', 'UTC'), RANGE);
    expect(utc.trees.map((tree) => [tree.size, tree.root.orphan])).toEqual([[1, true]]);
  });

  it('breaks a loop of views pointing at each other at its oldest view', async () => {
    const events = [
      view('loooooooo1', 'loooooooo2', 1, at('2026-05-10', '09:00:00')),
      view('loooooooo2', 'loooooooo1', 2, at('2026-05-10', '10:00:00')),
      view('selfselfs1', 'selfselfs1', 1, at('2026-05-10', '11:00:00')),
    ];
    const result = await shareCascades(fakeStore(events), site(), RANGE);
    expect(result.trees.map((tree) => [tree.size, tree.root.orphan, tree.root.at])).toEqual([
      [2, true, '2026-05-10T09:00Z'],
      [1, true, '2026-05-10T11:00Z'],
    ]);
  });

  it('draws nothing for sites whose mode gives page views no id, and says why', async () => {
    for (const mode of ['anonymous', 'strict'] as const) {
      const store = fakeStore(EVENTS);
      const result = await shareCascades(store, site(mode), RANGE);
      expect(result).toMatchObject({ mode, trees: [], totalTrees: 0, totalNodes: 0, truncated: false });
      expect(result.reason).toMatch(/consented/);
      expect(store.listEvents).not.toHaveBeenCalled();
    }
  });
});
