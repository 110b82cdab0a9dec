import type { Level } from '../rules';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Decided ratings by quota scope (cycle, kind, authority, office, peer group) and level, kept by a trigger on rating (migration 0051). */
// As the subject tally: its unique constraint `quota_tally_scope` (NULLS NOT DISTINCT, with the nullable office and
// peer group) is the row's identity; TypeORM needs primary columns, the non-null part of it.
@Entity('quota_tally')
export class QuotaTally {
  @PrimaryColumn({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @PrimaryColumn({ name: 'subject_kind', type: 'text' })
  subjectKind: string;

  @PrimaryColumn({ name: 'authority_body_id', type: 'bigint' })
  authorityBodyId: string;

  @Column({ name: 'authority_office', type: 'text', nullable: true })
  authorityOffice: string | null;

  @Column({ name: 'peer_group', type: 'text', nullable: true })
  peerGroup: string | null;

  @PrimaryColumn({ name: 'decided_level', type: 'text' })
  decidedLevel: Level;

  @Column({ type: 'int' })
  n: number;
}
