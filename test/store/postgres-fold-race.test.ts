import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FOLD_LOCK, foldPostgresRollups } from '../../src/store/postgres/postgres-fold.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { newPageview, newSite } from './contract/fixtures.js';

const url = process.env.PENUMBRA_TEST_PG;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * Two folds that do not exclude each other through the advisory lock — an instance of the
 * previous version (lock key FOLD_LOCK) beside one of this version (a per-schema key) during a
 * rolling restart — must still never fold one range twice: the watermark moves only from the
 * value the step started from, and a step that finds it moved folds nothing.
 */
describe.skipIf(!url)('PostgreSQL folds under different lock keys', () => {
  const connectionString = url ?? '';
  const schema = `test_foldrace_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString, max: 2 });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('counts each event once when both folds start from the same watermark', {
    timeout: 60_000,
  }, async () => {
    const store = createPostgresStore({ connectionString, schema });
    await store.migrate();
    const site = await store.createSite(newSite());
    const events = Array.from({ length: 50 }, () => newPageview(site.id));
    await store.insertEvents(events);
    await store.close();

    const pool = (name: string) =>
      new pg.Pool({ connectionString, max: 2, application_name: name, options: `-c search_path=${schema}` });
    const [oldInstance, newInstance] = [pool(`${schema}_old`), pool(`${schema}_new`)];
    // Holds the watermark row so that both folds read it before either moves it.
    const holder = await admin.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT folded_id FROM ${schema}.rollup_watermark FOR UPDATE`);
      const folds = Promise.all([
        foldPostgresRollups(oldInstance, 1000, false, String(FOLD_LOCK)),
        foldPostgresRollups(newInstance, 1000),
      ]);
      await bothBlocked(admin, [`${schema}_old`, `${schema}_new`]);
      await holder.query('COMMIT');
      const folded = await folds;
      expect(folded.sort((a, b) => a - b)).toEqual([0, events.length]);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
      await Promise.all([oldInstance.end(), newInstance.end()]);
    }
    const totals = await admin.query(
      `SELECT sum(pageviews)::int AS pageviews, sum(visitors)::int AS visitors FROM ${schema}.rollup_daily`,
    );
    expect(totals.rows[0]).toEqual({ pageviews: events.length, visitors: events.length });
    const watermark = await admin.query(`SELECT folded_id FROM ${schema}.rollup_watermark`);
    const max = await admin.query(`SELECT max(id) AS id FROM ${schema}.events`);
    expect(String(watermark.rows[0].folded_id)).toBe(String(max.rows[0].id));
  });
});

/** Waits until a session of each application name waits on a lock (ours, or the other's). */
async function bothBlocked(client: pg.Pool, names: readonly string[]): Promise<void> {
  // Not on the holder: a transaction sees one snapshot of pg_stat_activity.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await client.query(
      `SELECT count(DISTINCT application_name)::int AS n FROM pg_stat_activity
        WHERE application_name = ANY($1::text[]) AND cardinality(pg_blocking_pids(pid)) > 0`,
      [names],
    );
    if (rows[0].n === names.length) return;
    if (Date.now() > deadline) {
      const seen = await client.query(
        `SELECT application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS b, left(query, 60) AS q
          FROM pg_stat_activity WHERE application_name = ANY($1::text[])`,
        [names],
      );
      throw new Error(`the two folds never both waited: ${JSON.stringify(seen.rows)}`);
    }
    await sleep(20);
  }
}
