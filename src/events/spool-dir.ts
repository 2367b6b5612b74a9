import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/**
 * The default spool directory: `<dataDir>/spool` next to the SQLite file, or, for PostgreSQL,
 * `<dataDir>/spool/postgres-<hash>` named after the database (its URL without credentials), so
 * that a spool is never replayed into another database by an installation that shares the data
 * directory (several test servers in one checkout do).
 */
export function defaultSpoolDir(dataDir: string, databaseUrl: string | undefined): string {
  if (databaseUrl === undefined) return resolve(dataDir, 'spool');
  let identity = databaseUrl;
  try {
    const url = new URL(databaseUrl);
    url.username = '';
    url.password = '';
    identity = url.href;
  } catch {
    // Not a parsable URL: hash it whole (the hash never shows the password).
  }
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return resolve(dataDir, 'spool', `postgres-${hash}`);
}
