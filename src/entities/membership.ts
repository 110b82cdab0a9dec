import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { generatedText } from './generated-column';

/**
 * Party membership (one per person), held in a branch. `unitPath` copies the branch's path for scope predicates,
 * `personName` and `personCode` the person's name and code, for the member list's order and the member's subject
 * without a person read per member (all kept by the database: migrations 0009, 0040, 0041).
 */
@Entity('membership')
export class Membership {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('membership_person_key', { unique: true })
  @Column({ name: 'person_id', type: 'bigint' })
  personId: string;

  @Index('membership_branch_idx')
  @Column({ name: 'branch_id', type: 'bigint' })
  branchId: string;

  @Index('membership_unit_path_idx')
  @Column({ name: 'unit_path', type: 'text', collation: 'C' })
  unitPath: string;

  @Column({ name: 'person_name', type: 'text', collation: 'C' })
  personName: string;

  /** The name without accents or case, for searches (migration 0048). */
  @Column(generatedText('person_name_folded'))
  personNameFolded?: string;

  @Column({ name: 'person_code', type: 'text' })
  personCode: string;

  @Column({ name: 'admitted_on', type: 'date' })
  admittedOn: string;

  @Column({ name: 'official_on', type: 'date', nullable: true })
  officialOn: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'status_since', type: 'date', nullable: true })
  statusSince: string | null;

  /** Works outside the political system (retired, studying, private sector): Appendix 5 and Mẫu 2C under 366-QĐ/TW. */
  @Column({ name: 'outside_political_system', type: 'boolean', default: false })
  outsidePoliticalSystem: boolean;
}
