import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('person')
export class Person {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The person's code is the `sub` of their tokens. */
  @Index('person_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ type: 'text', nullable: true })
  gender: string | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  /** System roles such as ADMIN; authority to rate comes from posts, never from here. */
  @Column({ name: 'system_roles', type: 'text', array: true, default: () => "'{}'" })
  systemRoles: string[];

  /**
   * The unit paths whose people this person is (their membership's and posts' units and the ancestors), kept by
   * triggers for row-level security (migration 0009): never written by the application.
   */
  @Column({ name: 'scope_ancestors', type: 'text', array: true, default: () => "'{}'" })
  scopeAncestors: string[];
}
