import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubjectSelector } from './subject-selector';

/**
 * One row of a delegation matrix (DOMAIN §10): who may do what to which subjects in a cycle.
 * Direct authority is a row without a delegator.
 */
@Entity('delegation')
export class Delegation extends SubjectSelector {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('delegation_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Index('delegation_cycle_idx')
  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'delegator_body_id', type: 'bigint', nullable: true })
  delegatorBodyId: string | null;

  @Column({ name: 'delegate_body_id', type: 'bigint' })
  delegateBodyId: string;

  /** When the delegate is an office holder acting with a group: the post category of that office. */
  @Column({ name: 'delegate_office', type: 'text', nullable: true })
  delegateOffice: string | null;

  /** DECIDE, or PROPOSE (comment and pass upward). */
  @Column({ type: 'text' })
  power: 'DECIDE' | 'PROPOSE';

  /** When set, the row covers only subjects on this body's management list in the cycle (management_list). */
  @Column({ name: 'listed_by_body_id', type: 'bigint', nullable: true })
  listedByBodyId: string | null;

  /** Categories the row leaves out ("except …"). */
  @Column({ name: 'except_categories', type: 'text', array: true, default: () => "'{}'" })
  exceptCategories: string[];

  /** Leaders and members: the row covers holders of these seats in a committee of its scope unit (none: any). */
  @Column({ name: 'subject_seats', type: 'text', array: true, default: () => "'{}'" })
  subjectSeats: string[];

  /** Leaders and members: holders of these seats in a committee of its scope unit are left out. */
  @Column({ name: 'except_seats', type: 'text', array: true, default: () => "'{}'" })
  exceptSeats: string[];

  /** The row leaves out subjects on this body's management list. */
  @Column({ name: 'except_listed_by_body_id', type: 'bigint', nullable: true })
  exceptListedByBodyId: string | null;

  @Column({ name: 'consult_body_ids', type: 'bigint', array: true, default: () => "'{}'" })
  consultBodyIds: string[];

  @Column({ name: 'compiler_body_id', type: 'bigint', nullable: true })
  compilerBodyId: string | null;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
