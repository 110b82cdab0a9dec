import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A seat in a committee or collective body: a member who votes there, from one date to another. */
@Entity('committee_seat')
@Unique('committee_seat_key', ['bodyId', 'personId', 'startsOn'])
export class CommitteeSeat {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'body_id', type: 'bigint' })
  bodyId: string;

  @Index('committee_seat_person_idx')
  @Column({ name: 'person_id', type: 'bigint' })
  personId: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  /** Suspended from committee activity from this day (004 §II.7.16): the seat neither votes nor is reviewed in the committee. */
  @Column({ name: 'suspended_on', type: 'date', nullable: true })
  suspendedOn: string | null;

  @Column({ name: 'suspension_ref', type: 'text', nullable: true })
  suspensionRef: string | null;
}
