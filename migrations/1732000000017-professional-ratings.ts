import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

const LEVELS = `('EXCELLENT', 'GOOD', 'COMPLETE', 'NOT_COMPLETE')`;

/** Path of an audit event's subject, now including a unit's professional rating (later migrations add `more` cases). */
export const pathOfEntity = (e: string, withProfessional: boolean, more = '') => `CASE ${e}.entity
    WHEN 'rating' THEN (SELECT unit_path FROM rating WHERE id = ${e}.entity_id::bigint)
    WHEN 'consultation' THEN (SELECT unit_path FROM consultation WHERE id = ${e}.entity_id::bigint)
    WHEN 'review_suggestion' THEN (SELECT unit_path FROM review_suggestion WHERE id = ${e}.entity_id::bigint)
    WHEN 'complaint' THEN (SELECT unit_path FROM complaint WHERE id = ${e}.entity_id::bigint)
    ${withProfessional ? `WHEN 'professional_rating' THEN (SELECT u.path FROM professional_rating p JOIN unit u ON u.id = p.unit_id WHERE p.id = ${e}.entity_id::bigint)` : ''} ${more} END`;

/**
 * The professional rating (xếp loại chuyên môn) in a cycle of what a head leads — a leadership
 * collective, or a unit where the post has no collective: by the superior body (2023, 004 §II.5.2.1)
 * or the competent authority (2024, 000 §11(4)). A head's EXCELLENT or GOOD depends on it, so it is a
 * fact of the collective or unit, recorded once. A council and a people's committee at one level are
 * two collectives with two ratings.
 */
export class ProfessionalRatings1732000000017 implements MigrationInterface {
  name = 'ProfessionalRatings1732000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE professional_rating (
        id bigserial PRIMARY KEY,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE RESTRICT,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        collective_id bigint REFERENCES collective(id) ON DELETE RESTRICT,
        level text NOT NULL CONSTRAINT professional_rating_level CHECK (level IN ${LEVELS}),
        rated_by text NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT professional_rating_key UNIQUE NULLS NOT DISTINCT (cycle_id, unit_id, collective_id)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON professional_rating TO ${API_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE professional_rating_id_seq TO ${API_ROLE}`);
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${pathOfEntity('NEW', true)}, '/'); RETURN NEW; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${pathOfEntity('NEW', false)}, '/'); RETURN NEW; END $$`);
    await q.query(`DROP TABLE professional_rating`);
  }
}
