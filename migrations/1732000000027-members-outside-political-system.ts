import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A party member who works outside the political system (a retiree, a student, in the private sector)
 * is rated under Appendix 5 of 366-QĐ/TW and fills Mẫu 2C of 43-HD/BTCTW, not 2B (DOMAIN §16): the
 * membership says which, as the organization keeps it.
 */
export class MembersOutsidePoliticalSystem1732000000027 implements MigrationInterface {
  name = 'MembersOutsidePoliticalSystem1732000000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE membership ADD COLUMN outside_political_system boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE membership DROP COLUMN outside_political_system`);
  }
}
