import { EntityManager } from 'typeorm';
import { SqlParams, underPrefix } from '../db/sql-params';
import { notSettledSql, ratingDeadlineSql } from './deadline-sql';

/**
 * How many subjects the caller may read (`readSql` on `a`, parameters in `p`) are not decided by the
 * deadline of their unit's tier as of `asOf`, optionally within a subtree.
 */
export async function lateSubjects(
  em: EntityManager,
  p: SqlParams,
  readSql: string,
  cycleId: string,
  withinPath: string | null,
  asOf: string,
): Promise<number> {
  const cycle = p.add(cycleId);
  const [{ late }] = await em.query<{ late: number }[]>(
    `SELECT count(*)::int AS late FROM rating_subject a JOIN unit u ON u.id = a.unit_id
       JOIN LATERAL ${ratingDeadlineSql(cycle, 'u')} d ON TRUE
       LEFT JOIN rating r ON r.cycle_id = ${cycle} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL
      WHERE ${readSql} ${withinPath ? `AND ${underPrefix('a.unit_path', p, withinPath)}` : ''}
        AND ${notSettledSql('r')} AND d.due_on < ${p.add(asOf)}::date`,
    p.values,
  );
  return late;
}
