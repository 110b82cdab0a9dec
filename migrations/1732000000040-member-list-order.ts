import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The member list by name without reading a person per member: a membership keeps its person's name, as it
 * keeps its branch's path. The list sorted the people of the whole subtree to keep fifty — a commune's 1,851
 * person lookups were 2.9 of its 3.3 ms, a province's 164,949 took 617 ms — and now sorts the memberships it
 * read anyway, then reads the fifty people shown. Kept by the database alone: set whenever a membership is
 * written, followed when its person is renamed (the generator, which loads with triggers off, writes it itself).
 */
export class MemberListOrder1732000000040 implements MigrationInterface {
  name = 'MemberListOrder1732000000040';

  async up(q: QueryRunner): Promise<void> {
    // A national database writes 5.6 M rows here: past the pool's statement timeout (15 s).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE membership ADD COLUMN person_name text COLLATE "C"`);
    // Without the table's triggers: a name changes neither a person's scope nor the caller's posts (0009, 0039), and
    // the scope trigger's transition tables of every membership took minutes.
    await q.query(`ALTER TABLE membership DISABLE TRIGGER USER`);
    await q.query(`UPDATE membership m SET person_name = p.full_name FROM person p WHERE p.id = m.person_id`);
    await q.query(`ALTER TABLE membership ENABLE TRIGGER USER`);
    await q.query(`ALTER TABLE membership ALTER COLUMN person_name SET NOT NULL`);
    // Definer's rights: the writer may not see the person under row-level security, nor the memberships of a renamed one.
    await q.query(`
      CREATE FUNCTION membership_person_name() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN SELECT p.full_name INTO NEW.person_name FROM person p WHERE p.id = NEW.person_id; RETURN NEW; END $$`);
    await q.query(
      `CREATE TRIGGER membership_person_name BEFORE INSERT OR UPDATE OF person_id, person_name ON membership FOR EACH ROW EXECUTE FUNCTION membership_person_name()`,
    );
    await q.query(`
      CREATE FUNCTION person_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN UPDATE membership SET person_name = NEW.full_name WHERE person_id = NEW.id; RETURN NULL; END $$`);
    await q.query(
      `CREATE TRIGGER person_renamed AFTER UPDATE OF full_name ON person FOR EACH ROW WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name) EXECUTE FUNCTION person_renamed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER person_renamed ON person`);
    await q.query(`DROP FUNCTION person_renamed()`);
    await q.query(`DROP TRIGGER membership_person_name ON membership`);
    await q.query(`DROP FUNCTION membership_person_name()`);
    await q.query(`ALTER TABLE membership DROP COLUMN person_name`);
  }
}
