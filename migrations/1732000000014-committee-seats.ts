import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/**
 * Seats in a committee or collective body (executive committee, standing committee, branch
 * committee…), with the dates held: the members who vote there (001 §V counts ballots against the
 * members convened; invitees have no vote, 000 §11(3) 4.5.2). A seat names a person and a body only;
 * the workflow reads it to check `convened`, nothing in the API lists it.
 */
export class CommitteeSeats1732000000014 implements MigrationInterface {
  name = 'CommitteeSeats1732000000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE committee_seat (
        id bigserial PRIMARY KEY,
        body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        person_id bigint NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        starts_on date NOT NULL,
        ends_on date,
        source text,
        CONSTRAINT committee_seat_key UNIQUE (body_id, person_id, starts_on),
        CONSTRAINT committee_seat_dates CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX committee_seat_person_idx ON committee_seat (person_id)`);
    await q.query(`GRANT SELECT ON committee_seat TO ${API_ROLE}`);
    // The vote on an organization's or collective's self-rating (001 §V items 1–2), beside the proposal's and the decision's.
    await q.query(`ALTER TABLE rating ADD COLUMN self_rating_ballots jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating DROP COLUMN self_rating_ballots`);
    await q.query(`DROP TABLE committee_seat`);
  }
}
