import type { Level } from '../rules';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { RecordedDecision } from './recorded-decision';

/** A unit's professional rating (xếp loại chuyên môn) in a cycle, the fact a head's rating needs (004 §II.5.2.1). */
@Entity('professional_rating')
export class ProfessionalRating extends RecordedDecision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'unit_id', type: 'bigint' })
  unitId: string;

  @Column({ name: 'collective_id', type: 'bigint', nullable: true })
  collectiveId: string | null;

  @Column({ type: 'text' })
  level: Level;

  @Column({ name: 'rated_by', type: 'text' })
  ratedBy: string;
}
