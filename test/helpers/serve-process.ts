import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { spawnCli } from './run-cli.js';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM, then waits for the exit status. */
  stop(): Promise<number | null>;
}

/** Starts `penumbra serve` as a real process on a free port and waits until it listens. */
export async function startServeProcess(env: Record<string, string>): Promise<ServeProcess> {
  const child = spawnCli(['serve', '--port', '0', '--host', '127.0.0.1'], {
    // No demo site unless a test asks for one: it would seed in the background of every test.
    env: { LOG_LEVEL: 'info', PENUMBRA_DEMO: '0', ...env },
  });
  let output = '';
  const collect = (chunk: string) => {
    output += chunk;
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  const deadline = Date.now() + 20_000;
  while (!/listening on (http:\/\/\S+)/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    url: /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? '',
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'close')) as [number | null];
      return code;
    },
  };
}
