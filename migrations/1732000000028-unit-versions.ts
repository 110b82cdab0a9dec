import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/**
 * The tree through time (004 §II.7.11; 000 §11(2)): each unit's parent, name, kind and path as they were
 * from a day until the next change, never rewritten. `unit` keeps today's tree; a transfer, a rename or a
 * dissolution — through the API or an import — closes the open version and opens the next.
 */
export class UnitVersions1732000000028 implements MigrationInterface {
  name = 'UnitVersions1732000000028';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_version (
        id bigserial PRIMARY KEY,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
        valid_from date NOT NULL,
        valid_until date,
        parent_id bigint REFERENCES unit(id) ON DELETE RESTRICT,
        name text NOT NULL,
        kind text NOT NULL,
        path text COLLATE "C" NOT NULL,
        depth int NOT NULL,
        operation text NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_version_span CHECK (valid_until IS NULL OR valid_until > valid_from)
      )`);
    await q.query(`CREATE UNIQUE INDEX unit_version_open ON unit_version (unit_id) WHERE valid_until IS NULL`);
    await q.query(`CREATE INDEX unit_version_unit ON unit_version (unit_id, valid_from)`);
    await q.query(`CREATE INDEX unit_version_parent ON unit_version (parent_id, valid_from)`);
    await q.query(`
      INSERT INTO unit_version (unit_id, valid_from, valid_until, parent_id, name, kind, path, depth, operation)
      SELECT id, COALESCE(founded_on, '1900-01-01'), CASE WHEN dissolved_on > COALESCE(founded_on, '1900-01-01') THEN dissolved_on END,
             parent_id, name, kind, path, depth, 'FOUNDED'
        FROM unit`);
    await q.query(`GRANT SELECT ON unit_version TO ${API_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_version`);
  }
}
