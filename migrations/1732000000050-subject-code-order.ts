import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole country's subject pages (data/subjects.ts `kindPart`: the subjects page and the overdue page) walk each kind
 * by its code, the kind a constant prefix kept out of the key. Migration 0046 indexed `kind || ' ' || code`, and a
 * cursor on it could not start the walk under row-level security: `||` is not leakproof, so PostgreSQL kept the
 * cursor's comparison behind the policy, a filter, and a page deep in the country's members read the 5 million before
 * it (1.7–2.3 s for the member G05000000). On the code alone the comparison is leakproof and an index condition.
 */
export class SubjectCodeOrder1732000000050 implements MigrationInterface {
  name = 'SubjectCodeOrder1732000000050';

  async up(q: QueryRunner): Promise<void> {
    // A national database indexes 5.6 M memberships: past the pool's statement timeout (15 s).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`DROP INDEX membership_subject_order_idx`);
    await q.query(`DROP INDEX post_subject_order_idx`);
    await q.query(`DROP INDEX body_subject_order_idx`);
    await q.query(`CREATE INDEX membership_subject_order_idx ON membership (person_code COLLATE "C", id)`);
    await q.query(`CREATE INDEX post_subject_order_idx ON post (code COLLATE "C", id)`);
    await q.query(`CREATE INDEX body_subject_order_idx ON body (code COLLATE "C", id) WHERE kind = 'PARTY_ORGANIZATION'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`DROP INDEX body_subject_order_idx`);
    await q.query(`DROP INDEX post_subject_order_idx`);
    await q.query(`DROP INDEX membership_subject_order_idx`);
    await q.query(`CREATE INDEX membership_subject_order_idx ON membership ((('PARTY_MEMBER ' || person_code) COLLATE "C"), id)`);
    await q.query(`CREATE INDEX post_subject_order_idx ON post ((('LEADER ' || code) COLLATE "C"), id)`);
    await q.query(
      `CREATE INDEX body_subject_order_idx ON body ((('PARTY_ORGANIZATION ' || code) COLLATE "C"), id) WHERE kind = 'PARTY_ORGANIZATION'`,
    );
  }
}
