import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { apiError } from '../errors';
import { withoutLiterals } from './values-written-in';

/** Per-request tally of SQL statements, so tests and the benchmark can show N+1 is absent. */
export interface StatementTally {
  count: number;
  /** The round trips to PostgreSQL on the request's own connection: statements sent together count once (db/sent-with-next.ts). */
  roundTrips: number;
}

/** A request with this header gets `extensions.sqlStatements` in production too. */
export const COUNT_HEADER = 'x-count-statements';

const storage = new AsyncLocalStorage<StatementTally>();
let counting = 0;

/**
 * Runs a request with a tally of its statements, or as it is when `tally` is null. While enabled,
 * AsyncLocalStorage hooks every promise of the process (the trivial query answered ~20% fewer
 * requests per second), so it is enabled only while a counted request runs.
 */
export async function withStatementTally<T>(tally: StatementTally | null, run: () => Promise<T>): Promise<T> {
  if (!tally) return run();
  counting += 1;
  try {
    return await storage.run(tally, run);
  } finally {
    counting -= 1;
    if (counting === 0) storage.disable();
  }
}

export function currentTally(): StatementTally | undefined {
  return storage.getStore();
}

export class StatementCounter extends AbstractLogger {
  override logQuery(_query: string, _parameters?: unknown[], queryRunner?: QueryRunner): void {
    const tally = storage.getStore();
    if (tally) tally.count += 1;
    // A request's session counts its statements (request-session.ts) and stops at its budget.
    const budget = queryRunner?.data as { statements?: number; budget?: number } | undefined;
    if (budget?.statements !== undefined && budget.budget !== undefined && ++budget.statements > budget.budget) {
      throw apiError('STATEMENT_BUDGET_EXCEEDED', `this request ran more than ${budget.budget} SQL statements; ask for less at once`, {
        budget: budget.budget,
      });
    }
  }

  /** With SLOW_SQL_MS set, statements slower than that are written to stderr (see data-source.ts). */
  override logQuerySlow(time: number, query: string): void {
    // Without the values a page's read has written in (db/values-written-in.ts), as the statement's parameters were never shown.
    process.stderr.write(`slow SQL ${time} ms: ${withoutLiterals(query.slice(0, 2000)).replace(/\s+/g, ' ').slice(0, 300)}\n`);
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[], _queryRunner?: QueryRunner): void {}
}
