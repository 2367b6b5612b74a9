import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 (the CI machine's, .ci/run); PG_BIN overrides it. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * Ports for throwaway clusters: clear of the shared server (5432) and below Linux's ephemeral
 * range (32768–60999, /proc/sys/net/ipv4/ip_local_port_range), so no client socket takes one.
 */
export const FAULT_PORTS = [15433, 15434, 15435, 15436, 15437, 15438, 15439] as const;

export interface PostgresCluster {
  port: number;
  url: string;
  /** `pg_ctl restart`: `fast` ends sessions cleanly, `immediate` kills them as a crash would. */
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (an outage), keeping its data for `start`. */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and deletes its files. */
  destroy(): Promise<void>;
  /** Runs one SQL statement through psql (in `database`, `postgres` by default); its unaligned output. */
  sql(statement: string, database?: string): Promise<string>;
}

/** Why the fault tests cannot run here, or undefined when they can. */
export function clusterUnavailable(): string | undefined {
  if (!existsSync(join(BIN, 'initdb'))) return `no initdb in ${BIN} (set PG_BIN)`;
  if (process.getuid?.() !== 0 && process.env.USER !== 'postgres') {
    return 'initdb must run as the postgres user: run as root (runuser) or as postgres';
  }
  return undefined;
}

/** Runs a PostgreSQL binary as the postgres user (initdb refuses root). */
async function asPostgres(binary: string, args: string[]): Promise<string> {
  const command = join(BIN, binary);
  const { stdout } =
    process.getuid?.() === 0
      ? await run('runuser', ['-u', 'postgres', '--', command, ...args], { timeout: 60_000 })
      : await run(command, args, { timeout: 60_000 });
  return stdout;
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary directory, listening on 127.0.0.1
 * only: a fault test may restart or kill it without touching anyone else's server.
 */
export async function startPostgresCluster(port: number): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'penumbra-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) await chown(dir, ...(await postgresIds()));
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'max_connections = 60',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) await chown(join(data, 'postgresql.auto.conf'), ...(await postgresIds()));
  const ctl = (args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', ...args]);
  await ctl(['start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let destroyed = false;
  return {
    port,
    url,
    async restart(mode) {
      await ctl(['restart', '-m', mode]);
    },
    async halt(mode) {
      await ctl(['stop', '-m', mode]);
    },
    async start() {
      await ctl(['start']);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await ctl(['stop', '-m', 'immediate']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    async sql(statement, database = 'postgres') {
      const { stdout } = await run(
        join(BIN, 'psql'),
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-XAtqc', statement],
        { timeout: 30_000 },
      );
      return stdout.trim();
    },
  };
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
