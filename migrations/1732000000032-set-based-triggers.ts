import { MigrationInterface, QueryRunner } from 'typeorm';
import { applyMoves, side } from './1732000000008-subject-tally';

/**
 * The rows of an UPDATE of rating whose stage, level or annulment changed, as the new (`new_rows`) or the old side:
 * only these move counts of the tally. EXCEPT ALL compares the two sides by hashing; a join of the transition tables,
 * which have no statistics, was planned as a nested loop (minutes for 165,000 rows).
 */
export const CHANGED = (side: 'new_rows' | 'old_rows') => {
  const columns = 'cycle_id, subject_kind, subject_ref_id, stage, decided_level, annulled_at';
  const other = side === 'new_rows' ? 'old_rows' : 'new_rows';
  return `(SELECT ${columns} FROM ${side} EXCEPT ALL SELECT ${columns} FROM ${other})`;
};

/** The ancestors of the paths of the people among `ids` (a query of person ids), in one statement rather than a call per person. */
const setScope = (ids: string) => `
  UPDATE person p SET scope_ancestors = x.anc
    FROM (SELECT ids.person_id, COALESCE(array_agg(DISTINCT a ORDER BY a) FILTER (WHERE a IS NOT NULL), '{}') AS anc
            FROM (${ids}) ids
            LEFT JOIN LATERAL (SELECT m.unit_path FROM membership m WHERE m.person_id = ids.person_id
                               UNION ALL SELECT po.unit_path FROM post po WHERE po.person_id = ids.person_id) y ON true
            LEFT JOIN LATERAL unnest(path_ancestors(y.unit_path)) a ON true
           GROUP BY ids.person_id) x
   WHERE p.id = x.person_id AND p.scope_ancestors IS DISTINCT FROM x.anc`;

const PERSON_SCOPE = {
  inserted: 'SELECT person_id FROM new_rows',
  deleted: 'SELECT person_id FROM old_rows',
  updated: 'SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows',
};

/**
 * What a reorganization costs at national scale (a merger of two provinces moves 330,000 memberships and their
 * ratings): the person-scope triggers of migration 0009 called a function per person (31 of 34 s for 165,000
 * members moved), now one set-based statement; the tally's UPDATE trigger of migration 0008 looked up the subject
 * of every updated rating, now only of those whose stage, level or annulment changed (a rating following its
 * subject to another unit moves no count).
 */
export class SetBasedTriggers1732000000032 implements MigrationInterface {
  name = 'SetBasedTriggers1732000000032';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, ids] of Object.entries(PERSON_SCOPE))
      await q.query(`CREATE OR REPLACE FUNCTION person_scope_${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN ${setScope(ids)}; RETURN NULL; END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION subject_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${applyMoves([side(CHANGED('new_rows'), 1, 'row'), side(CHANGED('old_rows'), -1, 'row')])}; RETURN NULL; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, ids] of Object.entries(PERSON_SCOPE))
      await q.query(`CREATE OR REPLACE FUNCTION person_scope_${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN UPDATE person p SET scope_ancestors = person_scope_ancestors(p.id) WHERE p.id IN (${ids}); RETURN NULL; END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION subject_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${applyMoves([side('new_rows', 1, 'row'), side('old_rows', -1, 'row')])}; RETURN NULL; END $$`);
  }
}
