import { EntityManager } from 'typeorm';
import { PreparedStatement, sendWithNext } from './prepared-statement';

const SORTING = new PreparedStatement(`SELECT set_config('enable_sort', $1, true)`);

/**
 * Runs `run` with sorting priced out of its statements' plans, in a transaction of its own (a savepoint inside one
 * already open), the setting sent with the statements themselves: one round trip more than `run` alone.
 * For a page whose rows are dense in an index's order: under row-level security PostgreSQL expects 0.5 % of the table
 * (the policy's bounds are unknown when it plans) and would rather sort that share than walk the index to a page.
 */
export function withoutSorting<T>(em: EntityManager, run: (em: EntityManager) => Promise<T>): Promise<T> {
  const nested = em.queryRunner?.isTransactionActive ?? false;
  return em.transaction(async (tx) => {
    await sendWithNext(tx, SORTING, ['off']);
    const result = await run(tx);
    // A transaction of its own ends the setting with it; inside an outer one it would last until that one ends.
    if (nested) await sendWithNext(tx, SORTING, ['on']);
    return result;
  });
}
