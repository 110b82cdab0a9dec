import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last event of the audit chain and its hash: one row, updated under lock as each event is appended. */
@Entity('audit_head')
export class AuditHead {
  @PrimaryColumn({ type: 'bool' })
  one: boolean;

  @Column({ name: 'last_id', type: 'bigint' })
  lastId: string;

  @Column({ type: 'text' })
  hash: string;

  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;
}
