import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A recorded decision raising the EXCELLENT quota of one authority's scope (366-QĐ/TW Art. 11: up to 25%). */
@Entity('quota_raise')
export class QuotaRaise {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'authority_body_id', type: 'bigint' })
  authorityBodyId: string;

  @Column({ name: 'authority_office', type: 'text' })
  authorityOffice: string;

  @Column({ name: 'subject_kind', type: 'text' })
  subjectKind: string;

  @Column({ name: 'peer_group', type: 'text', nullable: true })
  peerGroup: string | null;

  @Column({ type: 'numeric' })
  ratio: string;

  @Column({ name: 'decision_ref', type: 'text' })
  decisionRef: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'decided_by', type: 'bigint', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;
}
