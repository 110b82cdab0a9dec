import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A unit as it was from a day until the next change (migration 0028): the tree through time, never rewritten. */
@Entity('unit_version')
export class UnitVersion extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  /** The first day of the next version (exclusive); null while it holds. */
  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ name: 'parent_id', type: 'bigint', nullable: true })
  parentId: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', collation: 'C' })
  path: string;

  @Column({ type: 'int' })
  depth: number;

  /** FOUNDED, TRANSFER, RENAME, DISSOLVE, or IMPORT (a file that moved or renamed it). */
  @Column({ type: 'text' })
  operation: string;
}
