import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review suggestions drafted by the advisory body and issued by the managing body (004 §I.4.1.2:
 * the organization commission drafts, the standing committee suggests). A draft has no issuer yet;
 * only issued suggestions hold the review back.
 */
export class SuggestionDrafts1732000000015 implements MigrationInterface {
  name = 'SuggestionDrafts1732000000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE review_suggestion
        ALTER COLUMN issued_by_body_id DROP NOT NULL, ALTER COLUMN issued_by DROP NOT NULL,
        ALTER COLUMN issued_at DROP NOT NULL, ALTER COLUMN issued_at DROP DEFAULT,
        ADD COLUMN drafted_by_body_id bigint REFERENCES body(id) ON DELETE RESTRICT,
        ADD COLUMN drafted_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        ADD COLUMN drafted_at timestamptz,
        ADD CONSTRAINT review_suggestion_issued CHECK ((issued_at IS NULL) = (issued_by_body_id IS NULL) AND (issued_at IS NULL) = (issued_by IS NULL)),
        ADD CONSTRAINT review_suggestion_drafted_or_issued CHECK (issued_at IS NOT NULL OR drafted_by_body_id IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM review_suggestion WHERE issued_at IS NULL`);
    await q.query(`
      ALTER TABLE review_suggestion DROP CONSTRAINT review_suggestion_drafted_or_issued, DROP CONSTRAINT review_suggestion_issued,
        DROP COLUMN drafted_at, DROP COLUMN drafted_by, DROP COLUMN drafted_by_body_id,
        ALTER COLUMN issued_at SET DEFAULT now(), ALTER COLUMN issued_at SET NOT NULL,
        ALTER COLUMN issued_by SET NOT NULL, ALTER COLUMN issued_by_body_id SET NOT NULL`);
  }
}
