import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CeilingFacts, Level } from '../rules';
import { generatedText } from './generated-column';

/**
 * One subject's rating in a cycle, through its stages (DOMAIN §9); a re-rating annuls it and writes a new
 * row that `replaces` it. The subject is a person's membership, a post (leader) or a collective or unit.
 */
@Entity('rating')
export class Rating {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'subject_kind', type: 'text' })
  subjectKind: string;

  @Column({ name: 'subject_ref_id', type: 'bigint' })
  subjectRefId: string;

  @Column({ name: 'subject_code', type: 'text' })
  subjectCode: string;

  /** The lists' order, kind then code (migration 0049). */
  @Column(generatedText('page_key'))
  pageKey?: string;

  /** The rating's province, the first step of its path: the lists' order within it (migration 0062). */
  @Column(generatedText('province_path'))
  provincePath?: string;

  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  @Column({ name: 'unit_path', type: 'text' })
  unitPath: string;

  @Column({ name: 'person_id', type: 'bigint', nullable: true })
  personId: string | null;

  @Column({ type: 'text' })
  stage: string;

  @Column({ name: 'not_rated_reason', type: 'text', nullable: true })
  notRatedReason: string | null;

  @Column({ type: 'jsonb' })
  /** The facts a standard needs (civil-service level, discipline, ballots…), as recorded by `verifyRating`. */
  facts: Partial<CeilingFacts>;

  @Column({ name: 'self_level', type: 'text', nullable: true })
  selfLevel: Level | null;

  @Column({ name: 'self_assessed_at', type: 'timestamptz', nullable: true })
  selfAssessedAt: Date | null;

  @Column({ name: 'review_held_on', type: 'date', nullable: true })
  reviewHeldOn: string | null;

  @Column({ name: 'report_approved_at', type: 'timestamptz', nullable: true })
  reportApprovedAt: Date | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'verification_note', type: 'text', nullable: true })
  verificationNote: string | null;

  @Column({ name: 'proposed_level', type: 'text', nullable: true })
  proposedLevel: Level | null;

  @Column({ name: 'proposal_ballots', type: 'jsonb', nullable: true })
  proposalBallots: unknown | null;

  @Column({ type: 'text', nullable: true })
  ceiling: Level | null;

  @Column({ type: 'jsonb' })
  findings: unknown[];

  @Column({ name: 'decided_level', type: 'text', nullable: true })
  decidedLevel: Level | null;

  @Column({ name: 'decision_ballots', type: 'jsonb', nullable: true })
  decisionBallots: unknown | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'bigint', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'authority_body_id', type: 'bigint', nullable: true })
  authorityBodyId: string | null;

  @Column({ name: 'authority_office', type: 'text', nullable: true })
  authorityOffice: string | null;

  @Column({ name: 'delegation_id', type: 'bigint', nullable: true })
  delegationId: string | null;

  @Column({ name: 'decision_ref', type: 'text', nullable: true })
  decisionRef: string | null;

  @Column({ name: 'override_reason', type: 'text', nullable: true })
  overrideReason: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'annulled_at', type: 'timestamptz', nullable: true })
  annulledAt: Date | null;

  @Column({ name: 'annul_reason', type: 'text', nullable: true })
  annulReason: string | null;

  @Column({ name: 'replaces_id', type: 'bigint', nullable: true })
  replacesId: string | null;

  @Column({ name: 'flagged_reason', type: 'text', nullable: true })
  flaggedReason: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'int' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'quota_at_decision', type: 'jsonb', nullable: true })
  quotaAtDecision: unknown | null;

  /** The body that re-rated the subject (004 §II.7.8), on the row that replaces an annulled one. */
  @Column({ name: 'rerated_by_body_id', type: 'bigint', nullable: true })
  reRatedByBodyId: string | null;

  @Column({ name: 'self_rating_ballots', type: 'jsonb', nullable: true })
  selfRatingBallots: unknown | null;

  @Column({ name: 'not_rated_source', type: 'text', nullable: true })
  notRatedSource: string | null;

  /** The peer group the decided result is counted in (366), or null: the whole kind. */
  @Column({ name: 'peer_group', type: 'text', nullable: true })
  peerGroup: string | null;

  @Column({ name: 'draft_sent_on', type: 'date', nullable: true })
  draftSentOn: string | null;
}
