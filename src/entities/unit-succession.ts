import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A predecessor and a successor of a merger or a split, from a day (migration 0029). */
@Entity('unit_succession')
@Index('unit_succession_predecessor', ['predecessorId', 'effectiveOn'])
@Index('unit_succession_successor', ['successorId', 'effectiveOn'])
export class UnitSuccession extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'predecessor_id', type: 'bigint' })
  predecessorId: string;

  @Column({ name: 'successor_id', type: 'bigint' })
  successorId: string;

  /** MERGE or SPLIT. */
  @Column({ type: 'text' })
  operation: string;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;
}
