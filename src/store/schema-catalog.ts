/** One column of a Penumbra table, as the database's own catalog reports it. */
export interface ColumnRef {
  table: string;
  column: string;
}

/**
 * Read access to the schema catalog and the stored rows. Not part of `Store` (the services never need it); the
 * adapters offer it so tests, and later a privacy audit for the DPO, can show from the
 * database itself that no column holds an IP address or a user agent (DESIGN.md §4).
 */
export interface SchemaCatalog {
  listColumns(): Promise<ColumnRef[]>;
  /**
   * Every row of every table of the store (`schema_migrations` included), by table name, as the
   * driver returns them, read in one transaction. For tests and audits that scan what is stored
   * for leaked IP addresses or user agents; it reads everything, so not for production paths.
   */
  dumpRows(): Promise<Record<string, unknown[]>>;
}
