import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A deadline a unit met by doing something (sending dossiers, reporting upward), recorded when done: src/rules/deadlines.ts. */
@Entity('deadline_met')
export class DeadlineMet extends RecordedDecision {
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
}
