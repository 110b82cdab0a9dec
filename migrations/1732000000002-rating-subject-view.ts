import { MigrationInterface, QueryRunner } from 'typeorm';

/** The view as this migration made it (restored by the down() of migration 0005). */
export const RATING_SUBJECT_V1 = `
        SELECT 'PARTY_ORGANIZATION'::text AS kind, b.id AS ref_id, b.code, b.name AS label, u.id AS unit_id, u.path AS unit_path,
               u.depth AS unit_depth, u.kind AS category, NULL::bigint AS person_id
          FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.kind = 'PARTY_ORGANIZATION'
        UNION ALL
        SELECT 'LEADERSHIP_COLLECTIVE', c.id, c.code, c.name, u.id, u.path, u.depth, c.kind, NULL
          FROM collective c JOIN unit u ON u.id = c.unit_id
        UNION ALL
        SELECT 'PARTY_MEMBER', m.id, p.code, p.full_name, u.id, m.unit_path, u.depth, NULL, m.person_id
          FROM membership m JOIN unit u ON u.id = m.branch_id JOIN person p ON p.id = m.person_id
        UNION ALL
        SELECT 'LEADER', po.id, po.code, po.title, u.id, po.unit_path, u.depth, po.category, po.person_id
          FROM post po JOIN unit u ON u.id = po.unit_id`;

/**
 * The four kinds of rating subject (DOMAIN §3) as one relation with flat scope columns, so that every
 * rule of the delegation matrix becomes a predicate on kind, category and unit path.
 */
export class RatingSubjectView1732000000002 implements MigrationInterface {
  name = 'RatingSubjectView1732000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW rating_subject AS ${RATING_SUBJECT_V1}`);
    await q.query(`CREATE INDEX body_party_org_idx ON body (unit_id) WHERE kind = 'PARTY_ORGANIZATION'`);
    await q.query(`CREATE INDEX delegation_bodies_idx ON delegation USING gin (consult_body_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX delegation_bodies_idx`);
    await q.query(`DROP INDEX body_party_org_idx`);
    await q.query(`DROP VIEW rating_subject`);
  }
}
