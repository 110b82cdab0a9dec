import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A leadership collective (tập thể lãnh đạo, quản lý); its members are the posts that name it. */
@Entity('collective')
export class Collective {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('collective_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Index('collective_body_idx')
  @Column({ name: 'body_id', type: 'bigint' })
  bodyId: string;

  @Index('collective_unit_idx')
  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;
}
