import { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBJECT_VIEWS } from './1732000000008-subject-tally';
import { VIEWS } from './1732000000009-row-level-security';

/**
 * The committee seats a person holds today, each as `unit id:SEAT` (STANDING, EXECUTIVE or
 * BRANCH_COMMITTEE, by the kind of committee body and its unit), as a flat array column of the
 * subject views for leaders and members: a matrix row then says "members of the executive committee"
 * or "except members of the standing committee" of its own scope unit (004 §II.6.2.1–6.2.2(1):
 * "Thành ủy viên"; 003 §III.2: "trừ các đồng chí là UVTV Huyện ủy") and the scope stays a condition on
 * columns. Organizations and collectives hold no seats. A delegation row names the seats it covers and
 * those it leaves out.
 */
const seatsOf = (person: string) => `ARRAY(SELECT DISTINCT b.unit_id::text || ':' || CASE b.kind WHEN 'PARTY_STANDING_COMMITTEE' THEN 'STANDING'
         WHEN 'PARTY_EXECUTIVE_COMMITTEE' THEN 'EXECUTIVE' ELSE 'BRANCH_COMMITTEE' END
    FROM committee_seat cs JOIN body b ON b.id = cs.body_id
   WHERE cs.person_id = ${person} AND b.kind IN ('PARTY_EXECUTIVE_COMMITTEE', 'PARTY_STANDING_COMMITTEE', 'BRANCH_COMMITTEE')
     AND cs.starts_on <= current_date AND (cs.ends_on IS NULL OR cs.ends_on >= current_date))`;

const WITH_SEATS: Record<keyof typeof SUBJECT_VIEWS, string> = {
  subject_party_organization: SUBJECT_VIEWS.subject_party_organization.replace(' NULL::bigint AS person_id', " NULL::bigint AS person_id, '{}'::text[] AS seats"),
  subject_leadership_collective: SUBJECT_VIEWS.subject_leadership_collective.replace(' NULL::bigint AS person_id', " NULL::bigint AS person_id, '{}'::text[] AS seats"),
  subject_party_member: SUBJECT_VIEWS.subject_party_member.replace(' m.person_id\n', ` m.person_id, ${seatsOf('m.person_id')} AS seats\n`),
  subject_leader: SUBJECT_VIEWS.subject_leader.replace(' po.person_id\n', ` po.person_id, ${seatsOf('po.person_id')} AS seats\n`),
};

const UNION = `SELECT * FROM ${Object.keys(SUBJECT_VIEWS).join(' UNION ALL SELECT * FROM ')}`;

export class CommitteeMembership1732000000022 implements MigrationInterface {
  name = 'CommitteeMembership1732000000022';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, sql] of Object.entries(WITH_SEATS)) {
      if (!sql.includes(' AS seats')) throw new Error(`the view ${name} was not extended`);
      await q.query(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
    }
    await q.query(`CREATE OR REPLACE VIEW rating_subject AS ${UNION}`);
    // CREATE OR REPLACE resets a view's options: the invoker's row-level security again.
    for (const v of VIEWS) await q.query(`ALTER VIEW ${v} SET (security_invoker = true)`);
    await q.query(`
      ALTER TABLE delegation
        ADD COLUMN subject_seats text[] NOT NULL DEFAULT '{}' CONSTRAINT delegation_subject_seats CHECK (subject_seats <@ ARRAY['EXECUTIVE', 'STANDING', 'BRANCH_COMMITTEE']),
        ADD COLUMN except_seats text[] NOT NULL DEFAULT '{}' CONSTRAINT delegation_except_seats CHECK (except_seats <@ ARRAY['EXECUTIVE', 'STANDING', 'BRANCH_COMMITTEE'])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delegation DROP COLUMN subject_seats, DROP COLUMN except_seats`);
    // The views keep their seats column: CREATE OR REPLACE cannot remove it, and dropping them would drop the
    // report views built on them. Nothing before this migration reads it.
  }
}
