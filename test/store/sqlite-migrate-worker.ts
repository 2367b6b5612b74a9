/**
 * Run as its own process by sqlite.test.ts: opens the store file given as argument, migrates
 * it and records one site, so several processes can race on one fresh file.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const [file, id, startAt] = process.argv.slice(2);
if (file === undefined || id === undefined)
  throw new Error('usage: sqlite-migrate-worker <file> <id> [startAt]');
// Process start-up takes a variable few hundred ms; meeting at one instant makes the race real.
await sleep(Math.max(0, Number(startAt ?? 0) - Date.now()));
const store = openSqliteStore({ file });
await store.migrate();
await store.createSite({ id, domain: `${id}.example`, name: id, timezone: 'UTC', fallbackUrl: null });
await store.close();
