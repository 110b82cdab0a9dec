import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subjects in the order of their lists, so that a page of the whole country walks indexes to its rows instead of
 * sorting 5.7 million: by kind and code (`SUBJECT_ORDER` in data/subjects.ts, as each kind's view writes it, the kind
 * its constant) — the subjects page and the overdue page (reports/overdue-country.ts). The country's administrator
 * waited 2.8 s and 15 s (the statement timeout) for a first page. Only those pages order by these expressions (a scope
 * smaller than the country sorts its own: member codes follow the provinces, so its members are not dense in that
 * order). An index of the members by name, for the people page, was tried and dropped: the planner walked it for a
 * commune's member list too (a 50-row page 0.78 → 458 ms in the bench).
 */
export class WholeCountryPageOrder1732000000046 implements MigrationInterface {
  name = 'WholeCountryPageOrder1732000000046';

  async up(q: QueryRunner): Promise<void> {
    // A national database indexes 5.6 M rows here: past the pool's statement timeout (15 s).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX membership_subject_order_idx ON membership ((('PARTY_MEMBER ' || person_code) COLLATE "C"), id)`);
    await q.query(`CREATE INDEX post_subject_order_idx ON post ((('LEADER ' || code) COLLATE "C"), id)`);
    await q.query(
      `CREATE INDEX body_subject_order_idx ON body ((('PARTY_ORGANIZATION ' || code) COLLATE "C"), id) WHERE kind = 'PARTY_ORGANIZATION'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX body_subject_order_idx`);
    await q.query(`DROP INDEX post_subject_order_idx`);
    await q.query(`DROP INDEX membership_subject_order_idx`);
  }
}
