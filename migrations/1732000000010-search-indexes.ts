import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trigram indexes for the searches by part of a name (src/db/search.ts): ILIKE '%term%' over a
 * country's people is an index lookup instead of reading every name. pg_trgm is a trusted extension
 * (PostgreSQL ≥ 13), so a database owner may create it.
 */
export class SearchIndexes1732000000010 implements MigrationInterface {
  name = 'SearchIndexes1732000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX person_full_name_trgm ON person USING gin (full_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX unit_name_trgm ON unit USING gin (name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX unit_name_trgm`);
    await q.query(`DROP INDEX person_full_name_trgm`);
  }
}
