import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A deadline a unit met by doing something (sending dossiers, reporting upward), recorded when done: src/rules/deadlines.ts. */
@Entity('deadline_met')
export class DeadlineMet {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  @Column({ type: 'text' })
  task: string;

  @Column({ name: 'met_on', type: 'date' })
  metOn: string;

  @Column({ name: 'decision_ref', type: 'text', nullable: true })
  decisionRef: string | null;

  @Column({ name: 'recorded_by', type: 'bigint', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
