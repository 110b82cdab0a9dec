import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A node of the governance tree: province, city/district, commune/ward, agency, party org, branch... */
@Entity('unit')
export class Unit {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('unit_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Index('unit_parent_idx')
  @Column({ name: 'parent_id', type: 'bigint', nullable: true })
  parentId: string | null;

  /** Materialized path of ids, e.g. `/1/7/42/`; subtree = `path LIKE '/1/7/%'` (see README). */
  @Index('unit_path_idx')
  @Column({ type: 'text', collation: 'C' })
  path: string;

  @Column({ type: 'int' })
  depth: number;

  @Column({ name: 'founded_on', type: 'date', nullable: true })
  foundedOn: string | null;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
