import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A suggestion for a collective's review, drafted and issued by a managing body and answered (004 §I.4.1.2). */
@Entity('review_suggestion')
export class ReviewSuggestion {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'rating_id', type: 'bigint' })
  ratingId: string;

  @Column({ name: 'issued_by_body_id', type: 'bigint', nullable: true })
  issuedByBodyId: string | null;

  @Column({ name: 'issued_by', type: 'bigint', nullable: true })
  issuedBy: string | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ name: 'unit_path', type: 'text' })
  unitPath: string;

  @Column({ name: 'drafted_by_body_id', type: 'bigint', nullable: true })
  draftedByBodyId: string | null;

  @Column({ name: 'drafted_by', type: 'bigint', nullable: true })
  draftedBy: string | null;

  @Column({ name: 'drafted_at', type: 'timestamptz', nullable: true })
  draftedAt: Date | null;
}
