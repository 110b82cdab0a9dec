import { MigrationInterface, QueryRunner } from 'typeorm';
import { pathOfEntity } from './1732000000017-professional-ratings';
import { API_ROLE } from './1732000000009-row-level-security';
import { QUOTA_RAISE_PATH } from './1732000000020-peer-groups';

const DEADLINE_MET_PATH = `WHEN 'deadline_met' THEN (SELECT u.path FROM deadline_met d JOIN unit u ON u.id = d.unit_id WHERE d.id = NEW.entity_id::bigint)`;

/** An audit event's path as this migration computes it, for a row `NEW` (migration 0060 reads its cases). */
export const AUDIT_EVENT_PATH = pathOfEntity('NEW', true, `${QUOTA_RAISE_PATH} ${DEADLINE_MET_PATH}`);

/**
 * The deadlines a unit meets by doing something — sending its dossiers, reporting upward (004 §III.1.4;
 * 001 §VI; 43-HD/BTCTW) — recorded when done, one row per cycle, unit and task; the deadlines the
 * ratings themselves meet need no record (src/rules/deadlines.ts).
 */
export class DeadlinesMet1732000000026 implements MigrationInterface {
  name = 'DeadlinesMet1732000000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadline_met (
        id bigserial PRIMARY KEY,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE RESTRICT,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        task text NOT NULL,
        met_on date NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deadline_met_key UNIQUE (cycle_id, unit_id, task)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON deadline_met TO ${API_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE deadline_met_id_seq TO ${API_ROLE}`);
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${AUDIT_EVENT_PATH}, '/'); RETURN NEW; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${pathOfEntity('NEW', true, QUOTA_RAISE_PATH)}, '/'); RETURN NEW; END $$`);
    await q.query(`DROP TABLE deadline_met`);
  }
}
