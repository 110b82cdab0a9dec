import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

/**
 * A statement of fixed text run as a named prepared statement: each connection parses it once, and
 * after five runs PostgreSQL keeps a generic plan when it costs no more than planning each time
 * (parsing and planning were a third of a decision's database time). Made once per module from a
 * constant text, so a connection keeps few statements and always the same ones. Not for SQL whose plan
 * depends on the caller's unit-path prefixes (a page, a count over a scope): those need plans made with
 * the values.
 */
export class PreparedStatement {
  private readonly name: string | undefined;

  /** `named: false` runs the text as an unnamed statement (parsed and planned each time). */
  constructor(
    readonly text: string,
    { named = true }: { named?: boolean } = {},
  ) {
    this.name = named ? `p_${createHash('sha1').update(text).digest('hex').slice(0, 30)}` : undefined;
  }

  /** The rows, as `em.query` returns them; in the manager's transaction when it has one. */
  async run<T = Record<string, unknown>>(em: EntityManager, values: unknown[]): Promise<T[]> {
    const runner = em.queryRunner ?? em.connection.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      // Through TypeORM's logger, as em.query does: it counts the statement and reports slow ones.
      em.connection.logger.logQuery(this.text, values, runner);
      const started = Date.now();
      // Failures as em.query reports them (QueryFailedError, the driver's fields copied), so callers tell them apart alike.
      const { rows } = await client
        .query<T & QueryResultRow>({ name: this.name, text: this.text, values })
        .catch((e: unknown) => Promise.reject(new QueryFailedError(this.text, values, e as Error)));
      const took = Date.now() - started;
      const slow = em.connection.options.maxQueryExecutionTime;
      if (slow && took > slow) em.connection.logger.logQuerySlow(took, this.text, values, runner);
      return rows;
    } finally {
      if (!em.queryRunner) await runner.release();
    }
  }
}

/** Texts built at run time that come in a bounded number of shapes (a workflow step's columns, a kind's view). */
const BY_TEXT = new Map<string, PreparedStatement>();
/** Past this many shapes a text runs unnamed: a connection never keeps more than these and the constant ones. */
const MOST_SHAPES = 200;

/**
 * Runs a text built at run time as a named prepared statement, made once per text, when the text is one of a bounded
 * number of shapes (its values all parameters). Ability conditions qualify only where a key or a small limit drives
 * the plan (one subject's authority, a count up to a threshold), not where the unit paths do (see PreparedStatement).
 */
export function runShaped<T = Record<string, unknown>>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  let statement = BY_TEXT.get(text);
  if (!statement) {
    statement = new PreparedStatement(text, { named: BY_TEXT.size < MOST_SHAPES });
    if (BY_TEXT.size < MOST_SHAPES) BY_TEXT.set(text, statement);
  }
  return statement.run<T>(em, values);
}
