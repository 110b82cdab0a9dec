import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/**
 * Which units a merger or a split made of which (004 §II.7.11; 000 §11(2)): a row per predecessor and
 * successor, from a day, under a decision. A merger's sources end that day; a split's source ends unless
 * it is one of its own parts. The day is also when the successors were "merged or split" for the 6 months
 * of 7.11 (an existing unit a merger grows keeps its foundation date).
 */
export class UnitSuccession1732000000029 implements MigrationInterface {
  name = 'UnitSuccession1732000000029';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE unit_succession (
        id bigserial PRIMARY KEY,
        predecessor_id bigint NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
        successor_id bigint NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
        operation text NOT NULL CONSTRAINT unit_succession_operation CHECK (operation IN ('MERGE', 'SPLIT')),
        effective_on date NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT unit_succession_distinct CHECK (predecessor_id <> successor_id)
      )`);
    await q.query(`CREATE INDEX unit_succession_predecessor ON unit_succession (predecessor_id, effective_on)`);
    await q.query(`CREATE INDEX unit_succession_successor ON unit_succession (successor_id, effective_on)`);
    await q.query(`GRANT SELECT ON unit_succession TO ${API_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE unit_succession`);
  }
}
