import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PreviewSite, startPreviewSite } from '../helpers/preview-site.js';
import { runCli } from '../helpers/run-cli.js';

let site: PreviewSite;
const loopback = { env: { PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: 'true' } };

beforeAll(async () => {
  site = await startPreviewSite();
});

afterAll(() => site.close());

describe('penumbra preview (as a process)', () => {
  it('prints the card as text and exits 0 when no app has an error', async () => {
    const result = await runCli(['preview', site.url('/good'), '--app', 'whatsapp', '--app', 'x'], loopback);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('WhatsApp — large image card (HTTP 200)');
    expect(result.stdout).toContain(`  │ [image 1200×630, 6 KB] ${site.url('/img/card.png')}`);
    expect(result.stdout).toContain('  │ Rivers of the Alps: a summer on the water');
    expect(result.stdout).toContain('X — large image card (HTTP 200)');
    expect(result.stdout).toMatch(/0 error\(s\), 0 warning\(s\), 0 info, checked in \d+ ms/);
  });

  it('exits 1 on an error-level warning, with the fix, in French when asked', async () => {
    const result = await runCli(
      ['preview', site.url('/bots-403'), '--app', 'facebook', '--lang', 'fr'],
      loopback,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Facebook / Messenger — pas d’aperçu (HTTP 403)');
    expect(result.stdout).toContain('✗ error: Le serveur répond HTTP 403 au robot de Facebook / Messenger');
    expect(result.stdout).toContain('→ Autorisez l’agent « facebookexternalhit/1.1');
  });

  it('prints warnings that do not fail the pipeline, and JSON when asked', async () => {
    const text = await runCli(['preview', site.url('/heavy'), '--app', 'whatsapp'], loopback);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('! warning: The image weighs 2.2 MB, over WhatsApp’s 300 KB');
    const json = await runCli(['preview', site.url('/heavy'), '--app', 'whatsapp', '--json'], loopback);
    expect(JSON.parse(json.stdout).apps[0].warnings[0].code).toBe('image_too_heavy');
  });

  it('refuses loopback without the installation setting, and bad usage with status 2', async () => {
    const refused = await runCli(['preview', site.url('/good'), '--app', 'telegram']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('could not fetch the page: 127.0.0.1 is not a public host.\n');
    expect((await runCli(['preview', 'ftp://example.org/'])).code).toBe(2);
    const unknown = await runCli(['preview', site.url('/good'), '--app', 'myspace'], loopback);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown app "myspace"');
  });
});
