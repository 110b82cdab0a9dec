import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two of the ratings' indexes that are only ever looked up by equality on all their leading columns, led by the column
 * that tells their rows apart rather than by the cycle: a rating's current key by its subject, a quota scope's ratings
 * by the deciding body. Led by the cycle, which every rating of a year shares, each comparison of a build's sort went
 * past it to the next columns (text among them), and the two builds were the slowest of a national generation's
 * ratings: 11.7 and 11.6 s, against 3.5 and 6.6 s so (PostgreSQL 17, one process, 4.4 M ratings, 2.7 M decided).
 * Every index on the ratings is built in the one connection that loads them, after the rows: the longest of the
 * generator's three. ON CONFLICT names the current key by its columns, in any order.
 */
export class RatingKeysLedByTheSubject1732000000063 implements MigrationInterface {
  name = 'RatingKeysLedByTheSubject1732000000063';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await this.replace(q, 'rating_current_key', 'UNIQUE', '(subject_ref_id, subject_kind, cycle_id) WHERE annulled_at IS NULL');
    await this.replace(
      q,
      'rating_quota_idx',
      '',
      '(authority_body_id, cycle_id, subject_kind, authority_office) WHERE annulled_at IS NULL AND decided_level IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await this.replace(q, 'rating_current_key', 'UNIQUE', '(cycle_id, subject_kind, subject_ref_id) WHERE annulled_at IS NULL');
    await this.replace(
      q,
      'rating_quota_idx',
      '',
      '(cycle_id, subject_kind, authority_body_id, authority_office) WHERE annulled_at IS NULL AND decided_level IS NOT NULL',
    );
  }

  /** The index built again with `definition` under its own name; the new one is built before the old goes. */
  private async replace(q: QueryRunner, name: string, unique: 'UNIQUE' | '', definition: string): Promise<void> {
    await q.query(`CREATE ${unique} INDEX ${name}_next ON rating ${definition}`);
    await q.query(`DROP INDEX ${name}`);
    await q.query(`ALTER INDEX ${name}_next RENAME TO ${name}`);
  }
}
