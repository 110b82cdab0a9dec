import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

/** Per-request tally of SQL statements, so tests and the benchmark can show N+1 is absent. */
export interface StatementTally { count: number }

const storage = new AsyncLocalStorage<StatementTally>();

export function withStatementTally<T>(tally: StatementTally, run: () => T): T {
  return storage.run(tally, run);
}

export function currentTally(): StatementTally | undefined {
  return storage.getStore();
}

export class StatementCounter extends AbstractLogger {
  override logQuery(_query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    const tally = storage.getStore();
    if (tally) tally.count += 1;
  }

  /** With SLOW_SQL_MS set, statements slower than that are written to stderr (see data-source.ts). */
  override logQuerySlow(time: number, query: string): void {
    process.stderr.write(`slow SQL ${time} ms: ${query.replace(/\s+/g, ' ').slice(0, 300)}\n`);
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[], _queryRunner?: QueryRunner): void {}
}
