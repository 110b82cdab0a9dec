/**
 * Planner statistics after a bulk write. Autovacuum analyzes a table only once 50 rows plus a tenth of
 * it have changed, and some servers run without it: a freshly imported database was planned from no
 * statistics at all (a ratings page's statement in the demo's city secretary's scope took 74 ms in
 * PostgreSQL, 3.9 ms once the tables were analyzed).
 */
export interface RowsQuery {
  query(sql: string, params?: unknown[]): Promise<{ name: string }[]>;
}

/** ANALYZE every table of the current schema but those named (analyzed by their own load). */
export async function analyzeTables(db: RowsQuery, except: readonly string[] = []): Promise<void> {
  const tables = await db.query(
    `SELECT format('%I', tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> ALL($1)`,
    [except],
  );
  if (tables.length) await db.query(`ANALYZE ${tables.map((t) => t.name).join(', ')}`);
}
