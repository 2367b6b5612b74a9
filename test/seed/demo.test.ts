import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/seed/start-demo.js';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../helpers/run-cli.js';
import { type ServeProcess, startServeProcess } from '../helpers/serve-process.js';

const DONE = /Demo site demo\.penumbra\.local \("Demo"\) seeded with ([\d,]+) events over 90 days/;

async function waitForOutput(
  server: ServeProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(server.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function inStore(dataDir: string) {
  const store = await openStore({ dataDir });
  try {
    return { sites: await store.listSites(), events: await store.countEvents() };
  } finally {
    await store.close();
  }
}

/**
 * Issue 14: the demo has three goals, and its traffic converts to each — sign-ups, paid
 * subscriptions with revenue in euros and dollars, views of the offer page — from several channels.
 */
async function expectDemoGoals(dataDir: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const [site] = await store.listSites();
    // Made in the same millisecond: listGoals' order among them is their random ids'.
    const goals = (await store.goals.listGoals(site?.id ?? '')).sort((a, b) =>
      (a.eventName ?? a.pathPattern ?? '').localeCompare(b.eventName ?? b.pathPattern ?? ''),
    );
    expect(goals.map((goal) => [goal.kind, goal.eventName ?? goal.pathPattern])).toEqual([
      ['page', '/subscribe*'],
      ['event', 'newsletter_signup'],
      ['event', 'subscribe'],
    ]);
    const rows = await store.goals.goalConversions({
      siteId: site?.id ?? '',
      fromDay: '2000-01-01',
      toDay: '2100-01-01',
      goalIds: null,
      by: ['channel', 'currency'],
    });
    const [offer, signup, subscribe] = goals.map((goal) => rows.filter((row) => row.goalId === goal.id));
    for (const conversions of [signup, subscribe, offer]) {
      expect(conversions?.reduce((sum, row) => sum + row.conversions, 0)).toBeGreaterThan(50);
      expect(new Set(conversions?.map((row) => row.channel)).size).toBeGreaterThan(3);
    }
    const revenue = new Map<string, number>();
    for (const row of subscribe ?? [])
      revenue.set(row.currency ?? '', (revenue.get(row.currency ?? '') ?? 0) + row.revenue);
    expect([...revenue.keys()].sort()).toEqual(['EUR', 'USD']);
    expect(revenue.get('EUR')).toBeGreaterThan(revenue.get('USD') ?? 0);
  } finally {
    await store.close();
  }
}

describe('the demo site of a fresh install', () => {
  it('is created and seeded in the background once serve listens on an empty store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-demo-'));
    const server = await startServeProcess({ PENUMBRA_DATA_DIR: dataDir, PENUMBRA_DEMO: '1' });
    try {
      // Listening came first: the server answers while the demo is being written.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const done = await waitForOutput(server, DONE, 90_000);
      expect(Number(done[1]?.replaceAll(',', ''))).toBe(DEMO.events);
      expect(server.output().indexOf('listening on')).toBeLessThan(server.output().indexOf('Demo site'));
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const { sites, events } = await inStore(dataDir);
    expect(sites.map((site) => [site.domain, site.name])).toEqual([['demo.penumbra.local', 'Demo']]);
    expect(events).toBe(DEMO.events);
    await expectDemoGoals(dataDir);
  }, 120_000);

  it('stops seeding cleanly when the server is stopped half-way', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-demo-stop-'));
    const server = await startServeProcess({ PENUMBRA_DATA_DIR: dataDir, PENUMBRA_DEMO: '1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('Stopped.');
    const { events } = await inStore(dataDir);
    expect(events).toBeLessThanOrEqual(DEMO.events);
  }, 60_000);

  it('is not made with PENUMBRA_DEMO=0, nor on a store that already has a site', async () => {
    const off = mkdtempSync(join(tmpdir(), 'penumbra-demo-off-'));
    const quiet = await startServeProcess({ PENUMBRA_DATA_DIR: off, PENUMBRA_DEMO: '0' });
    expect((await fetch(`${quiet.url}/healthz`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await quiet.stop()).toBe(0);
    expect(quiet.output()).not.toContain('Demo site');
    expect(await inStore(off)).toEqual({ sites: [], events: 0 });

    const used = mkdtempSync(join(tmpdir(), 'penumbra-demo-used-'));
    const env = { PENUMBRA_DATA_DIR: used, LOG_LEVEL: 'silent' };
    expect((await runCli(['sites', 'add', 'news.example.org'], { env })).code).toBe(0);
    const server = await startServeProcess({ PENUMBRA_DATA_DIR: used });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await server.stop()).toBe(0);
    const { sites, events } = await inStore(used);
    expect(sites.map((site) => site.domain)).toEqual(['news.example.org']);
    expect(events).toBe(0);
  }, 60_000);
});
