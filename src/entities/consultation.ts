import type { Level } from '../rules';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A body's opinion on a rating: a consultation the matrix requires, or the Art. 12 re-verification (366-QĐ/TW). */
@Entity('consultation')
export class Consultation {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'rating_id', type: 'bigint' })
  ratingId: string;

  @Column({ name: 'body_id', type: 'bigint' })
  bodyId: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'opinion_level', type: 'text', nullable: true })
  opinionLevel: Level | null;

  @Column({ type: 'text', nullable: true })
  opinion: string | null;

  @Column({ name: 'given_by', type: 'bigint', nullable: true })
  givenBy: string | null;

  @Column({ name: 'given_at', type: 'timestamptz', nullable: true })
  givenAt: Date | null;

  @Column({ name: 'deviation_reason', type: 'text', nullable: true })
  deviationReason: string | null;

  @Column({ name: 'unit_path', type: 'text' })
  unitPath: string;

  @Column({ type: 'jsonb', nullable: true })
  criteria: unknown | null;

  @Column({ type: 'text' })
  purpose: string;
}
