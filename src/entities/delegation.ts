import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row of a delegation matrix (DOMAIN §10): who may do what to which subjects in a cycle.
 * Direct authority is a row without a delegator.
 */
@Entity('delegation')
export class Delegation {
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
  power: string;

  @Column({ name: 'subject_kind', type: 'text' })
  subjectKind: string;

  /** Post categories, collective kinds or unit kinds the row covers; empty = every subject of the kind. */
  @Column({ name: 'subject_categories', type: 'text', array: true, default: () => "'{}'" })
  subjectCategories: string[];

  @Column({ name: 'scope_unit_id', type: 'bigint' })
  scopeUnitId: string;

  /** Which units of the scope the row covers: SELF, CHILDREN, SUBTREE or BELOW (subtree without the unit). */
  @Column({ name: 'scope_mode', type: 'text', default: 'SUBTREE' })
  scopeMode: string;

  @Column({ name: 'consult_body_ids', type: 'bigint', array: true, default: () => "'{}'" })
  consultBodyIds: string[];

  @Column({ name: 'compiler_body_id', type: 'bigint', nullable: true })
  compilerBodyId: string | null;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
