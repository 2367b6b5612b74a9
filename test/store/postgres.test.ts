import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { at, newEvent, newLink, newSite } from './contract/fixtures.js';
import { storeContract } from './store-contract.js';

const url = process.env.PENUMBRA_TEST_PG;

// These tests need a running PostgreSQL server, which a plain `npm test` on a laptop may not
// have. CI sets PENUMBRA_TEST_PG (DESIGN.md §6); without it the suite shows up as skipped
// instead of silently passing. Example: PENUMBRA_TEST_PG=postgres://postgres@127.0.0.1:5432/test
describe.skipIf(!url)('PostgreSQL store', () => {
  const connectionString = url ?? '';
  // Every store of this run works in its own schema `test_<run>_<n>`, dropped at the end.
  const run = `test_${randomBytes(4).toString('hex')}`;
  let schemas = 0;
  const freshSchema = (): string => `${run}_${++schemas}`;

  afterAll(async () => {
    const admin = new pg.Pool({ connectionString, max: 1 });
    const { rows } = await admin.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE $1 || '\\_%'",
      [run],
    );
    for (const { name } of rows) await admin.query(`DROP SCHEMA ${name} CASCADE`);
    await admin.end();
  });

  storeContract('postgres', async () => createPostgresStore({ connectionString, schema: freshSchema() }));

  it('applies each migration once when two processes start at once', async () => {
    const schema = freshSchema();
    const [a, b] = [0, 1].map(() => createPostgresStore({ connectionString, schema }));
    if (!a || !b) throw new Error('two stores expected');
    await Promise.all([a.migrate(), b.migrate()]);
    const site = await a.createSite(newSite());
    expect(await b.getSite(site.id)).toStrictEqual(site);
    await Promise.all([a.close(), b.close()]);
  });

  it('stamps concurrent link writes from several connections distinctly', async () => {
    const store = createPostgresStore({ connectionString, schema: freshSchema() });
    await store.migrate();
    const site = await store.createSite(newSite());
    const links = await store.createLinks(Array.from({ length: 8 }, () => newLink(site.id)));
    const updates = await Promise.all(links.map((link) => store.updateLink(link.id, { title: 'again' })));
    const stamps = updates.map((link) => link?.updatedAt ?? '');
    expect(new Set(stamps).size).toBe(links.length);
    expect(await store.listLinksUpdatedSince(at(links, links.length - 1).updatedAt)).toHaveLength(
      links.length,
    );
    await store.close();
  });

  it('writes a batch of 10,000 events in one statement, quickly', async () => {
    const store = createPostgresStore({ connectionString, schema: freshSchema() });
    await store.migrate();
    const site = await store.createSite(newSite());
    const batch = Array.from({ length: 10_000 }, (_, i) => newEvent(site.id, null, { occurredAt: i }));
    const started = performance.now();
    await store.insertEvents(batch);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await store.countEvents()).toBe(10_000);
    await store.close();
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ connectionString, schema: 'x; DROP TABLE y' })).toThrow(RangeError);
  });

  it('closes twice without error', async () => {
    const store = createPostgresStore({ connectionString, schema: freshSchema() });
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
