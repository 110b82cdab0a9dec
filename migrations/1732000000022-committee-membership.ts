import { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBJECT_VIEWS } from './1732000000008-subject-tally';
import { VIEWS } from './1732000000009-row-level-security';

/**
 * The seat a leader's holder has in the party committee of the post's level, or a member in the
 * committee of the branch (004 §II.6.2.1: "executive committee members" are rated by the standing
 * committee; §II.6.2.2(1) delegates the deputies of the advisory bodies "except executive committee
 * members"): a flat column of the subject views, so that a matrix row can select or except it and
 * the scope stays a condition on columns. Organizations and collectives have no seat. A delegation
 * row names the seats it covers and those it leaves out.
 */
/** The seat `person` holds today in a committee of `unit`: STANDING over EXECUTIVE over BRANCH_COMMITTEE; null for none. */
const seatOf = (person: string, unit: string) => `(SELECT CASE WHEN bool_or(b.kind = 'PARTY_STANDING_COMMITTEE') THEN 'STANDING'
         WHEN bool_or(b.kind = 'PARTY_EXECUTIVE_COMMITTEE') THEN 'EXECUTIVE' WHEN count(*) > 0 THEN 'BRANCH_COMMITTEE' END
    FROM committee_seat cs JOIN body b ON b.id = cs.body_id
   WHERE cs.person_id = ${person} AND b.unit_id = ${unit} AND b.kind IN ('PARTY_EXECUTIVE_COMMITTEE', 'PARTY_STANDING_COMMITTEE', 'BRANCH_COMMITTEE')
     AND cs.starts_on <= current_date AND (cs.ends_on IS NULL OR cs.ends_on >= current_date))`;

const WITH_SEAT: Record<keyof typeof SUBJECT_VIEWS, string> = {
  subject_party_organization: SUBJECT_VIEWS.subject_party_organization.replace(' NULL::bigint AS person_id', ' NULL::bigint AS person_id, NULL::text AS seat'),
  subject_leadership_collective: SUBJECT_VIEWS.subject_leadership_collective.replace(' NULL::bigint AS person_id', ' NULL::bigint AS person_id, NULL::text AS seat'),
  subject_party_member: SUBJECT_VIEWS.subject_party_member.replace(' m.person_id\n', ` m.person_id, ${seatOf('m.person_id', 'm.branch_id')} AS seat\n`),
  subject_leader: SUBJECT_VIEWS.subject_leader.replace(' po.person_id\n', ` po.person_id, ${seatOf('po.person_id', 'po.unit_id')} AS seat\n`),
};

const UNION = `SELECT * FROM ${Object.keys(SUBJECT_VIEWS).join(' UNION ALL SELECT * FROM ')}`;

export class CommitteeMembership1732000000022 implements MigrationInterface {
  name = 'CommitteeMembership1732000000022';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, sql] of Object.entries(WITH_SEAT)) {
      if (!sql.includes(' AS seat')) throw new Error(`the view ${name} was not extended`);
      await q.query(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
    }
    await q.query(`CREATE OR REPLACE VIEW rating_subject AS ${UNION}`);
    // CREATE OR REPLACE resets a view's options: the invoker's row-level security again.
    for (const v of VIEWS) await q.query(`ALTER VIEW ${v} SET (security_invoker = true)`);
    await q.query(`CREATE INDEX committee_seat_body_person_idx ON committee_seat (person_id, body_id)`);
    await q.query(`
      ALTER TABLE delegation
        ADD COLUMN subject_seats text[] NOT NULL DEFAULT '{}' CONSTRAINT delegation_subject_seats CHECK (subject_seats <@ ARRAY['EXECUTIVE', 'STANDING', 'BRANCH_COMMITTEE']),
        ADD COLUMN except_seats text[] NOT NULL DEFAULT '{}' CONSTRAINT delegation_except_seats CHECK (except_seats <@ ARRAY['EXECUTIVE', 'STANDING', 'BRANCH_COMMITTEE'])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delegation DROP COLUMN subject_seats, DROP COLUMN except_seats`);
    await q.query(`DROP INDEX committee_seat_body_person_idx`);
    // The views keep their seat column: CREATE OR REPLACE cannot remove it, and dropping them would drop the
    // report views built on them. Nothing before this migration reads it.
  }
}
