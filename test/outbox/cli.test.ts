import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../helpers/run-cli.js';
import { SmtpPeer } from './smtp-peer.js';
import { WebhookReceiver } from './webhook-receiver.js';

describe('penumbra webhooks and penumbra reports, as processes', () => {
  let env: Record<string, string>;
  const receiver = new WebhookReceiver();
  const smtp = new SmtpPeer();

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-cli-outbox-'));
    const store = await openStore({ dataDir });
    await store.createSite({
      id: 'cli-site',
      domain: 'cli.example',
      name: 'CLI',
      timezone: 'Europe/Paris',
      fallbackUrl: null,
    });
    await store.close();
    env = {
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
      PENUMBRA_SMTP_URL: await smtp.start(),
      PENUMBRA_BASE_URL: 'https://go.cli.example',
    };
  });

  afterAll(async () => {
    await receiver.close();
    await smtp.close();
  });

  it('adds an endpoint (secret printed once), sends it a signed test, lists it', async () => {
    const url = await receiver.start();
    const added = await runCli(
      ['webhooks', 'add', '--site', 'cli.example', '--url', url, '--event', 'link.clicked'],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
    receiver.secret = added.stdout.trim();
    expect(receiver.secret).toMatch(/^whsec_/);
    const id = /Added endpoint (\S+)/.exec(added.stderr)?.[1] ?? '';
    const test = await runCli(['webhooks', 'test', '--site', 'cli.example', id], { env });
    expect(test.code, test.stderr).toBe(0);
    expect(test.stdout).toMatch(/: delivered \(200, \d+ ms\)/);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.verified).toBe(true);
    const listed = await runCli(['webhooks', 'list', '--site', 'cli.example'], { env });
    expect(listed.stdout).toContain(url);
    expect(listed.stdout).not.toContain(receiver.secret);
    const refused = await runCli(['webhooks', 'add', '--site', 'cli.example', '--url', 'http://10.1.2.3/'], {
      env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('webhook_url_not_public');
  });

  it('prints the digests it would send with --dry-run, and sends them without it', async () => {
    const added = await runCli(
      ['reports', 'add', '--site', 'cli.example', '--email', 'chef@example.fr', '--language', 'fr'],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
    const dry = await runCli(['reports', 'send', '--dry-run'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('To: chef@example.fr');
    expect(dry.stdout).toMatch(/Subject: Bilan hebdomadaire du dark social pour cli\.example/);
    expect(dry.stdout).toMatch(/List-Unsubscribe: <https:\/\/go\.cli\.example\/unsubscribe\/\S+>/);
    expect(dry.stdout).toContain('Indice dark social');
    expect(smtp.received).toHaveLength(0);
    const sent = await runCli(['reports', 'send'], { env });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/^1 digest\(s\) queued and sent/);
    expect(smtp.received.map((m) => m.envelopeTo)).toStrictEqual([['chef@example.fr']]);
    const again = await runCli(['reports', 'send', '--dry-run'], { env });
    expect(again.stdout).toContain('not sent: already_sent');
  });
});
