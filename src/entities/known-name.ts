import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A name some membership or post keeps of its person, once, and its folded form: what a search of whole provinces matches first (migration 0053). */
@Entity('known_name')
export class KnownName {
  @PrimaryColumn({ type: 'text', collation: 'C' })
  name: string;

  @Column({ type: 'text', collation: 'C' })
  folded: string;
}
