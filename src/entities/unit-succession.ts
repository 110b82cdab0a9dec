import { Column, Entity, Index } from 'typeorm';
import { Succession } from './succession';

/** A predecessor and a successor of a merger or a split, from a day (migration 0029). */
@Entity('unit_succession')
@Index('unit_succession_predecessor', ['predecessorId', 'effectiveOn'])
@Index('unit_succession_successor', ['successorId', 'effectiveOn'])
export class UnitSuccession extends Succession {
  /** MERGE or SPLIT. */
  @Column({ type: 'text' })
  operation: string;
}
