import { EntityManager } from 'typeorm';
import { PreparedStatement, sendWithNext } from './prepared-statement';

const PLANNER_SETTING = new PreparedStatement(`SELECT set_config($1, $2, true)`);

/**
 * Runs `run` with one kind of plan priced out of its statements, in a transaction of its own (a savepoint inside one
 * already open), the setting sent with the statements themselves: one round trip more than `run` alone.
 */
function withPlansOff<T>(
  setting: 'enable_sort' | 'enable_bitmapscan',
  em: EntityManager,
  run: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const nested = em.queryRunner?.isTransactionActive ?? false;
  return em.transaction(async (tx) => {
    await sendWithNext(tx, PLANNER_SETTING, [setting, 'off']);
    const result = await run(tx);
    // A transaction of its own ends the setting with it; inside an outer one it would last until that one ends.
    if (nested) await sendWithNext(tx, PLANNER_SETTING, [setting, 'on']);
    return result;
  });
}

/**
 * Without sorting: for a page whose rows are dense in an index's order. Under row-level security PostgreSQL expects
 * 0.5 % of the table (the policy's bounds are unknown when it plans) and would rather sort that share than walk the
 * index to a page.
 */
export const withoutSorting = <T>(em: EntityManager, run: (em: EntityManager) => Promise<T>) => withPlansOff('enable_sort', em, run);

/**
 * Without bitmap scans: for rows read by an `= ANY(array)` of many values. A bitmap of many rows goes lossy, and each row
 * of its pages is compared with every value again (53 s for the 729,303 members bearing one of 1,180 names); and under
 * row-level security the planner ANDs in a bitmap of the policy's range, the whole country's for an administrator.
 */
export const withoutBitmaps = <T>(em: EntityManager, run: (em: EntityManager) => Promise<T>) => withPlansOff('enable_bitmapscan', em, run);
