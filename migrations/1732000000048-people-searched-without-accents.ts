import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People and units searched with or without diacritics (src/db/search.ts): each membership keeps its person's name folded
 * (accents and case removed: "Đậu Đức" → "dau duc"), so "nguyen" finds "Nguyễn" and a scan of a country's names
 * is a byte-wise LIKE instead of an ILIKE that folds the case of each name by the database's collation (an
 * administrator's search of the country: 2.6 s a statement, the ILIKE 2 s of it). unaccent is a trusted extension
 * (PostgreSQL ≥ 13), so a database owner may create it. `fold_name` is declared immutable to be usable in a generated
 * column: it reads unaccent's fixed dictionary by its qualified name, and plpgsql keeps its plan (an SQL wrapper,
 * which PostgreSQL cannot inline here, cost twice as much a row).
 */
export class PeopleSearchedWithoutAccents1732000000048 implements MigrationInterface {
  name = 'PeopleSearchedWithoutAccents1732000000048';

  async up(q: QueryRunner): Promise<void> {
    // Every membership is written again: longer than a request's statement (13.8 s on the national database).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`);
    await q.query(`
      CREATE FUNCTION fold_name(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
      BEGIN RETURN lower(public.unaccent('public.unaccent'::regdictionary, t) COLLATE "C"); END $$`);
    await q.query(
      `ALTER TABLE membership ADD COLUMN person_name_folded text COLLATE "C" GENERATED ALWAYS AS (fold_name(person_name)) STORED`,
    );
    // Units' names are searched the same way, through a trigram index of the folded name (0010 indexed the name as written).
    await q.query(`DROP INDEX unit_name_trgm`);
    await q.query(`CREATE INDEX unit_name_folded_trgm ON unit USING gin (fold_name(name) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX unit_name_folded_trgm`);
    await q.query(`CREATE INDEX unit_name_trgm ON unit USING gin (name gin_trgm_ops)`);
    await q.query(`ALTER TABLE membership DROP COLUMN person_name_folded`);
    await q.query(`DROP FUNCTION fold_name(text)`);
  }
}
