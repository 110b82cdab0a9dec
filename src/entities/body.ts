import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An organ at a unit: party committee, its standing committee, HĐND, UBND, Front, commissions... */
@Entity('body')
export class Body {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('body_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Index('body_unit_idx')
  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  /** The body this one belongs to, e.g. a standing committee inside its party committee. */
  @Index('body_parent_idx')
  @Column({ name: 'parent_body_id', type: 'bigint', nullable: true })
  parentBodyId: string | null;
}
