import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPool, type PgPool } from '../../src/store/postgres/postgres-pool.js';
import { DEFAULT_PG_TIMEOUTS } from '../../src/store/postgres/postgres-timeouts.js';
import { withTransaction } from '../../src/store/postgres/postgres-transaction.js';

const url = process.env.PENUMBRA_TEST_PG;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP server that accepts connections and never answers: a server that hangs. */
async function silentServer(): Promise<{ server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/**
 * A TCP relay to PostgreSQL that can go silent mid-session, as a server behind a dead network
 * path does: no reset, no answer.
 */
async function freezableRelay(target: URL): Promise<{ port: number; freeze(): void; close(): void }> {
  let frozen = false;
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const socket: Socket = createConnection(Number(target.port || 5432), target.hostname);
    sockets.push(client, socket);
    client.on('data', (chunk: Buffer) => {
      if (!frozen) socket.write(chunk);
    });
    socket.on('data', (chunk: Buffer) => {
      if (!frozen) client.write(chunk);
    });
    client.on('error', () => undefined);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    freeze: () => {
      frozen = true;
    },
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe.skipIf(!url)('PostgreSQL: dropped and dead connections (issue #13, findings 1 and 3)', () => {
  const connectionString = url ?? '';
  const pools: PgPool[] = [];
  const open = (...args: Parameters<typeof createPgPool>) => {
    const pool = createPgPool(...args);
    pools.push(pool);
    return pool;
  };
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  });

  it('a connection killed inside a transaction fails that transaction, the process lives, the pool recovers', async () => {
    const pool = open(connectionString, undefined);
    const admin = open(connectionString, undefined);
    const failed = withTransaction(pool, async (client) => {
      const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
      const [{ pid }] = rows as [{ pid: number }];
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // The connection's 'error' event fires now, while no query is in flight: with no listener
      // on a checked-out client, Node threw it and the process died (finding 1).
      await sleep(200);
      await client.query('SELECT 1');
    });
    await expect(failed).rejects.toThrow();
    const { rows } = await withTransaction(pool, (client) => client.query('SELECT 41 + 1 AS answer'));
    expect(rows).toEqual([{ answer: 42 }]);
  });

  it('a statement that runs too long is cancelled by the server', async () => {
    const pool = open(connectionString, undefined, { ...DEFAULT_PG_TIMEOUTS, statementMs: 300 });
    const started = Date.now();
    await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a server that accepts and never answers fails the connect within the connect timeout', async () => {
    const { server, port } = await silentServer();
    const pool = open(`postgres://penumbra@127.0.0.1:${port}/none`, undefined, {
      ...DEFAULT_PG_TIMEOUTS,
      connectMs: 300,
    });
    const started = Date.now();
    await expect(pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(2_000);
    server.close();
  });

  it('a server gone silent mid-transaction fails it on the client side, then ends the pool', async () => {
    const relay = await freezableRelay(new URL(connectionString));
    const target = new URL(connectionString);
    target.host = `127.0.0.1:${relay.port}`;
    const pool = open(target.href, undefined, { ...DEFAULT_PG_TIMEOUTS, statementMs: 200 });
    await pool.query('SELECT 1');
    const started = Date.now();
    const stuck = withTransaction(pool, async (client) => {
      relay.freeze();
      await client.query('SELECT 1');
    });
    // statement_timeout cannot help here (the server's answer never arrives): query_timeout,
    // 5 s after it, does, and the connection is destroyed without waiting on a ROLLBACK.
    await expect(stuck).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(8_000);
    const ending = Date.now();
    await pool.end();
    expect(Date.now() - ending).toBeLessThan(2_000);
    relay.close();
  }, 30_000);
});
