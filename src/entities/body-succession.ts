import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A body that ended in a merger and the body it maps onto, from a day: its quota scopes continue there (migration 0037). */
@Entity('body_succession')
@Index('body_succession_successor', ['successorId'])
export class BodySuccession extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'predecessor_id', type: 'bigint' })
  predecessorId: string;

  @Column({ name: 'successor_id', type: 'bigint' })
  successorId: string;

  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;
}
