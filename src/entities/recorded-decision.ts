import { Column } from 'typeorm';

/** The columns of a fact recorded under a decision: its number, who recorded it and when (entities extend it). */
export abstract class RecordedDecision {
  @Column({ name: 'decision_ref', type: 'text', nullable: true })
  decisionRef: string | null;

  @Column({ name: 'recorded_by', type: 'bigint', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
