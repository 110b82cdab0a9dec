import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subjects in the order of their lists, so that a page of the whole country walks indexes to its rows instead of
 * sorting 5.7 million: by kind and code (`SUBJECT_ORDER` in data/subjects.ts, as each kind's view writes it, the kind
 * its constant) — the subjects page and the overdue page (reports/overdue-country.ts) — and the members by name (the
 * people page, data/people.ts). The country's administrator waited 2.8 s, 15 s (the statement timeout) and 1.5 s for
 * a first page. A scope smaller than the country does not walk them: member codes follow the provinces, so a
 * province's members are not dense in that order.
 */
export class WholeCountryPageOrder1732000000046 implements MigrationInterface {
  name = 'WholeCountryPageOrder1732000000046';

  async up(q: QueryRunner): Promise<void> {
    // A national database indexes 5.6 M rows here: past the pool's statement timeout (15 s).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX membership_subject_order_idx ON membership ((('PARTY_MEMBER ' || person_code) COLLATE "C"), id)`);
    await q.query(`CREATE INDEX membership_name_order_idx ON membership (person_name, person_id)`);
    await q.query(`CREATE INDEX post_subject_order_idx ON post ((('LEADER ' || code) COLLATE "C"), id)`);
    await q.query(
      `CREATE INDEX body_subject_order_idx ON body ((('PARTY_ORGANIZATION ' || code) COLLATE "C"), id) WHERE kind = 'PARTY_ORGANIZATION'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX body_subject_order_idx`);
    await q.query(`DROP INDEX post_subject_order_idx`);
    await q.query(`DROP INDEX membership_name_order_idx`);
    await q.query(`DROP INDEX membership_subject_order_idx`);
  }
}
