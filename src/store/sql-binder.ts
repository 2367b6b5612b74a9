/**
 * Values bound to the SQL built by functions that take a `bind` (goal-sql.ts, goal-window-sql.ts):
 * each call keeps the value and returns its placeholder, `?` on SQLite, `$n` on PostgreSQL
 * numbered in call order. The builders call `bind` in the order the placeholders appear in the
 * text, which is the order SQLite binds `?` in.
 */
export function sqlBinder(engine: 'sqlite' | 'postgres'): {
  params: unknown[];
  bind: (value: unknown) => string;
} {
  const params: unknown[] = [];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return engine === 'sqlite' ? '?' : `$${params.length}`;
    },
  };
}
