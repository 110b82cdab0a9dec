import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The condition of the name-order indexes: true of every row (ids are positive), and said only by a query that walks
 * them. Without it the planner walked the country's name index for a commune's member list (sorted by the same name)
 * under row-level security, whose bounds it cannot see: 0.6 s for 51 of its 1,630 members, against 1.4 ms sorted.
 */
export const NAME_ORDER_WALKED = (alias?: string) => `${alias ? `${alias}.` : ''}person_id > 0`;

/**
 * The whole country's people page walked in its order (data/people.ts, for callers who read everyone): its members by
 * an index on the name each membership keeps (migration 0040), its post holders by the name a post now keeps of its
 * holder, kept as the membership's is. The administrator's first page sorted the country's 5.6 million memberships
 * under row-level security (1.9–2.0 s) and looked up the holder of each of the 56,712 posts to sort them by name
 * (0.3–0.5 s). A smaller scope sorts its own rows, as before: the page says when to walk (`walkInOrder`, and the
 * indexes' condition, NAME_ORDER_WALKED), so no other list is planned along them.
 */
export class PeopleInNameOrder1732000000052 implements MigrationInterface {
  name = 'PeopleInNameOrder1732000000052';

  async up(q: QueryRunner): Promise<void> {
    // A national database indexes 5.6 M memberships: past the pool's statement timeout (15 s).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX membership_name_order_idx ON membership (person_name, person_id) WHERE ${NAME_ORDER_WALKED()}`);
    await q.query(`ALTER TABLE post ADD COLUMN holder_name text COLLATE "C"`);
    // Without the table's triggers: a name changes neither a person's scope nor the caller's posts (0009, 0039).
    await q.query(`ALTER TABLE post DISABLE TRIGGER USER`);
    await q.query(`UPDATE post po SET holder_name = p.full_name FROM person p WHERE p.id = po.person_id`);
    await q.query(`ALTER TABLE post ENABLE TRIGGER USER`);
    await q.query(`ALTER TABLE post ALTER COLUMN holder_name SET NOT NULL`);
    await q.query(`CREATE INDEX post_holder_name_order_idx ON post (holder_name, person_id) WHERE ${NAME_ORDER_WALKED()}`);
    // Definer's rights, as membership_person_copy: the writer may not see the person under row-level security.
    await q.query(`
      CREATE FUNCTION post_holder_copy() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN SELECT p.full_name INTO NEW.holder_name FROM person p WHERE p.id = NEW.person_id; RETURN NEW; END $$`);
    await q.query(
      `CREATE TRIGGER post_holder_copy BEFORE INSERT OR UPDATE OF person_id, holder_name ON post FOR EACH ROW EXECUTE FUNCTION post_holder_copy()`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION person_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN
        UPDATE membership SET person_name = NEW.full_name, person_code = NEW.code WHERE person_id = NEW.id;
        -- Only for a holder of a post: an UPDATE of no row still fires the post's statement triggers.
        IF EXISTS (SELECT 1 FROM post WHERE person_id = NEW.id AND holder_name IS DISTINCT FROM NEW.full_name) THEN
          UPDATE post SET holder_name = NEW.full_name WHERE person_id = NEW.id AND holder_name IS DISTINCT FROM NEW.full_name;
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION person_renamed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN UPDATE membership SET person_name = NEW.full_name, person_code = NEW.code WHERE person_id = NEW.id; RETURN NULL; END $$`);
    await q.query(`DROP TRIGGER post_holder_copy ON post`);
    await q.query(`DROP FUNCTION post_holder_copy()`);
    await q.query(`DROP INDEX post_holder_name_order_idx`);
    await q.query(`ALTER TABLE post DROP COLUMN holder_name`);
    await q.query(`DROP INDEX membership_name_order_idx`);
  }
}
