import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/store/store.js';
import { AGENTS } from '../helpers/agents.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const SITE = 'cascades.example';
const PLAIN = 'plain.example';
const at = (day: string, time: string) => Date.parse(`${day}T${time}Z`);

describe('GET /api/stats/cascades and its public mirror', () => {
  let test: TestApp;
  let publicToken = '';
  const shareIds: string[] = [];

  const get = (url: string, auth = true) =>
    test.app.fastify.inject({ method: 'GET', url, headers: auth ? { authorization: test.auth } : {} });

  beforeAll(async () => {
    test = await startTestApp({ PENUMBRA_EVENT_RATE: '1000', PENUMBRA_EVENT_BURST: '1000' });
    const site = await test.services.sites.create({ domain: SITE, privacyMode: 'consented' });
    await test.services.sites.create({ domain: PLAIN });
    publicToken = (await test.services.publicLinks.create(site.id)).token;
    const view = (
      occurredAt: number,
      shareId: string,
      parentShareId: string | null,
      generation: number,
      path = '/story',
    ): NewEvent => {
      shareIds.push(shareId);
      return {
        siteId: site.id,
        linkId: null,
        type: 'pageview',
        kind: 'human',
        channel: 'dark-social',
        medium: generation === 0 ? 'messaging' : 'copy-paste',
        source: generation === 0 ? 'whatsapp' : 'direct',
        evidence: generation === 0 ? 'in-app-browser' : 'share-token',
        confidence: 'certain',
        occurredAt,
        path,
        visitorHash: `hash-${shareId}`,
        generation,
        shareId,
        parentShareId,
        originChannel: 'whatsapp',
      };
    };
    await test.services.store.insertEvents([
      view(at('2026-05-10', '09:00:00'), 'root000000', null, 0),
      view(at('2026-05-10', '09:10:00'), 'child00001', 'root000000', 1),
      view(at('2026-05-10', '09:20:00'), 'child00002', 'root000000', 1),
      view(at('2026-05-11', '08:00:00'), 'grand00001', 'child00001', 2),
      view(at('2026-05-10', '11:00:00'), 'other00000', null, 0, '/other'),
      view(at('2026-05-10', '11:05:00'), 'other00001', 'other00000', 1, '/other'),
      // Its parent is before the range.
      view(at('2026-05-09', '09:00:00'), 'early00000', null, 0, '/early'),
      view(at('2026-05-10', '07:00:00'), 'early00001', 'early00000', 1, '/early'),
    ]);
  });

  afterAll(async () => {
    await test.close();
  });

  it('draws a consented site’s cascades as trees, largest first, ids never shown', async () => {
    const response = await get(`/api/stats/cascades?site=${SITE}&from=2026-05-10&to=2026-05-11`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      mode: 'consented',
      range: { from: '2026-05-10', to: '2026-05-11' },
      totalTrees: 3,
      totalNodes: 7,
      truncated: false,
    });
    expect(body.trees.map((tree: { size: number; depth: number }) => [tree.size, tree.depth])).toEqual([
      [4, 2],
      [2, 1],
      [1, 0],
    ]);
    expect(body.trees[0].root).toMatchObject({
      generation: 0,
      channel: 'dark-social',
      source: 'whatsapp',
      medium: 'messaging',
      path: '/story',
      at: '2026-05-10T09:00Z',
      children: [
        {
          generation: 1,
          source: 'direct',
          children: [{ generation: 2, at: '2026-05-11T08:00Z', children: [] }],
        },
        { generation: 1, children: [] },
      ],
    });
    expect(body.trees[2].root).toMatchObject({ orphan: true, path: '/early' });
    for (const id of shareIds) expect(response.body).not.toContain(id);
    expect(response.body).not.toContain('hash-');
  });

  it('takes a page and a number of trees', async () => {
    const page = await get(`/api/stats/cascades?site=${SITE}&from=2026-05-10&to=2026-05-11&page=other`);
    expect(page.json()).toMatchObject({ totalTrees: 1, totalNodes: 2, trees: [{ size: 2 }] });
    const one = await get(`/api/stats/cascades?site=${SITE}&from=2026-05-10&to=2026-05-11&limit=1`);
    expect(one.json().trees).toHaveLength(1);
    expect(one.json().totalTrees).toBe(3);
    // A wider range joins the early tree to its root.
    const wider = await get(`/api/stats/cascades?site=${SITE}&from=2026-05-09&to=2026-05-11`);
    expect(wider.json()).toMatchObject({ totalTrees: 3, totalNodes: 8 });
  });

  it('explains, with no tree, that other modes give page views no id', async () => {
    const response = await get(`/api/stats/cascades?site=${PLAIN}&date_range=7d`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ mode: 'anonymous', trees: [], totalTrees: 0 });
    expect(response.json().reason).toMatch(/consented/);
  });

  it('refuses what the dark-social report refuses, with the same problems', async () => {
    const unknown = await get('/api/stats/cascades?site=nowhere.example&date_range=7d');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('site_not_found');
    const backwards = await get(`/api/stats/cascades?site=${SITE}&from=2026-05-11&to=2026-05-10`);
    expect(backwards.json()).toMatchObject({ status: 400, code: 'invalid_date_range' });
    const preset = await get(`/api/stats/cascades?site=${SITE}&date_range=forever`);
    expect(preset.statusCode).toBe(400);
    expect(preset.json().code).toBe('invalid_query');
    const limit = await get(`/api/stats/cascades?site=${SITE}&limit=1000`);
    expect(limit.statusCode).toBe(400);
    expect(limit.json().code).toBe('invalid_query');
    const missing = await get('/api/stats/cascades?date_range=7d');
    expect(missing.statusCode).toBe(400);
    expect((await get(`/api/stats/cascades?site=${SITE}`, false)).statusCode).toBe(401);
  });

  it('answers the same through a public link, for its site only', async () => {
    const own = await get(`/api/stats/cascades?site=${SITE}&from=2026-05-10&to=2026-05-11&limit=2`);
    const mirrored = await get(
      `/api/public/${publicToken}/stats/cascades?site=${PLAIN}&from=2026-05-10&to=2026-05-11&limit=2`,
      false,
    );
    expect(mirrored.statusCode).toBe(200);
    expect(mirrored.json()).toEqual(own.json());
    const revoked = await get('/api/public/not-a-token/stats/cascades', false);
    expect(revoked.statusCode).toBe(404);
  });

  it('follows consented visits from the tracker to a tree', async () => {
    const origin = `https://${SITE}`;
    const send = (payload: Record<string, unknown>) =>
      test.app.fastify.inject({
        method: 'POST',
        url: '/api/event',
        headers: { 'content-type': 'text/plain', origin, 'user-agent': AGENTS.safariIphone },
        payload: JSON.stringify({ s: SITE, t: 'pageview', u: `${origin}/live`, c: 1, ...payload }),
      });
    const first = (await send({})).json().k as string;
    const second = (await send({ k: first })).json().k as string;
    await send({ k: second });
    await send({ k: first });
    await test.services.sink.flush();
    const response = await get(`/api/stats/cascades?site=${SITE}&date_range=day&page=/live`);
    expect(response.json()).toMatchObject({ totalTrees: 1, totalNodes: 4 });
    const root = response.json().trees[0].root;
    expect(root.generation).toBe(0);
    expect(root.children.map((node: { generation: number }) => node.generation)).toEqual([1, 1]);
    expect(root.children[0].children[0].generation).toBe(2);
    for (const token of [first, second]) expect(response.body).not.toContain(token.split('.').at(-1));
  });
});
