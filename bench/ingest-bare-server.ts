/**
 * Child process of bench/ingest: the baseline. A bare `node:http` server that reads the same
 * text/plain JSON body, parses it, checks the three required fields, and batches events into
 * SQLite (better-sqlite3, WAL, one transaction per 100 ms or 1,000 events) — no framework, no
 * classification, no privacy work. Prints `{"url", "dataDir"}`; SIGTERM writes what is pending.
 */
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const dataDir = await mkdtemp(join(tmpdir(), 'penumbra-bench-bare-'));
const db = new Database(join(dataDir, 'bare.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, site TEXT NOT NULL, type TEXT NOT NULL,
  url TEXT NOT NULL, referrer TEXT, occurred_at INTEGER NOT NULL)`);
const insert = db.prepare(
  'INSERT INTO events (site, type, url, referrer, occurred_at) VALUES (?, ?, ?, ?, ?)',
);
let pending: [string, string, string, string | null, number][] = [];
const writeBatch = db.transaction((rows: typeof pending) => {
  for (const row of rows) insert.run(...row);
});
function flush(): void {
  if (pending.length === 0) return;
  const rows = pending;
  pending = [];
  writeBatch(rows);
}
setInterval(flush, 100).unref();

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    try {
      const event = JSON.parse(body) as { s?: unknown; t?: unknown; u?: unknown; r?: unknown };
      if (typeof event.s !== 'string' || typeof event.t !== 'string' || typeof event.u !== 'string')
        throw new Error();
      pending.push([event.s, event.t, event.u, typeof event.r === 'string' ? event.r : null, Date.now()]);
      if (pending.length >= 1_000) setImmediate(flush);
      response.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      response.end('{"k":"a.0.direct.20260101"}');
    } catch {
      response.writeHead(400).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, dataDir })}\n`);
});
const stop = () =>
  server.close(() => {
    flush();
    db.close();
    process.exit(0);
  });
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
