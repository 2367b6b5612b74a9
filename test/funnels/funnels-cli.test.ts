import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { funnelsCommand } from '../../src/cli/funnels-command.js';
import { createServices } from '../../src/services.js';
import type { NewEvent } from '../../src/store/store.js';
import { testConfig } from '../helpers/test-config.js';

const SITE = 'cli-funnels.example';

/** `penumbra funnels …` run in this process on the test's data directory: exit code and output. */
async function cli(env: Record<string, string>, ...args: string[]) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const chunks = { out: '', err: '' };
  stdout.on('data', (chunk) => {
    chunks.out += chunk;
  });
  stderr.on('data', (chunk) => {
    chunks.err += chunk;
  });
  const code = await funnelsCommand.run(args, { stdin: Readable.from([]), stdout, stderr, env });
  return { code, stdout: chunks.out, stderr: chunks.err };
}

describe('penumbra funnels (issue 14)', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-cli-funnels-'));
    env = {
      PENUMBRA_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PENUMBRA_BASE_URL: 'https://go.cli-funnels.example',
    };
    const services = await createServices(testConfig(env), { warmCache: false });
    const site = await services.sites.create({ domain: SITE, timezone: 'UTC' });
    const pricing = await services.goals.create(site.id, {
      name: 'Pricing',
      kind: 'page',
      pathPattern: '/pricing',
    });
    const signup = await services.goals.create(site.id, {
      name: 'Sign-up',
      kind: 'event',
      eventName: 'signup',
    });
    // An hour ago: today in UTC (or yesterday just after midnight, still within 7 days).
    const at = Date.now() - 3_600_000;
    const from = (visitor: string, source: 'whatsapp' | 'google'): NewEvent => ({
      siteId: site.id,
      linkId: null,
      type: 'pageview',
      kind: 'human',
      channel: source === 'whatsapp' ? 'dark-social' : 'search',
      medium: source === 'whatsapp' ? 'messaging' : 'organic',
      source,
      evidence: source === 'whatsapp' ? 'app-referrer' : 'referrer',
      confidence: 'certain',
      occurredAt: at,
      path: '/pricing',
      visitorHash: visitor,
    });
    const signedUp = (visitor: string, source: 'whatsapp' | 'google'): NewEvent => ({
      ...from(visitor, source),
      type: 'event',
      occurredAt: at + 60_000,
      name: 'signup',
      props: '{}',
    });
    await services.store.insertEvents([
      from('v1', 'whatsapp'),
      from('v2', 'whatsapp'),
      from('v3', 'google'),
      signedUp('v1', 'whatsapp'),
    ]);
    while ((await services.store.foldRollups()) > 0) {}
    await services.funnels.create(site, { name: 'Checkout', steps: [pricing.id, signup.id] });
    await services.close();
  }, 60_000);

  it('lists the saved funnels with their steps', async () => {
    const listed = await cli(env, 'list', '--site', SITE);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^NAME\s+STEPS$/);
    expect(listed.stdout).toMatch(/Checkout\s+Pricing → Sign-up/);
  });

  it('shows a funnel by name: steps, drop-off, and channels with dark social by app', async () => {
    const shown = await cli(env, 'show', 'Checkout', '--site', SITE, '--period', '7d');
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(
      /^Checkout on cli-funnels\.example, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\n/,
    );
    expect(shown.stdout).toMatch(/1\s+Pricing\s+3\s+-\s+100\.0 %/);
    expect(shown.stdout).toMatch(/2\s+Sign-up\s+1\s+2 \(66\.7 %\)\s+33\.3 %/);
    expect(shown.stdout).toMatch(/dark-social · whatsapp\s+2\s+1\s+50\.0 %/);
    expect(shown.stdout).toMatch(/search\s+1\s+0\s+0\.0 %/);
    const json = JSON.parse((await cli(env, 'show', 'Checkout', '--site', SITE, '--json')).stdout);
    expect(json.steps.map((step: { visitors: number }) => step.visitors)).toEqual([3, 1]);
  });

  it('says what is wrong: an unknown funnel, a reversed range, a usage mistake', async () => {
    const unknown = await cli(env, 'show', 'Nope', '--site', SITE);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('not_found')]);
    const reversed = await cli(
      env,
      'show',
      'Checkout',
      '--site',
      SITE,
      '--from',
      '2026-02-02',
      '--to',
      '2026-01-01',
    );
    expect([reversed.code, reversed.stderr]).toEqual([1, expect.stringContaining('invalid_date_range')]);
    await expect(cli(env, 'show', '--site', SITE)).rejects.toThrow(/name the funnel/);
  });
});
