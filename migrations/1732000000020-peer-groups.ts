import { MigrationInterface, QueryRunner } from 'typeorm';
import { pathOfEntity } from './1732000000017-professional-ratings';
import { API_ROLE } from './1732000000009-row-level-security';

export const QUOTA_RAISE_PATH = `WHEN 'quota_raise' THEN (SELECT u.path FROM quota_raise q JOIN body b ON b.id = q.authority_body_id JOIN unit u ON u.id = b.unit_id WHERE q.id = NEW.entity_id::bigint)`;

/**
 * 366-QĐ/TW Art. 11: the quota counts within a peer group (same position, role, function and tasks),
 * and the competent level may raise it to 25% for a unit with outstanding results by a recorded
 * decision. A decided rating keeps the peer group it was counted in; a raise is one row per quota scope.
 */
export class PeerGroups1732000000020 implements MigrationInterface {
  name = 'PeerGroups1732000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating ADD COLUMN peer_group text`);
    await q.query(`
      CREATE TABLE quota_raise (
        id bigserial PRIMARY KEY,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE RESTRICT,
        authority_body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        authority_office text NOT NULL,
        subject_kind text NOT NULL,
        peer_group text,
        ratio numeric NOT NULL CHECK (ratio > 0 AND ratio <= 1),
        decision_ref text NOT NULL,
        reason text NOT NULL,
        decided_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT quota_raise_scope UNIQUE NULLS NOT DISTINCT (cycle_id, authority_body_id, authority_office, subject_kind, peer_group)
      )`);
    await q.query(`GRANT SELECT, INSERT ON quota_raise TO ${API_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE quota_raise_id_seq TO ${API_ROLE}`);
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${pathOfEntity('NEW', true, QUOTA_RAISE_PATH)}, '/'); RETURN NEW; END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${pathOfEntity('NEW', true)}, '/'); RETURN NEW; END $$`);
    await q.query(`DROP TABLE quota_raise`);
    await q.query(`ALTER TABLE rating DROP COLUMN peer_group`);
  }
}
