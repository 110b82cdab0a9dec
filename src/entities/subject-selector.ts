import { Column } from 'typeorm';

/**
 * The columns that say which subjects a delegation row or a management-list entry covers (kind,
 * categories, scope unit and mode): both tables' entities extend it, so they are written once.
 */
export abstract class SubjectSelector {
  @Column({ name: 'subject_kind', type: 'text' })
  subjectKind: string;

  /** Post categories, collective kinds or unit kinds covered; empty = every subject of the kind. */
  @Column({ name: 'subject_categories', type: 'text', array: true, default: () => "'{}'" })
  subjectCategories: string[];

  @Column({ name: 'scope_unit_id', type: 'bigint' })
  scopeUnitId: string;

  /** Which units of the scope are covered: SELF, CHILDREN, SUBTREE or BELOW (subtree without the unit). */
  @Column({ name: 'scope_mode', type: 'text', default: 'SUBTREE' })
  scopeMode: 'SELF' | 'CHILDREN' | 'SUBTREE' | 'BELOW';
}
