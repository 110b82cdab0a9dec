import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A reorganization recorded ahead of its day, applied on it (migration 0038). */
@Entity('scheduled_reorganization')
@Index('scheduled_reorganization_due', ['effectiveOn'], { where: 'applied_at IS NULL' })
export class ScheduledReorganization extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  operation: string;

  /** The operation as a dataset record (docs/dataset-format.md, `reorganizations`). */
  @Column({ type: 'jsonb' })
  record: unknown;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  /** When it was applied, or found refused on its day (then `problems` lists why). */
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  problems: unknown | null;
}
