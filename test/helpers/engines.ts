import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The stores the process-level tests (fuzzing, fault tests, the route walk) run on: SQLite
 * always, PostgreSQL too when PENUMBRA_TEST_PG names a server (CI sets it) — each run in a schema
 * of its own, dropped at the end. PostgreSQL refuses text SQLite takes (a NUL character), so both
 * must be fuzzed.
 */
const PG_URL = process.env.PENUMBRA_TEST_PG;
export const ENGINES: readonly string[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** The second engine gets 40 % of the budget: the folder must stay well under two minutes. */
export function engineShare(engine: string): number {
  return engine === 'postgres' ? 0.4 : 1;
}

export interface EngineEnv {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** Environment variables that point Penumbra at the engine (`DATABASE_URL` with a search_path). */
export async function engineEnv(engine: string, schemaPrefix = 'test'): Promise<EngineEnv> {
  if (engine !== 'postgres' || !PG_URL) return { env: {}, drop: async () => undefined };
  const schema = `${schemaPrefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
