import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SubjectSelector } from './subject-selector';

/**
 * One entry of a body's management list in a cycle (diện … quản lý): the titles or collectives of a
 * kind within a scope that the body manages, written as a delegation row's selector.
 */
@Entity('management_list')
@Index('management_list_body_idx', ['cycleId', 'bodyId'])
export class ManagementList extends SubjectSelector {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('management_list_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'cycle_id', type: 'bigint' })
  cycleId: string;

  @Column({ name: 'body_id', type: 'bigint' })
  bodyId: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
