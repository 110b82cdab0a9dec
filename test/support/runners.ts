import { QueryRunner } from 'typeorm';

/** Gives runners back to the pool, rolling back what a failed step left open: no later test is handed a connection in an aborted transaction. */
export async function rollBackAndRelease(...runners: QueryRunner[]): Promise<void> {
  for (const runner of runners) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
