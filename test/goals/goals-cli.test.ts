import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { NewEvent } from '../../src/store/store.js';
import { runCli } from '../helpers/run-cli.js';

const SITE = 'cli-goals.example';

/** A person's first page view of the day (their attribution), then what they did. */
function visit(
  siteId: string,
  visitor: string,
  at: number,
  from: Pick<NewEvent, 'channel' | 'medium' | 'source' | 'evidence' | 'confidence'>,
): NewEvent[] {
  return [
    {
      siteId,
      linkId: null,
      type: 'pageview',
      kind: 'human',
      ...from,
      occurredAt: at,
      path: '/article',
      visitorHash: visitor,
    },
  ];
}

const WHATSAPP = {
  channel: 'dark-social',
  medium: 'messaging',
  source: 'whatsapp',
  evidence: 'app-referrer',
  confidence: 'certain',
} as const;
const GOOGLE = {
  channel: 'search',
  medium: 'organic',
  source: 'google',
  evidence: 'referrer',
  confidence: 'certain',
} as const;

describe('penumbra goals, as a process (issue 14)', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-cli-goals-'));
    const store = await openStore({ dataDir });
    const site = await store.createSite({
      id: 'cli-goals-site',
      domain: SITE,
      name: 'CLI goals',
      timezone: 'UTC',
      fallbackUrl: null,
    });
    // An hour ago (today in UTC, unless the test runs just after midnight: then yesterday, still in 7d).
    const at = Date.now() - 3_600_000;
    const purchase = (
      visitor: string,
      source: typeof WHATSAPP | typeof GOOGLE,
      revenue: number,
      currency: string,
    ) =>
      ({
        siteId: site.id,
        linkId: null,
        type: 'event',
        kind: 'human',
        ...source,
        occurredAt: at + 60_000,
        path: '/article',
        visitorHash: visitor,
        name: 'purchase',
        props: '{}',
        revenue,
        currency,
      }) satisfies NewEvent;
    await store.insertEvents([
      ...visit(site.id, 'v1', at, WHATSAPP),
      ...visit(site.id, 'v2', at, WHATSAPP),
      ...visit(site.id, 'v3', at, GOOGLE),
      ...visit(site.id, 'v4', at, GOOGLE),
      purchase('v1', WHATSAPP, 10, 'EUR'),
      purchase('v1', WHATSAPP, 5.5, 'EUR'),
      purchase('v3', GOOGLE, 7, 'USD'),
    ]);
    await store.close();
    env = { PENUMBRA_DATA_DIR: dataDir, PENUMBRA_BASE_URL: 'https://go.cli-goals.example' };
  }, 60_000);

  it('adds, lists, renames, reports and removes goals', async () => {
    const cli = (...args: string[]) => runCli(['goals', ...args, '--site', SITE], { env });

    const added = await cli('add', '--name', 'Purchase', '--event', 'purchase');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/: Purchase, event purchase\n$/);
    expect((await cli('add', '--name', 'Thanks', '--page', '/thanks/*')).code).toBe(0);
    expect((await cli('add', '--name', 'Pro', '--event', 'signup', '--prop', 'plan=pro')).code).toBe(0);

    // Refusals: a clear code on stderr and exit status 1; a usage mistake exits 2.
    const taken = await cli('add', '--name', 'purchase', '--share', 'any');
    expect([taken.code, taken.stderr]).toEqual([1, expect.stringContaining('goal_name_taken')]);
    const path = await cli('add', '--name', 'Bad', '--page', 'thanks');
    expect([path.code, path.stderr]).toEqual([1, expect.stringContaining('goal_path_invalid')]);
    const both = await cli('add', '--name', 'Two', '--page', '/a', '--event', 'b');
    expect(both.code).toBe(2);

    const listed = await cli('list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('event signup with plan=pro');
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+DEFINITION$/);
    const json = JSON.parse((await cli('list', '--json')).stdout) as { goals: { name: string }[] };
    expect(json.goals.map((goal) => goal.name)).toEqual(['Purchase', 'Thanks', 'Pro']);

    const renamed = await cli('rename', 'Thanks', 'Thank-you page');
    expect([renamed.code, renamed.stdout]).toEqual([0, 'Renamed "Thanks" to "Thank-you page".\n']);

    // Conversions come from the events kept before the goal existed: counted at once.
    const stats = await cli('stats', '--period', '7d', '--json');
    expect(stats.code, stats.stderr).toBe(0);
    const answer = JSON.parse(stats.stdout);
    expect(answer.conversions).toEqual([
      { goal: 'Purchase', channel: 'dark-social', conversions: 2, converters: 1, conversionRate: 0.5 },
      { goal: 'Purchase', channel: 'search', conversions: 1, converters: 1, conversionRate: 0.5 },
    ]);
    expect(answer.revenue).toEqual([
      {
        goal: 'Purchase',
        channel: 'dark-social',
        currency: 'EUR',
        revenue: 15.5,
        averageRevenue: 7.75,
        conversions: 2,
      },
      { goal: 'Purchase', channel: 'search', currency: 'USD', revenue: 7, averageRevenue: 7, conversions: 1 },
    ]);
    const table = await cli('stats', '--period', '7d', '--goal', 'Purchase');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^GOAL\s+CHANNEL\s+CONVERSIONS\s+CONVERTERS\s+RATE$/m);
    expect(table.stdout).toMatch(/Purchase\s+dark-social\s+2\s+1\s+50\.0 %/);
    expect(table.stdout).toMatch(/Purchase\s+dark-social\s+EUR\s+15\.50\s+7\.75\s+2/);
    const badRange = await cli('stats', '--from', '2026-02-30', '--to', '2026-03-01');
    expect([badRange.code, badRange.stderr]).toEqual([1, expect.stringContaining('invalid_date')]);

    const removed = await cli('remove', 'Pro');
    expect([removed.code, removed.stdout]).toEqual([0, 'Removed "Pro".\n']);
    const missing = await cli('remove', 'Pro');
    expect(missing.code).toBe(1);
    expect(JSON.parse((await cli('list', '--json')).stdout).goals).toHaveLength(2);
  }, 120_000);
});
