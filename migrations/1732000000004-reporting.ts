import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting: the quota as it stood at each decision, and views for BI tools that give the same
 * figures as the API (docs/reporting.md).
 */
export class Reporting1732000000004 implements MigrationInterface {
  name = 'Reporting1732000000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating ADD COLUMN quota_at_decision jsonb`);
    await q.query(`
      CREATE VIEW report_rating AS
        SELECT c.code AS cycle, c.year, s.kind AS subject_kind, s.code AS subject_code, s.label AS subject_label,
               s.unit_id, s.unit_path, u.code AS unit_code, u.name AS unit_name,
               (SELECT r0.code FROM unit r0 WHERE r0.id = (string_to_array(trim(both '/' from s.unit_path), '/'))[1]::bigint) AS root_code,
               COALESCE(r.stage, 'NOT_STARTED') AS stage, r.decided_level, r.not_rated_reason, r.decided_at, r.published_at,
               ab.code AS authority_code, r.authority_office, d.code AS delegation_code, d.source AS delegation_source,
               d.delegator_body_id IS NOT NULL AS delegated, r.override_reason
          FROM cycle c CROSS JOIN rating_subject s JOIN unit u ON u.id = s.unit_id
          LEFT JOIN rating r ON r.cycle_id = c.id AND r.subject_kind = s.kind AND r.subject_ref_id = s.ref_id AND r.annulled_at IS NULL
          LEFT JOIN body ab ON ab.id = r.authority_body_id
          LEFT JOIN delegation d ON d.id = r.delegation_id`);
    await q.query(`
      CREATE VIEW report_level_counts AS
        SELECT cycle, subject_kind, unit_path, stage, decided_level, count(*)::int AS subjects
          FROM report_rating GROUP BY cycle, subject_kind, unit_path, stage, decided_level`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW report_level_counts`);
    await q.query(`DROP VIEW report_rating`);
    await q.query(`ALTER TABLE rating DROP COLUMN quota_at_decision`);
  }
}
