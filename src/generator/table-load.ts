import { availableParallelism } from 'node:os';
import { ClientBase } from 'pg';
import { CopyWriter, HeldRows } from './copy-writer';

interface SecondaryIndex {
  name: string;
  definition: string;
  uniqueConstraint: boolean;
}

/**
 * The loads building their indexes at the same time, on one machine's cores (the generator's: a database server elsewhere
 * is taken to have as many). Each build runs in one process while the loads are as many as the cores; a load left
 * building alone takes the cores the others no longer use, as PostgreSQL's parallel workers (the only other processes
 * that can read its rows before it commits).
 */
export class IndexBuilders {
  constructor(
    private building: number,
    private readonly cores = availableParallelism(),
  ) {}

  /** The parallel workers a build may start with now: the cores no other load builds on. */
  get idleCores(): number {
    return Math.max(0, this.cores - this.building);
  }

  /** A load has built all its indexes. */
  finished(): void {
    this.building -= 1;
  }
}

/**
 * Loads one table in one transaction on its own connection: its secondary indexes are dropped, the
 * rows copied, and the indexes built again before the commit. Building an index from the loaded rows
 * costs a fraction of maintaining it row by row (a national load: 86–88 s with the indexes kept,
 * 75–76 s this way), and because it is one transaction a failed or killed load leaves the table and its
 * indexes as they were. The primary key stays (foreign keys depend on it), as does any index a
 * foreign key depends on.
 *
 * A value most rows share can be given as a constant: the column's default is that value during the load and the
 * rows leave it out, so PostgreSQL reads it once instead of once a row (a self-assessment's JSON facts, parsed for
 * each of 3.9 M ratings, took 4.5 s per million of the ratings connection's CPU). The rows that must not take it go
 * to `withTableDefaults`, held aside and copied after the default is back to the table's own.
 */
export class TableLoad {
  readonly withTableDefaults = new HeldRows();

  private constructor(
    private readonly client: ClientBase,
    readonly table: string,
    private readonly columns: string[],
    private readonly indexes: SecondaryIndex[],
    private readonly ownDefaults: { column: string; expression: string | null }[],
    readonly rows: CopyWriter,
  ) {}

  static async begin(client: ClientBase, table: string, columns: string[], constants: Record<string, string> = {}): Promise<TableLoad> {
    const shared = Object.keys(constants).filter((c) => columns.includes(c));
    if (shared.length) throw new Error(`${shared.join(', ')}: a column given as a constant is not among the rows' columns`);
    await client.query('BEGIN');
    const { rows: ownDefaults } = await client.query<{ column: string; expression: string | null }>(
      `SELECT a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS expression
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1::regclass AND a.attname = ANY($2)`,
      [table, Object.keys(constants)],
    );
    if (ownDefaults.length !== Object.keys(constants).length) throw new Error(`${table} lacks a column given as a constant`);
    // An index only on rows where a column is set, when the load leaves that column out and it has no default, receives
    // no loaded row: it is kept, rather than built again from a scan of the whole table that finds nothing.
    const { rows: indexes } = await client.query<SecondaryIndex>(
      `SELECT ix.relname AS name, pg_get_indexdef(i.indexrelid) AS definition,
              EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype = 'u') AS "uniqueConstraint"
         FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid
        WHERE i.indrelid = $1::regclass AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND (c.contype <> 'u' OR c.conrelid <> i.indrelid))
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = i.indrelid AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.atthasdef
                             AND a.attname <> ALL($2) AND pg_get_expr(i.indpred, i.indrelid) = format('(%I IS NOT NULL)', a.attname))
        ORDER BY ix.relname`,
      [table, [...columns, ...Object.keys(constants)]],
    );
    for (const ix of indexes) {
      await client.query(ix.uniqueConstraint ? `ALTER TABLE ${table} DROP CONSTRAINT "${ix.name}"` : `DROP INDEX "${ix.name}"`);
    }
    for (const { column } of ownDefaults)
      await client.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${client.escapeLiteral(constants[column])}`);
    return new TableLoad(client, table, columns, indexes, ownDefaults, await CopyWriter.open(client, table, columns));
  }

  /**
   * Ends the COPY, puts the table's defaults back, copies the rows held apart, builds the indexes again, gathers the
   * table's statistics (here, beside the other loads, rather than after them all) and commits; returns the number of
   * rows copied. `builders` are the loads building at the same time, this one included.
   */
  async commit(builders = new IndexBuilders(1)): Promise<number> {
    let n = await this.rows.close();
    for (const { column, expression } of this.ownDefaults)
      await this.client.query(
        `ALTER TABLE ${this.table} ALTER COLUMN ${column} ${expression === null ? 'DROP DEFAULT' : `SET DEFAULT ${expression}`}`,
      );
    if (this.withTableDefaults.rows) {
      const rest = await CopyWriter.open(this.client, this.table, this.columns);
      await rest.writeHeld(this.withTableDefaults);
      n += await rest.close();
    }
    // Sorting in memory instead of in temporary files: a national index sorts 250–400 MB of tuples (at 256 MB the largest
    // spilled: a national generation's indexes took 46–51 s, at 1 GB 40–43 s). Three loads at once: up to 3 GB, briefly.
    await this.client.query(`SET LOCAL maintenance_work_mem = '1GB'`);
    // One process per index while the loads keep the cores busy: the workers of a parallel build pass their sorted runs
    // through temporary files for the leader to merge again. National index phase, runs alternated on two cores: 39.6–48.0 s
    // serial, 53.3–58.1 s with PostgreSQL's two workers per build, 50.6–55.3 s with them for the ratings alone (whose workers
    // slowed the members' name order from 15–17 s to 24–30 s). The ratings' last builds, alone once the members' are done,
    // take the idle core: 48.2–51.9 s against 51.6–53.7 s, alternated.
    try {
      for (const ix of this.indexes) {
        await this.client.query(`SET LOCAL max_parallel_maintenance_workers = ${builders.idleCores}`);
        await this.client.query(ix.definition);
        if (ix.uniqueConstraint)
          await this.client.query(`ALTER TABLE ${this.table} ADD CONSTRAINT "${ix.name}" UNIQUE USING INDEX "${ix.name}"`);
      }
    } finally {
      builders.finished();
    }
    await this.client.query(`ANALYZE ${this.table}`);
    await this.client.query('COMMIT');
    return n;
  }
}
