import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/**
 * Live screens across replicas (subscriptions): every change of a rating's stage, level or annulment
 * made through the API is announced on the channel `rating_events` when its transaction commits, so
 * that whichever replica holds a subscriber hears it. The payload names the rating and where it is —
 * never its content: each subscriber reads that through its own scope. Bulk loads by the owner (the
 * generator, imports) announce nothing.
 */
export class RatingAnnouncements1732000000024 implements MigrationInterface {
  name = 'RatingAnnouncements1732000000024';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION announce_rating() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('rating_events', json_build_object(
          'cycle', NEW.cycle_id::text, 'rating', NEW.id::text, 'kind', NEW.subject_kind, 'path', NEW.unit_path, 'stage', NEW.stage,
          'authority', NEW.authority_body_id::text, 'office', NEW.authority_office, 'peerGroup', NEW.peer_group)::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER rating_announce AFTER INSERT OR UPDATE OF stage, decided_level, annulled_at ON rating
        FOR EACH ROW WHEN (current_user = '${API_ROLE}') EXECUTE FUNCTION announce_rating()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER rating_announce ON rating`);
    await q.query(`DROP FUNCTION announce_rating()`);
  }
}
