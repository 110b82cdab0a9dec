import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An import already run under an idempotency key, with what it wrote. */
@Entity('import_run')
export class ImportRun {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  counts: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
