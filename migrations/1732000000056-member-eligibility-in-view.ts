import { MigrationInterface, QueryRunner } from 'typeorm';
import { memberSubject } from './1732000000041-member-subject-without-person';

/**
 * The member view keeps the membership's status and admission day at its end: a quota's count of eligible members
 * (DOMAIN §15.1, §15.5) tested them with a subquery reading each member's row a second time by its key — for a
 * commune of 1,851 members, 7,404 of the count's 14,438 buffer reads and 6.8–7.6 ms in all; read from the row the view
 * has already, 4.7–4.9 ms (province database, as the API's role).
 */
export class MemberEligibilityInView1732000000056 implements MigrationInterface {
  name = 'MemberEligibilityInView1732000000056';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE VIEW subject_party_member AS ${memberSubject(', m.status AS member_status, m.admitted_on AS member_admitted_on')}`,
    );
    // CREATE OR REPLACE resets a view's options: the invoker's row-level security again.
    await q.query(`ALTER VIEW subject_party_member SET (security_invoker = true)`);
  }

  async down(): Promise<void> {
    // The view keeps the two columns: CREATE OR REPLACE cannot remove them, and dropping it would drop the views built
    // on it. Nothing before this migration reads them.
  }
}
