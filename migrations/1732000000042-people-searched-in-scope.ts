import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People are searched on the rows of the caller's scope (data/people.ts): the name and code each membership keeps
 * (migrations 0040, 0041), the holders of the posts in scope. The trigram index of every person's name (0010) no
 * longer serves any query — PostgreSQL led with the scope anyway, reading a person per member — and cost 21.9 s of
 * a national load and a GIN entry for every name written.
 */
export class PeopleSearchedInScope1732000000042 implements MigrationInterface {
  name = 'PeopleSearchedInScope1732000000042';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX person_full_name_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX person_full_name_trgm ON person USING gin (full_name gin_trgm_ops)`);
  }
}
