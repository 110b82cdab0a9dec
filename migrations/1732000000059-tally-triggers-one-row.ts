import { MigrationInterface, QueryRunner } from 'typeorm';
import { applyMoves as subjectMoves, side, SUBJECT_VIEWS } from './1732000000008-subject-tally';
import { CHANGED } from './1732000000032-set-based-triggers';
import { applyMoves as quotaMoves, COUNTED, moves, QUOTA_TALLY_COLUMNS } from './1732000000051-quota-tally';

/** The set-based bodies the one-row paths fall back to (migrations 0032, 0051), and what `down` restores. */
const SUBJECT_SET = subjectMoves([side(CHANGED('new_rows'), 1, 'row'), side(CHANGED('old_rows'), -1, 'row')]);
const QUOTA_SET = quotaMoves([moves('new_rows', 1, 'old_rows'), moves('old_rows', -1, 'new_rows')]);

/** The one row of a transition table as the subject tally sees it: its subject, and its stage and level (NOT_STARTED once annulled). */
const subjectSide = (rows: string, into: string) => `SELECT cycle_id, subject_kind AS kind, subject_ref_id AS ref,
    CASE WHEN annulled_at IS NULL THEN stage ELSE 'NOT_STARTED' END AS stage, CASE WHEN annulled_at IS NULL THEN decided_level END AS level
    INTO ${into} FROM ${rows}`;

/** A subject's group, looked up in the view of its kind only (rating_subject would start the plans of all four views). */
const subjectLookup = Object.keys(SUBJECT_VIEWS)
  .map(
    (view) => `WHEN '${view.slice('subject_'.length).toUpperCase()}' THEN
      SELECT v.unit_path, v.unit_depth, v.category INTO subject_group FROM ${view} v WHERE v.ref_id = after_row.ref;`,
  )
  .join('\n');

const SUBJECT_ONE_ROW = `
  IF (SELECT count(*) FROM new_rows) = 1 THEN
    ${subjectSide('old_rows', 'before_row')};
    ${subjectSide('new_rows', 'after_row')};
    IF (before_row.cycle_id, before_row.kind, before_row.ref) = (after_row.cycle_id, after_row.kind, after_row.ref) THEN
      IF (before_row.stage, before_row.level) IS NOT DISTINCT FROM (after_row.stage, after_row.level) THEN RETURN NULL; END IF;
      CASE after_row.kind ${subjectLookup} ELSE RETURN NULL; END CASE;
      IF FOUND THEN
        INSERT INTO subject_tally AS t (cycle_id, kind, unit_path, unit_depth, category, stage, level, n)
        SELECT after_row.cycle_id, after_row.kind, subject_group.unit_path, subject_group.unit_depth, subject_group.category, m.stage, m.level, m.d
          FROM (VALUES (before_row.stage, before_row.level, -1), (after_row.stage, after_row.level, 1)) m (stage, level, d) ORDER BY m.stage, m.level
        ON CONFLICT (cycle_id, kind, unit_path, category, stage, level) DO UPDATE SET n = t.n + EXCLUDED.n;
      END IF;
      RETURN NULL;
    END IF;
  END IF;`;

const quotaSide = (rows: string, into: string) => `SELECT ${QUOTA_TALLY_COLUMNS}, ${COUNTED} AS counted INTO ${into} FROM ${rows}`;
/** A record's quota columns, as a list of SQL values. */
const fieldsOf = (r: string) =>
  QUOTA_TALLY_COLUMNS.split(', ')
    .map((c) => `${r}.${c}`)
    .join(', ');

const QUOTA_ONE_ROW = `
  IF (SELECT count(*) FROM new_rows) = 1 THEN
    ${quotaSide('old_rows', 'before_row')};
    ${quotaSide('new_rows', 'after_row')};
    IF before_row.counted = after_row.counted
      AND (NOT after_row.counted OR (${fieldsOf('before_row')}) IS NOT DISTINCT FROM (${fieldsOf('after_row')})) THEN RETURN NULL; END IF;
    INSERT INTO quota_tally AS t (${QUOTA_TALLY_COLUMNS}, n)
    SELECT ${QUOTA_TALLY_COLUMNS}, d FROM (VALUES (${fieldsOf('before_row')}, -1, before_row.counted), (${fieldsOf('after_row')}, 1, after_row.counted)) m (${QUOTA_TALLY_COLUMNS}, d, counted)
     WHERE m.counted ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ON CONSTRAINT quota_tally_scope DO UPDATE SET n = t.n + EXCLUDED.n;
    RETURN NULL;
  END IF;`;

/**
 * The tallies' UPDATE triggers with a path for a statement of one row, the API's every step: a decision's UPDATE took
 * 0.50–0.55 ms with its triggers, 0.20 ms of it the subject tally's (its EXCEPT ALL hashed, and the plans of the four
 * subject views started, for one row of one kind) and 0.12 ms the quota tally's; 0.26 ms with these (medians of 25, the
 * national database, docs/performance.md "session 51"). One row compares its two sides in PL/pgSQL and looks its
 * subject up in its kind's view; a statement of many rows (an import, a reorganization) keeps the set-based body, whose
 * moves the one-row path gives the same (a subject or cycle changed takes the set-based body).
 */
export class TallyTriggersOneRow1732000000059 implements MigrationInterface {
  name = 'TallyTriggersOneRow1732000000059';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION subject_tally_on_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE before_row record; after_row record; subject_group record;
      BEGIN ${SUBJECT_ONE_ROW} ${SUBJECT_SET}; RETURN NULL; END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION quota_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE before_row record; after_row record;
      BEGIN ${QUOTA_ONE_ROW} ${QUOTA_SET}; RETURN NULL; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION subject_tally_on_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN ${SUBJECT_SET}; RETURN NULL; END $$`);
    await q.query(
      `CREATE OR REPLACE FUNCTION quota_tally_on_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${QUOTA_SET}; RETURN NULL; END $$`,
    );
  }
}
