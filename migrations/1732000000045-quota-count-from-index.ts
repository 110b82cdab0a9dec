import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quota scope's decided levels counted from the index alone (services/workflow/quota-scope.ts `countRead`): every
 * column the count and the row-level-security policy test is in the key, so PostgreSQL reads no heap page for a row
 * on a page all visible. In the key rather than INCLUDE'd: equal keys (the members of one branch) are deduplicated,
 * and the index stays small (37 MB against 20 MB for 2.7 million decided ratings, where INCLUDE made it 271 MB).
 */
export class QuotaCountFromIndex1732000000045 implements MigrationInterface {
  name = 'QuotaCountFromIndex1732000000045';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rating_quota_idx`);
    await q.query(
      `CREATE INDEX rating_quota_idx ON rating (cycle_id, subject_kind, authority_body_id, authority_office, peer_group, decided_level, unit_path)
        WHERE annulled_at IS NULL AND decided_level IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rating_quota_idx`);
    await q.query(
      `CREATE INDEX rating_quota_idx ON rating (cycle_id, subject_kind, authority_body_id, authority_office) WHERE annulled_at IS NULL AND decided_level IS NOT NULL`,
    );
  }
}
