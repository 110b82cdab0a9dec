import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A deadline of a cycle for one tier of the tree and one task, with its source clause. */
@Entity('cycle_deadline')
@Index('cycle_deadline_key', ['cycleId', 'tier', 'task'], { unique: true })
export class CycleDeadline {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ type: 'text' })
  tier: string;

  @Column({ type: 'text' })
  task: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ type: 'text' })
  source: string;
}
