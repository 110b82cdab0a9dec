import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A body that ended in a merger, mapped onto the merged-into unit's body of its kind (unit-merger.ts), from the
 * day. Its decided ratings keep the authority they were decided under; its quota scopes continue in its
 * successor's: the successor's quota counts them (DOMAIN §15.1), so that the merged scope keeps to its share.
 */
export class BodySuccession1732000000037 implements MigrationInterface {
  name = 'BodySuccession1732000000037';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE body_succession (
        id bigserial PRIMARY KEY,
        predecessor_id bigint NOT NULL REFERENCES body(id) ON DELETE CASCADE,
        successor_id bigint NOT NULL REFERENCES body(id) ON DELETE CASCADE,
        effective_on date NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT body_succession_distinct CHECK (predecessor_id <> successor_id)
      )`);
    await q.query(`CREATE INDEX body_succession_successor ON body_succession (successor_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE body_succession`);
  }
}
