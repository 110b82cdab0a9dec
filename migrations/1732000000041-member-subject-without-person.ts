import { MigrationInterface, QueryRunner } from 'typeorm';
import { WITH_SEATS, seatsOf } from './1732000000022-committee-membership';

/** The member view of this migration; `more`: columns a later one adds at its end (CREATE OR REPLACE VIEW adds only there). */
export const memberSubject = (more = '') => `
      SELECT 'PARTY_MEMBER'::text AS kind, m.id AS ref_id, m.person_code AS code, m.person_name COLLATE "default" AS label,
             m.branch_id AS unit_id, m.unit_path, u.depth AS unit_depth, NULL::text AS category, m.person_id, ${seatsOf('m.person_id')} AS seats${more}
        FROM membership m LEFT JOIN unit u ON u.id = m.branch_id`;

/**
 * A party member's subject without reading their person: a membership keeps its person's code too, beside the name
 * (migration 0040), and the member view reads both from it. Lists of a large scope read a person per member for
 * these two columns — a province's subjects 370 of their 597 ms, its overdue page 330 of 894. Kept by the database
 * alone, as the name is: set whenever a membership is written, followed when its person's name or code changes.
 */
export class MemberSubjectWithoutPerson1732000000041 implements MigrationInterface {
  name = 'MemberSubjectWithoutPerson1732000000041';

  async up(q: QueryRunner): Promise<void> {
    // A national database writes 5.6 M rows here: past the pool's statement timeout (15 s).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE membership ADD COLUMN person_code text`);
    // Without the table's triggers, as in 0040: a code changes neither a person's scope nor the caller's posts.
    await q.query(`ALTER TABLE membership DISABLE TRIGGER USER`);
    await q.query(`UPDATE membership m SET person_code = p.code FROM person p WHERE p.id = m.person_id`);
    await q.query(`ALTER TABLE membership ENABLE TRIGGER USER`);
    await q.query(`ALTER TABLE membership ALTER COLUMN person_code SET NOT NULL`);
    await q.query(`DROP TRIGGER membership_person_name ON membership`);
    await q.query(`DROP FUNCTION membership_person_name()`);
    // Definer's rights: the writer may not see the person under row-level security, nor the memberships of a renamed one.
    await q.query(`
      CREATE FUNCTION membership_person_copy() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN SELECT p.full_name, p.code INTO NEW.person_name, NEW.person_code FROM person p WHERE p.id = NEW.person_id; RETURN NEW; END $$`);
    await q.query(
      `CREATE TRIGGER membership_person_copy BEFORE INSERT OR UPDATE OF person_id, person_name, person_code ON membership FOR EACH ROW EXECUTE FUNCTION membership_person_copy()`,
    );
    await q.query(`DROP TRIGGER person_renamed ON person`);
    await q.query(`
      CREATE OR REPLACE FUNCTION person_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN UPDATE membership SET person_name = NEW.full_name, person_code = NEW.code WHERE person_id = NEW.id; RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER person_renamed AFTER UPDATE OF full_name, code ON person FOR EACH ROW
         WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION person_renamed()`,
    );
    // The columns as they were (the label's collation included): CREATE OR REPLACE VIEW keeps the views built on it.
    await q.query(`CREATE OR REPLACE VIEW subject_party_member AS ${memberSubject()}`);
    // CREATE OR REPLACE resets a view's options: the invoker's row-level security again.
    await q.query(`ALTER VIEW subject_party_member SET (security_invoker = true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW subject_party_member AS ${WITH_SEATS.subject_party_member}`);
    await q.query(`ALTER VIEW subject_party_member SET (security_invoker = true)`);
    await q.query(`DROP TRIGGER person_renamed ON person`);
    await q.query(`
      CREATE OR REPLACE FUNCTION person_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN UPDATE membership SET person_name = NEW.full_name WHERE person_id = NEW.id; RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER person_renamed AFTER UPDATE OF full_name ON person FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION person_renamed()`,
    );
    await q.query(`DROP TRIGGER membership_person_copy ON membership`);
    await q.query(`DROP FUNCTION membership_person_copy()`);
    await q.query(`
      CREATE FUNCTION membership_person_name() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN SELECT p.full_name INTO NEW.person_name FROM person p WHERE p.id = NEW.person_id; RETURN NEW; END $$`);
    await q.query(
      `CREATE TRIGGER membership_person_name BEFORE INSERT OR UPDATE OF person_id, person_name ON membership FOR EACH ROW EXECUTE FUNCTION membership_person_name()`,
    );
    await q.query(`ALTER TABLE membership DROP COLUMN person_code`);
  }
}
