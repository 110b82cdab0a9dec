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
export const seatsOf = (
  person: string,
) => `ARRAY(SELECT DISTINCT b.unit_id::text || ':' || CASE b.kind WHEN 'PARTY_STANDING_COMMITTEE' THEN 'STANDING'
         WHEN 'PARTY_EXECUTIVE_COMMITTEE' THEN 'EXECUTIVE' ELSE 'BRANCH_COMMITTEE' END
    FROM committee_seat cs JOIN body b ON b.id = cs.body_id
   WHERE cs.person_id = ${person} AND b.kind IN ('PARTY_EXECUTIVE_COMMITTEE', 'PARTY_STANDING_COMMITTEE', 'BRANCH_COMMITTEE')
     AND cs.starts_on <= current_date AND (cs.ends_on IS NULL OR cs.ends_on >= current_date))`;

/** The views of migration 0008, each with its seats last (CREATE OR REPLACE VIEW may only add columns at the end). */
export const WITH_SEATS: Record<keyof typeof SUBJECT_VIEWS, string> = {
  subject_party_organization: `SELECT 'PARTY_ORGANIZATION'::text AS kind, b.id AS ref_id, b.code, b.name AS label, u.id AS unit_id, u.path AS unit_path,
      u.depth AS unit_depth, u.kind AS category, NULL::bigint AS person_id, '{}'::text[] AS seats
    FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.kind = 'PARTY_ORGANIZATION'`,
  subject_leadership_collective: `SELECT 'LEADERSHIP_COLLECTIVE'::text AS kind, c.id AS ref_id, c.code, c.name AS label, u.id AS unit_id, u.path AS unit_path,
      u.depth AS unit_depth, c.kind AS category, NULL::bigint AS person_id, '{}'::text[] AS seats
    FROM collective c JOIN unit u ON u.id = c.unit_id`,
  subject_party_member: `SELECT 'PARTY_MEMBER'::text AS kind, m.id AS ref_id, p.code, p.full_name AS label, m.branch_id AS unit_id, m.unit_path,
      u.depth AS unit_depth, NULL::text AS category, m.person_id, ${seatsOf('m.person_id')} AS seats
    FROM membership m LEFT JOIN unit u ON u.id = m.branch_id LEFT JOIN person p ON p.id = m.person_id`,
  subject_leader: `SELECT 'LEADER'::text AS kind, po.id AS ref_id, po.code, po.title AS label, po.unit_id, po.unit_path,
      u.depth AS unit_depth, po.category, po.person_id, ${seatsOf('po.person_id')} AS seats
    FROM post po LEFT JOIN unit u ON u.id = po.unit_id`,
};

const UNION = `SELECT * FROM ${Object.keys(SUBJECT_VIEWS).join(' UNION ALL SELECT * FROM ')}`;

export class CommitteeMembership1732000000022 implements MigrationInterface {
  name = 'CommitteeMembership1732000000022';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, sql] of Object.entries(WITH_SEATS)) await q.query(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
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
