import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quota index back to the four columns the remaining readers look rows up by (a scope's flagging in
 * workflow/follow-up.ts and merged-quota-scopes.ts, the authority quotas report). Migration 0045 put the decided level
 * and the unit's path in its key so that a decision's quota check counted from the index alone; since 0051 that check
 * reads the quota tally, and no statement counts from this index. Seven columns cost every decision's update a wider
 * entry and a national generation 9.6–9.9 s of sorting for this index, four 4.2 s (20 MB against 37 MB; 2.7 million
 * decided ratings, PostgreSQL 15, one process).
 */
export class QuotaIndexAfterTally1732000000057 implements MigrationInterface {
  name = 'QuotaIndexAfterTally1732000000057';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`DROP INDEX rating_quota_idx`);
    await q.query(
      `CREATE INDEX rating_quota_idx ON rating (cycle_id, subject_kind, authority_body_id, authority_office) WHERE annulled_at IS NULL AND decided_level IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`DROP INDEX rating_quota_idx`);
    await q.query(
      `CREATE INDEX rating_quota_idx ON rating (cycle_id, subject_kind, authority_body_id, authority_office, peer_group, decided_level, unit_path)
        WHERE annulled_at IS NULL AND decided_level IS NOT NULL`,
    );
  }
}
