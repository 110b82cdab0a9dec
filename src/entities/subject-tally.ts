import type { Level } from '../rules';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Counts of subjects by cycle, kind, unit, category, stage and level, kept by a trigger on rating (national reports). */
// The table has no primary key: its unique index `subject_tally_group` (NULLS NOT DISTINCT, with the nullable
// category and level) is the row's identity; TypeORM needs primary columns, the non-null part of it.
@Entity('subject_tally')
export class SubjectTally {
  @PrimaryColumn({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @PrimaryColumn({ type: 'text' })
  kind: string;

  @PrimaryColumn({ name: 'unit_path', type: 'text' })
  unitPath: string;

  @Column({ name: 'unit_depth', type: 'int' })
  unitDepth: number;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  @PrimaryColumn({ type: 'text' })
  stage: string;

  @Column({ type: 'text', nullable: true })
  level: Level | null;

  @Column({ type: 'int' })
  n: number;
}
