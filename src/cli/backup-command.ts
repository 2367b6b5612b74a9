import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { backupSqliteFile } from '../store/sqlite/sqlite-backup.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';
import { parseOptions } from './parse-options.js';

const HELP = `Usage: penumbra backup FILE

Copies the embedded SQLite database (PENUMBRA_DATA_DIR/penumbra.db) to FILE with SQLite's
online backup API: safe while "penumbra serve" is running and writing, and the copy is the
database as it was at one instant. The copy is checked (PRAGMA quick_check) before it is
renamed to FILE; an existing FILE is never overwritten.

To restore: stop the server, remove penumbra.db, penumbra.db-wal and penumbra.db-shm from the
data directory, copy FILE there as penumbra.db, and start the server (docs/operations.md).

With DATABASE_URL (PostgreSQL) use pg_dump instead; see docs/operations.md.

Options:
  -h, --help  Show this help.`;

const PG_DUMP_HINT = `penumbra backup copies the embedded SQLite database; with DATABASE_URL, back up PostgreSQL with
  pg_dump --format=custom --file=penumbra.dump "$DATABASE_URL"
(docs/operations.md, "Backups").`;

/** `penumbra backup FILE`: an online, consistent copy of the SQLite store. */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'Copy the SQLite database while the server runs (online backup)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {});
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return 0;
    }
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('give one file to write the copy to');
    const config = loadConfig(io.env);
    if (config.databaseUrl !== undefined) {
      io.stderr.write(`${PG_DUMP_HINT}\n`);
      return 2;
    }
    const source = join(config.dataDir, 'penumbra.db');
    if (!existsSync(source)) {
      io.stderr.write(`penumbra backup: there is no database at ${source} (PENUMBRA_DATA_DIR)\n`);
      return 1;
    }
    const target = resolve(file);
    try {
      const started = Date.now();
      const { pages } = await backupSqliteFile(source, target);
      io.stdout.write(
        `Copied ${pages} pages of ${source} to ${target} in ${Date.now() - started} ms (quick_check: ok).\n`,
      );
      return 0;
    } catch (error) {
      io.stderr.write(`penumbra backup: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  },
};
