import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last event of one chain of the audit trail and its hash: a row a chain, updated under lock as each event is appended. */
@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn({ type: 'smallint' })
  chain: number;

  @Column({ name: 'last_id', type: 'bigint' })
  lastId: string;

  @Column({ type: 'text' })
  hash: string;

  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;
}
