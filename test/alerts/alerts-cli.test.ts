import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';
import { generateSeedEvents } from '../../src/seed/generate-seed-events.js';
import { SAMPLE_AGENTS } from '../../src/seed/sample-agents.js';
import { ARRIVALS } from '../../src/seed/traffic-profiles.js';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../helpers/run-cli.js';
import { SmtpPeer } from '../outbox/smtp-peer.js';

const ARTICLE = '/politics/budget-vote-tonight';

describe('penumbra alerts, as a process', () => {
  let env: Record<string, string>;
  const smtp = new SmtpPeer();

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-cli-alerts-'));
    const store = await openStore({ dataDir });
    const site = await store.createSite({
      id: 'cli-site',
      domain: 'cli.example',
      name: 'CLI',
      timezone: 'Europe/Paris',
      fallbackUrl: null,
    });
    const now = Date.now();
    for (const batch of generateSeedEvents({
      site: { id: site.id, domain: site.domain, timezone: site.timezone, landingPaths: ['/'] },
      kits: [],
      events: 10_000,
      days: 30,
      seed: 3,
      now: now - 20 * 60_000,
    })) {
      await store.insertEvents(batch);
    }
    const whatsapp = ARRIVALS.find((profile) => profile.referrer === 'android-app://com.whatsapp/');
    const c = classify({
      url: `https://cli.example${ARTICLE}`,
      referrer: whatsapp?.referrer,
      userAgent: SAMPLE_AGENTS.iphoneSafari,
    });
    await store.insertEvents(
      Array.from({ length: 30 }, (_, n) => ({
        siteId: site.id,
        linkId: null,
        type: 'pageview' as const,
        kind: c.kind,
        channel: c.channel,
        medium: c.medium,
        source: c.source,
        evidence: c.evidence,
        confidence: c.confidence,
        occurredAt: now - 10 * 60_000 + n * 10_000,
        path: ARTICLE,
      })),
    );
    // Every politics page view converts it: the burst above is a burst of its dark-social conversions.
    await store.goals.createGoal({
      id: 'cli-goal',
      siteId: site.id,
      name: 'Read politics',
      kind: 'page',
      pathPattern: '/politics/*',
      eventName: null,
      propKey: null,
      propValue: null,
      shareWay: null,
    });
    await store.close();
    env = {
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_SMTP_URL: await smtp.start(),
      PENUMBRA_BASE_URL: 'https://go.cli.example',
    };
  }, 120_000);

  afterAll(async () => {
    await smtp.close();
  });

  it('adds, lists, tests (sending nothing) and removes a rule', async () => {
    const recipient = await runCli(
      ['reports', 'add', '--site', 'cli.example', '--email', 'desk@cli.example'],
      { env },
    );
    expect(recipient.code, recipient.stderr).toBe(0);
    const bad = await runCli(
      ['alerts', 'add', '--site', 'cli.example', '--kind', 'page-spike', '--window', '20'],
      { env },
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--window takes 15 or 30');
    const added = await runCli(
      ['alerts', 'add', '--site', 'cli.example', '--kind', 'page-spike', '--min', '25', '--quiet', 'off'],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      /: page-spike, 25 in 30 min and 3× usual, cooldown 12 h, quiet off, at most 5 a day/,
    );
    const id = added.stdout.split(':')[0] ?? '';
    const listed = await runCli(['alerts', 'list', '--site', 'cli.example'], { env });
    expect(listed.stdout).toContain(id);

    const tested = await runCli(['alerts', 'test', '--site', 'cli.example'], { env });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toContain(`would fire: page-spike ${ARTICLE}`);
    expect(tested.stdout).toMatch(/^ {2}WhatsApp 100 %$/m);
    expect(tested.stdout).toContain(
      `https://go.cli.example/app?site=cli-site&range=day&channel=dark-social&page=`,
    );
    // A test sends nothing, twice in a row: the second still says it would fire (nothing recorded).
    expect((await runCli(['alerts', 'test', '--site', 'cli.example'], { env })).stdout).toContain(
      'would fire',
    );
    expect(smtp.received).toHaveLength(0);

    const removed = await runCli(['alerts', 'remove', '--site', 'cli.example', id], { env });
    expect(removed.code, removed.stderr).toBe(0);
    expect((await runCli(['alerts', 'test', '--site', 'cli.example'], { env })).stdout).toBe(
      'Nothing would fire on cli.example now.\n',
    );
  });

  it("adds a goal's rule by the goal's name, and its test names the goal and links to the Goals view", async () => {
    const add = (...args: string[]) =>
      runCli(['alerts', 'add', '--site', 'cli.example', '--quiet', 'off', ...args], { env });
    const withoutGoal = await add('--kind', 'goal-dark-social');
    expect([withoutGoal.code, withoutGoal.stderr]).toEqual([
      2,
      expect.stringContaining('--goal NAME goes with'),
    ]);
    const goalElsewhere = await add('--kind', 'page-spike', '--goal', 'Read politics');
    expect(goalElsewhere.code).not.toBe(0);
    const unknown = await add('--kind', 'goal-dark-social', '--goal', 'No such goal');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('is not a goal of this site');
    const added = await add('--kind', 'goal-dark-social', '--goal', 'Read politics');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/: goal-dark-social, 5 in 30 min and 3× usual/);
    expect((await runCli(['alerts', 'list', '--site', 'cli.example'], { env })).stdout).toContain(
      '(goal cli-goal)',
    );
    const tested = await runCli(['alerts', 'test', '--site', 'cli.example'], { env });
    expect(tested.stdout).toContain('would fire: goal-dark-social Read politics');
    expect(tested.stdout).toMatch(/^ {2}WhatsApp 100 %$/m);
    expect(tested.stdout).toContain(
      'https://go.cli.example/app/goals?site=cli-site&range=day&channel=dark-social&goal=Read%20politics',
    );
    expect(smtp.received).toHaveLength(0);
  });
});
