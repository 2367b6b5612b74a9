import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';

function line(object: unknown): string {
  return JSON.stringify(object);
}

describe('penumbra classify (as a process)', () => {
  it('adds a result to each input line read from stdin, keeping the other fields', async () => {
    const input = [
      line({
        url: 'https://news.example.org/a/b',
        referrer: 'android-app://com.whatsapp/',
        userAgent: CHROME,
        id: 7,
      }),
      line({ url: 'https://news.example.org/a/b', userAgent: 'WhatsApp/2.23.20.0 A' }),
    ].join('\n');
    const { code, stdout, stderr } = await runCli(['classify'], { input: `${input}\n` });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [first, second] = stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(first).toMatchObject({
      id: 7,
      result: { kind: 'human', channel: 'dark-social', source: 'whatsapp' },
    });
    expect(second.result).toMatchObject({ kind: 'preview', source: 'whatsapp' });
  });

  it('reads a file, answers malformed lines in place, goes on, and exits 1 with a count', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penumbra-cli-'));
    const file = join(dir, 'requests.jsonl');
    const lines = [
      line({ url: 'https://news.example.org/', userAgent: CHROME }),
      '{not json',
      line({ referrer: 'https://t.co/' }),
      '',
      line({ url: 42 }),
      line({ url: 'https://news.example.org/x', referrer: 'https://t.co/abc', userAgent: CHROME }),
    ];
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const { code, stdout, stderr } = await runCli(['classify', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('3 malformed line(s)');
    const out = stdout
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(out).toHaveLength(5);
    expect(out[0].result.channel).toBe('direct');
    expect(out[1]).toMatchObject({ line: 2, error: { code: 'invalid_json' } });
    expect(out[2]).toMatchObject({ line: 3, error: { code: 'invalid_input' } });
    expect(out[2].error.message).toContain('url');
    expect(out[3]).toMatchObject({ line: 5, error: { code: 'invalid_input' } });
    expect(out[4].result).toMatchObject({ channel: 'social', source: 'x' });
  });

  it('honours --landing-path', async () => {
    const input = line({ url: 'https://news.example.org/world/', userAgent: CHROME });
    const plain = await runCli(['classify', '-'], { input });
    const sections = await runCli(['classify', '--landing-path', '/', '--landing-path', '/world/*'], {
      input,
    });
    expect(JSON.parse(plain.stdout).result.channel).toBe('dark-social');
    expect(JSON.parse(sections.stdout).result.channel).toBe('direct');
  });

  it('explains its options and rejects unknown ones with exit status 2', async () => {
    const help = await runCli(['classify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--landing-path');
    const bad = await runCli(['classify', '--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--help');
    const overview = await runCli(['--help']);
    expect(overview.stdout).toContain('classify');
    expect(overview.stdout).toContain('serve');
    const missing = await runCli(['classify', join(tmpdir(), 'no-such-file.jsonl')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no-such-file');
  });

  it('streams: 300,000 lines pass through a process whose heap is capped at 48 MB', async () => {
    const lines = 300_000;
    const child = spawnCli(['classify'], { nodeOptions: ['--max-old-space-size=48'] });
    let outputLines = 0;
    let tail = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const text = tail + chunk;
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      outputLines += parts.length;
    });
    const stdin = child.stdin;
    if (!stdin) throw new Error('no stdin');
    const record = `${line({ url: 'https://news.example.org/a/long/article/path?utm_source=whatsapp', userAgent: CHROME, referrer: '' })}\n`;
    const block = record.repeat(1_000);
    for (let written = 0; written < lines; written += 1_000) {
      if (!stdin.write(block)) await once(stdin, 'drain');
    }
    stdin.end();
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    expect(outputLines).toBe(lines);
  }, 120_000);
});
