import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One event of the hash-chained audit trail (who did what to which row, before and after); append-only. */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'text' })
  occurredAt: string;

  @Column({ name: 'actor_person_id', type: 'bigint', nullable: true })
  actorPersonId: string | null;

  @Column({ name: 'acting_for_body_id', type: 'bigint', nullable: true })
  actingForBodyId: string | null;

  @Column({ name: 'delegation_id', type: 'bigint', nullable: true })
  delegationId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entity: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown | null;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown | null;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash: string;

  @Column({ type: 'text' })
  hash: string;

  @Column({ name: 'unit_path', type: 'text' })
  unitPath: string;

  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;

  /** The line of the trail the event is linked in (one of AUDIT_CHAINS, by its transaction). */
  @Column({ type: 'smallint' })
  chain: number;
}
