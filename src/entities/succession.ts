import { Column, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A predecessor and its successor from a day, under a decision: units merged or split (migration 0029), bodies ended in a merger (0037). */
export abstract class Succession extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'predecessor_id', type: 'bigint' })
  predecessorId: string;

  @Column({ name: 'successor_id', type: 'bigint' })
  successorId: string;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;
}
