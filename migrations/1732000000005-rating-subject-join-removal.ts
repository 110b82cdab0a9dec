import { MigrationInterface, QueryRunner } from 'typeorm';
import { RATING_SUBJECT_V1 } from './1732000000002-rating-subject-view';

/** The view as this migration makes it (restored by the down() of migration 0008). */
export const RATING_SUBJECT_V2 = `
        SELECT 'PARTY_ORGANIZATION'::text AS kind, b.id AS ref_id, b.code, b.name AS label, u.id AS unit_id, u.path AS unit_path,
               u.depth AS unit_depth, u.kind AS category, NULL::bigint AS person_id
          FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.kind = 'PARTY_ORGANIZATION'
        UNION ALL
        SELECT 'LEADERSHIP_COLLECTIVE', c.id, c.code, c.name, u.id, u.path, u.depth, c.kind, NULL
          FROM collective c JOIN unit u ON u.id = c.unit_id
        UNION ALL
        SELECT 'PARTY_MEMBER', m.id, p.code, p.full_name, m.branch_id, m.unit_path, u.depth, NULL, m.person_id
          FROM membership m LEFT JOIN unit u ON u.id = m.branch_id LEFT JOIN person p ON p.id = m.person_id
        UNION ALL
        SELECT 'LEADER', po.id, po.code, po.title, po.unit_id, po.unit_path, u.depth, po.category, po.person_id
          FROM post po LEFT JOIN unit u ON u.id = po.unit_id`;

/**
 * The same view with LEFT JOINs (the foreign keys are NOT NULL, so the rows are the same): PostgreSQL
 * then drops the joins a query does not read — a count of members no longer scans all people.
 */
export class RatingSubjectJoinRemoval1732000000005 implements MigrationInterface {
  name = 'RatingSubjectJoinRemoval1732000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW rating_subject AS ${RATING_SUBJECT_V2}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW rating_subject AS ${RATING_SUBJECT_V1}`);
  }
}
