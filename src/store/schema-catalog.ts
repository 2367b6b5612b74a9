/** One column of a Penumbra table, as the database's own catalog reports it. */
export interface ColumnRef {
  table: string;
  column: string;
}

/**
 * Read access to the schema catalog. Not part of `Store` (the services never need it); the
 * adapters offer it so tests, and later a privacy audit for the DPO, can show from the
 * database itself that no column holds an IP address or a user agent (DESIGN.md §4).
 */
export interface SchemaCatalog {
  listColumns(): Promise<ColumnRef[]>;
}
