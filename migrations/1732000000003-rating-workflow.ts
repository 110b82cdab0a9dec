import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ratings through their stages, consultations, review suggestions, complaints and the hash-chained audit trail. */
export class RatingWorkflow1732000000003 implements MigrationInterface {
  name = 'RatingWorkflow1732000000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rating (
        id bigserial PRIMARY KEY,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE RESTRICT,
        subject_kind text NOT NULL,
        subject_ref_id bigint NOT NULL,
        subject_code text NOT NULL,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        unit_path text COLLATE "C" NOT NULL,
        person_id bigint REFERENCES person(id) ON DELETE RESTRICT,
        stage text NOT NULL,
        not_rated_reason text,
        facts jsonb NOT NULL DEFAULT '{}',
        self_level text,
        self_assessed_at timestamptz,
        review_held_on date,
        report_approved_at timestamptz,
        verified_at timestamptz,
        verification_note text,
        proposed_level text,
        proposal_ballots jsonb,
        ceiling text,
        findings jsonb NOT NULL DEFAULT '[]',
        decided_level text,
        decision_ballots jsonb,
        decided_at timestamptz,
        decided_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        authority_body_id bigint REFERENCES body(id) ON DELETE RESTRICT,
        authority_office text,
        delegation_id bigint REFERENCES delegation(id) ON DELETE RESTRICT,
        decision_ref text,
        override_reason text,
        published_at timestamptz,
        annulled_at timestamptz,
        annul_reason text,
        replaces_id bigint REFERENCES rating(id) ON DELETE RESTRICT,
        flagged_reason text,
        idempotency_key text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rating_levels CHECK (
          (self_level IS NULL OR self_level IN ('EXCELLENT','GOOD','COMPLETE','NOT_COMPLETE')) AND
          (proposed_level IS NULL OR proposed_level IN ('EXCELLENT','GOOD','COMPLETE','NOT_COMPLETE')) AND
          (decided_level IS NULL OR decided_level IN ('EXCELLENT','GOOD','COMPLETE','NOT_COMPLETE'))),
        CONSTRAINT rating_decided_has_authority CHECK (decided_level IS NULL OR (authority_body_id IS NOT NULL AND decided_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX rating_current_key ON rating (cycle_id, subject_kind, subject_ref_id) WHERE annulled_at IS NULL;
      CREATE UNIQUE INDEX rating_idempotency_key ON rating (idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX rating_scope_idx ON rating (cycle_id, unit_path);
      CREATE INDEX rating_quota_idx ON rating (cycle_id, subject_kind, authority_body_id, authority_office) WHERE annulled_at IS NULL AND decided_level IS NOT NULL;

      CREATE TABLE consultation (
        id bigserial PRIMARY KEY,
        rating_id bigint NOT NULL REFERENCES rating(id) ON DELETE RESTRICT,
        body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        source text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        opinion_level text,
        opinion text,
        given_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        given_at timestamptz,
        deviation_reason text,
        CONSTRAINT consultation_key UNIQUE (rating_id, body_id)
      );

      CREATE TABLE review_suggestion (
        id bigserial PRIMARY KEY,
        rating_id bigint NOT NULL REFERENCES rating(id) ON DELETE RESTRICT,
        issued_by_body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        issued_by bigint NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        text text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        answer text,
        answered_at timestamptz
      );
      CREATE INDEX review_suggestion_rating_idx ON review_suggestion (rating_id);

      CREATE TABLE complaint (
        id bigserial PRIMARY KEY,
        rating_id bigint NOT NULL REFERENCES rating(id) ON DELETE RESTRICT,
        filed_by bigint NOT NULL REFERENCES person(id) ON DELETE RESTRICT,
        text text NOT NULL,
        assigned_body_id bigint NOT NULL REFERENCES body(id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'OPEN',
        filed_at timestamptz NOT NULL DEFAULT now(),
        resolution text,
        resolved_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        resolved_at timestamptz,
        new_rating_id bigint REFERENCES rating(id) ON DELETE RESTRICT
      );

      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        occurred_at text NOT NULL,
        actor_person_id bigint,
        acting_for_body_id bigint,
        delegation_id bigint,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id);
      CREATE TABLE audit_head (one boolean PRIMARY KEY DEFAULT true CHECK (one), last_id bigint NOT NULL, hash text NOT NULL);
      INSERT INTO audit_head (last_id, hash) VALUES (0, 'GENESIS');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_head, audit_event, complaint, review_suggestion, consultation, rating`);
  }
}
