import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A rating cycle (a year or a period) with the rule pack that governs it. */
@Entity('cycle')
export class Cycle {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('cycle_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'text' })
  period: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  /** Eligibility ("less than 6 months") is computed at this date (DOMAIN §15.5). */
  @Column({ name: 'reference_date', type: 'date' })
  referenceDate: string;

  @Column({ name: 'rule_pack', type: 'text' })
  rulePack: string;

  /** The unit whose guidance this cycle follows (e.g. the city for 08-HD/ThU); null = nationwide. */
  @Column({ name: 'locality_id', type: 'bigint', nullable: true })
  localityId: string | null;

  /** The cycle this one is part of: a quarter's year, a year's term (366-QĐ/TW Art. 1, 15). */
  @Column({ name: 'part_of_id', type: 'bigint', nullable: true })
  partOfId: string | null;
}
