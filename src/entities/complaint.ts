import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A complaint against a rating (004 §II.7.8), assigned to the body that must answer it. */
@Entity('complaint')
export class Complaint {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'rating_id', type: 'bigint' })
  ratingId: string;

  @Column({ name: 'filed_by', type: 'bigint' })
  filedBy: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'assigned_body_id', type: 'bigint' })
  assignedBodyId: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'filed_at', type: 'timestamptz' })
  filedAt: Date;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'resolved_by', type: 'bigint', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'new_rating_id', type: 'bigint', nullable: true })
  newRatingId: string | null;

  @Column({ name: 'unit_path', type: 'text' })
  unitPath: string;
}
