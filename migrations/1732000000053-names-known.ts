import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every name a membership or a post keeps of its person (migrations 0040, 0052), once, with its folded form: a search of
 * whole provinces matches the few thousand names rather than the millions of people who bear them, then walks the
 * name-order indexes (0052) for those names alone, in their order (data/people.ts). The administrator's search of the
 * country matched each of the 5.6 million members' folded names under row-level security: 2.0–2.8 s whether the name
 * was common or no one's. Names only, no person: who bears one is read through membership's and post's policies.
 * Kept by the database alone (statement triggers of the writes that bring a name); a name no one bears any longer stays
 * and matches no row. The generator, which loads with triggers off, writes the names itself.
 */
export class NamesKnown1732000000053 implements MigrationInterface {
  name = 'NamesKnown1732000000053';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE TABLE known_name (name text COLLATE "C" PRIMARY KEY, folded text COLLATE "C" NOT NULL)`);
    await q.query(
      `INSERT INTO known_name (name, folded) SELECT name, fold_name(name)
         FROM (SELECT person_name AS name FROM membership UNION SELECT holder_name FROM post) n`,
    );
    await q.query(`CREATE INDEX known_name_folded_trgm ON known_name USING gin (folded gin_trgm_ops)`);
    // Definer's rights: the writer reads only what it wrote (its transition table) and may not write the table itself.
    for (const [table, column] of [
      ['membership', 'person_name'],
      ['post', 'holder_name'],
    ]) {
      await q.query(`
        CREATE FUNCTION ${table}_name_known() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN
          INSERT INTO known_name (name, folded)
          SELECT DISTINCT n.${column}, fold_name(n.${column}) FROM new_rows n
           WHERE NOT EXISTS (SELECT 1 FROM known_name k WHERE k.name = n.${column})
          ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`);
      for (const event of ['INSERT', 'UPDATE'])
        await q.query(
          `CREATE TRIGGER ${table}_name_known_${event.toLowerCase()} AFTER ${event} ON ${table}
             REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_name_known()`,
        );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['membership', 'post']) {
      for (const event of ['insert', 'update']) await q.query(`DROP TRIGGER ${table}_name_known_${event} ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_name_known()`);
    }
    await q.query(`DROP TABLE known_name`);
  }
}
