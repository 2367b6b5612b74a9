import { type ClaimTable, INTEGER_KEYS, type RollupTable } from './rollup-tables.js';

/*
 * The SQL that adds a batch's rollup rows and claims its visitors, for both engines. Both
 * speak `INSERT … ON CONFLICT … DO UPDATE` (SQLite ≥ 3.24, https://sqlite.org/lang_upsert.html)
 * and `RETURNING` (SQLite ≥ 3.35): the claim statements return exactly the rows they inserted,
 * so the rows already there are the people counted before.
 */

function columnsOf(table: RollupTable): string[] {
  return [...table.keys, ...table.sums, ...table.mins];
}

function updateList(table: RollupTable, min: 'min' | 'LEAST'): string {
  return [
    ...table.sums.map((column) => `${column} = ${table.name}.${column} + excluded.${column}`),
    ...table.mins.map((column) => `${column} = ${min}(${table.name}.${column}, excluded.${column})`),
  ].join(', ');
}

const memo = new Map<string, string>();

function memoised(key: string, build: () => string): string {
  let sql = memo.get(key);
  if (sql === undefined) {
    sql = build();
    memo.set(key, sql);
  }
  return sql;
}

/** SQLite: `rows` value tuples of positional parameters. */
export function sqliteUpsertSql(table: RollupTable, rows: number): string {
  return memoised(`upsert ${table.name} ${rows}`, () => buildSqliteUpsert(table, rows));
}

export function sqliteClaimSql(table: ClaimTable, rows: number): string {
  return memoised(`claim ${table.name} ${rows}`, () => buildSqliteClaim(table, rows));
}

function buildSqliteUpsert(table: RollupTable, rows: number): string {
  const tuple = `(${columnsOf(table)
    .map(() => '?')
    .join(', ')})`;
  return `INSERT INTO ${table.name} (${columnsOf(table).join(', ')})
    VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
    ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${updateList(table, 'min')}`;
}

function buildSqliteClaim(table: ClaimTable, rows: number): string {
  const tuple = `(${table.keys.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table.name} (${table.keys.join(', ')})
    VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
    ON CONFLICT DO NOTHING RETURNING ${table.keys.join(', ')}`;
}

function pgArrayType(table: RollupTable, column: string): string {
  if (table.keys.includes(column)) return INTEGER_KEYS.has(column) ? 'integer[]' : 'text[]';
  return 'bigint[]';
}

/**
 * PostgreSQL: one statement per table for the whole batch, each column one array parameter
 * (as INSERT_EVENTS does). A key may appear once per statement — prepareRollups merges them.
 */
export function pgUpsertSql(table: RollupTable): string {
  const columns = columnsOf(table);
  return `INSERT INTO ${table.name} AS ${table.name} (${columns.join(', ')})
    SELECT * FROM unnest(${columns.map((column, i) => `$${i + 1}::${pgArrayType(table, column)}`).join(', ')})
    ON CONFLICT (${table.keys.join(', ')}) DO UPDATE SET ${updateList(table, 'LEAST')}`;
}

export function pgClaimSql(table: ClaimTable): string {
  return `INSERT INTO ${table.name} (${table.keys.join(', ')})
    SELECT * FROM unnest(${table.keys.map((_, i) => `$${i + 1}::text[]`).join(', ')})
    ON CONFLICT DO NOTHING RETURNING ${table.keys.join(', ')}`;
}

/** Largest number of rows per SQLite statement: below its 32,766-parameter limit for any table. */
export const SQLITE_ROLLUP_ROWS_PER_STATEMENT = 64;
