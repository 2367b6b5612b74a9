import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { StoreChange } from '../../src/store/store.js';
import { newLink, newSite } from '../store/contract/fixtures.js';

const url = process.env.PENUMBRA_TEST_PG;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a store's onChange heard, in order. */
function heard(store: PostgresStore): StoreChange[] {
  const changes: StoreChange[] = [];
  store.onChange((change) => changes.push(change));
  return changes;
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not heard in time');
    await sleep(5);
  }
}

/**
 * The store's change announcements (issue #13, finding 6) between stores on the shared test
 * server, each run in schemas of its own: heard by the stores of the same schema at commit, not
 * at a rollback, and not by another schema's.
 */
describe.skipIf(!url)('PostgreSQL change notification (LISTEN/NOTIFY)', () => {
  const connectionString = url ?? '';
  const run = `notify_${randomBytes(4).toString('hex')}`;
  const stores: PostgresStore[] = [];
  const open = async (schema: string) => {
    const store = createPostgresStore({ connectionString, schema });
    stores.push(store);
    await store.migrate();
    return store;
  };

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    const admin = new pg.Pool({ connectionString, max: 1 });
    for (const schema of [`${run}_a`, `${run}_b`])
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('tells the other stores of the schema about link and site writes at commit, and nobody else', async () => {
    const [writer, reader, stranger] = await Promise.all([
      open(`${run}_a`),
      open(`${run}_a`),
      open(`${run}_b`),
    ]);
    const readerHeard = heard(reader);
    const strangerHeard = heard(stranger);
    await sleep(300); // the LISTEN connections open in the background

    const site = await writer.createSite(newSite());
    await until(() => readerHeard.includes('sites'));

    readerHeard.length = 0;
    const [link] = await writer.createLinks([newLink(site.id)]);
    if (!link) throw new Error('link expected');
    await until(() => readerHeard.includes('links'));

    for (const write of [
      () => writer.updateLink(link.id, { disabled: true }),
      () => writer.deleteLink(link.id),
      () => writer.updateSite(site.id, { name: 'Renamed' }),
      () => writer.deleteSite(site.id),
    ]) {
      readerHeard.length = 0;
      const started = performance.now();
      await write();
      await until(() => readerHeard.length > 0);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
    await sleep(200);
    expect(strangerHeard).toEqual([]);
  });

  it('announces nothing for a write that rolls back', async () => {
    const [writer, reader] = await Promise.all([open(`${run}_a`), open(`${run}_a`)]);
    const site = await writer.createSite(newSite());
    const [link] = await writer.createLinks([newLink(site.id)]);
    if (!link) throw new Error('link expected');
    const readerHeard = heard(reader);
    await sleep(300);
    await expect(writer.createLinks([newLink(site.id, { slug: link.slug })])).rejects.toThrow();
    await sleep(300);
    expect(readerHeard).toEqual([]);
    await writer.updateLink(link.id, { title: 'committed' });
    await until(() => readerHeard.includes('links'));
  });
});
