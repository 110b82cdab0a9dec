import { DataSource } from 'typeorm';
import { eventually } from './eventually';
import { rollBackAndRelease } from './runners';

interface Waiting {
  pid: number;
  written: string[];
}

/**
 * Holds the subject tally's recount lock (migration 0043) while `act` runs, and answers what each backend that came
 * to wait for it had already written (tables it held in ROW EXCLUSIVE mode): a recount that writes first and waits
 * after could deadlock with another.
 */
export async function writtenBeforeRecountLock<T>(db: DataSource, act: () => Promise<T>): Promise<{ waiting: Waiting[]; outcome: T }> {
  const holder = db.createQueryRunner();
  await holder.connect();
  try {
    await holder.startTransaction();
    await holder.query(`SELECT subject_tally_recount_begin()`);
    const acting = act();
    const waiting = await eventually(
      () =>
        db.query<Waiting[]>(
          `SELECT w.pid, COALESCE(array_agg(c.relname::text ORDER BY c.relname) FILTER (WHERE c.relname IS NOT NULL), '{}') AS written
             FROM pg_locks w JOIN pg_stat_activity a ON a.pid = w.pid
             LEFT JOIN pg_locks h ON h.pid = w.pid AND h.granted AND h.locktype = 'relation' AND h.mode = 'RowExclusiveLock'
             LEFT JOIN pg_class c ON c.oid = h.relation AND c.relkind = 'r'
            WHERE w.locktype = 'advisory' AND NOT w.granted AND a.query ~ 'subject_tally_(recount_begin|rebuild)'
            GROUP BY w.pid`,
        ),
      (rows) => rows.length > 0,
    );
    await holder.commitTransaction();
    return { waiting, outcome: await acting };
  } finally {
    await rollBackAndRelease(holder);
  }
}
