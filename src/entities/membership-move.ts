import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A membership moved to another branch by a reorganization, from a day (migration 0036; 004 §II.7.13). */
@Entity('membership_move')
@Index('membership_move_membership', ['membershipId', 'movedOn'])
export class MembershipMove extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'membership_id', type: 'bigint' })
  membershipId: string;

  @Column({ name: 'from_unit_id', type: 'bigint' })
  fromUnitId: string;

  @Column({ name: 'to_unit_id', type: 'bigint' })
  toUnitId: string;

  @Column({ name: 'moved_on', type: 'date' })
  movedOn: string;
}
