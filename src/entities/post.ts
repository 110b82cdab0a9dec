import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A post held by a person: a title at a unit, optionally in a body and a leadership collective. */
@Entity('post')
@Index('post_person_idx', ['personId', 'startsOn'])
export class Post {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('post_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'person_id', type: 'bigint' })
  personId: string;

  /** The holder's name, for the people page's order without a person read per post (kept by the database: migration 0052). */
  @Column({ name: 'holder_name', type: 'text', collation: 'C' })
  holderName: string;

  @Index('post_unit_idx')
  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  @Index('post_unit_path_idx')
  @Column({ name: 'unit_path', type: 'text', collation: 'C' })
  unitPath: string;

  @Index('post_body_idx')
  @Column({ name: 'body_id', type: 'bigint', nullable: true })
  bodyId: string | null;

  @Index('post_collective_idx')
  @Column({ name: 'collective_id', type: 'bigint', nullable: true })
  collectiveId: string | null;

  /** The title as written, e.g. "Phó Chủ tịch UBND phường". */
  @Column({ type: 'text' })
  title: string;

  /** A stable category for selectors, e.g. SECRETARY, VICE_CHAIR, DEPARTMENT_HEAD. */
  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  role: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'boolean', default: false })
  concurrent: boolean;

  @Column({ name: 'civil_servant', type: 'boolean', default: false })
  civilServant: boolean;

  /** The body on whose cadre-management list (diện quản lý) this post stands. */
  @Column({ name: 'managed_by_body_id', type: 'bigint', nullable: true })
  managedByBodyId: string | null;
}
