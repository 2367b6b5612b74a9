import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

describe('penumbra privacy docs (as a process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-docs-'));
  const env = {
    PENUMBRA_DATA_DIR: dataDir,
    PENUMBRA_BASE_URL: 'https://stats.example.org',
    LOG_LEVEL: 'silent',
  };

  beforeAll(async () => {
    const added = await runCli(
      ['sites', 'add', 'docs.example.org', '--name', 'Docs', '--mode', 'strict', '--retention-months', '13'],
      { env },
    );
    expect(added.code, added.stderr).toBe(0);
  });

  it('prints the three documents as Markdown, in the language asked for', async () => {
    const result = await runCli(['privacy', 'docs', '--site', 'docs.example.org', '--lang', 'fr'], { env });
    expect(result.code, result.stderr).toBe(0);
    const titles = result.stdout.match(/^# .*$/gm);
    expect(titles).toEqual([
      '# Registre des activités de traitement — mesure d’audience de Docs (docs.example.org)',
      '# Mesure d’audience sur Docs (docs.example.org)',
      '# Synthèse pour l’AIPD — mesure d’audience de Docs (docs.example.org)',
    ]);
    expect(result.stdout).toContain('13 mois');
    expect(result.stdout).toContain('sans aucune chaîne de requête');
    expect(result.stdout).toContain('https://stats.example.org/opt-out?site=docs.example.org');
    expect(result.stdout).toContain('pas un conseil juridique');

    const english = await runCli(['privacy', 'docs', '--site', 'docs.example.org'], { env });
    expect(english.code, english.stderr).toBe(0);
    expect(english.stdout).toContain('# Record of processing activities');
    expect(english.stdout).toContain('Raw events: 13 months');
  });

  it('writes one document to a file with --doc and --out', async () => {
    const out = join(dataDir, 'notice.md');
    const result = await runCli(
      ['privacy', 'docs', '--site', 'docs.example.org', '--doc', 'privacy-notice', '--out', out],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(out);
    const file = readFileSync(out, 'utf8');
    expect(file.match(/^# .*$/gm)).toEqual(['# Audience measurement on Docs (docs.example.org)']);
    expect(file).toContain('not legal advice');
  });

  it('refuses an unknown site and bad options with exit status 2', async () => {
    const unknown = await runCli(['privacy', 'docs', '--site', 'nowhere.example'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no site "nowhere.example"');
    expect(unknown.stdout).toBe('');
    const noSite = await runCli(['privacy', 'docs'], { env });
    expect(noSite.code).toBe(2);
    expect(noSite.stderr).toContain('--site');
    const badLanguage = await runCli(['privacy', 'docs', '--site', 'docs.example.org', '--lang', 'de'], {
      env,
    });
    expect(badLanguage.code).toBe(2);
    expect(badLanguage.stderr).toContain('--lang');
    const badDocument = await runCli(['privacy', 'docs', '--site', 'docs.example.org', '--doc', 'all'], {
      env,
    });
    expect(badDocument.code).toBe(2);
    expect(badDocument.stderr).toContain('--doc');
  });
});
