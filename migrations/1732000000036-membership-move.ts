import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A membership moved to another branch by a reorganization (a split's member lists, a merger), from a day under
 * a decision. The membership row holds only where the member is now; this keeps where they were, so that a
 * member who had 6 months or more of party activity there in the cycle is rated with that organization's
 * comments (004 §II.7.13).
 */
export class MembershipMove1732000000036 implements MigrationInterface {
  name = 'MembershipMove1732000000036';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE membership_move (
        id bigserial PRIMARY KEY,
        membership_id bigint NOT NULL REFERENCES membership(id) ON DELETE CASCADE,
        from_unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        to_unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        moved_on date NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT membership_move_distinct CHECK (from_unit_id <> to_unit_id)
      )`);
    await q.query(`CREATE INDEX membership_move_membership ON membership_move (membership_id, moved_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE membership_move`);
  }
}
