import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/*
 * `npm start` is how the README runs Penumbra, and service managers stop it with SIGTERM (issue
 * 16): npm passes the signal to its script's shell, and a shell that forks node dies alone,
 * leaving the server running with the port taken. The script execs node, so node gets it.
 */
describe('npm start (as a process)', () => {
  it('stops the server on SIGTERM: the process is gone and the port is free', async () => {
    const npm = spawn('npm', ['start', '--silent', '--', '--port', '0', '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PENUMBRA_DEMO: '0',
        LOG_LEVEL: 'info',
        PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-npm-start-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    let serverPid: number | undefined;
    try {
      expect(await until(() => /listening on http:\/\/\S+:\d+/.test(output), 30_000), output).toBe(true);
      const port = Number(/listening on http:\/\/\S+:(\d+)/.exec(output)?.[1]);
      // The server's own pid, from its JSON log line (npm and sh have others).
      serverPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
      expect(serverPid).toBeGreaterThan(0);
      expect(await portOpen(port)).toBe(true);

      npm.kill('SIGTERM');
      expect(await until(() => !alive(serverPid as number), 15_000), `server still running:\n${output}`).toBe(
        true,
      );
      expect(await portOpen(port)).toBe(false);
      if (npm.exitCode === null) await once(npm, 'close');
      expect(output).toContain('Received SIGTERM, shutting down');
    } finally {
      if (serverPid !== undefined && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  }, 60_000);
});
