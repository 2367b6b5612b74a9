import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/penumbra', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process (`npm test` builds dist/ first). */
export async function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string>; nodeOptions?: string[] } = {},
): Promise<CliResult> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(options.input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export function spawnCli(
  args: string[],
  options: { env?: Record<string, string>; nodeOptions?: string[] } = {},
): ChildProcess {
  return spawn(process.execPath, [...(options.nodeOptions ?? []), BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
