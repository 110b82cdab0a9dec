/** What a caller may do to a rating subject (DOMAIN §10–§11). */
export const ACTIONS = ['read', 'selfAssess', 'propose', 'consult', 'verify', 'decide', 'audit', 'administer'] as const;
export type Action = (typeof ACTIONS)[number];

/** The CASL subject type of everything that can be rated. */
export const SUBJECT = 'Subject';

/** A rating subject as the policies see it: the columns of the `rating_subject` view. */
export interface SubjectRecord {
  kind: string;
  refId: string;
  unitPath: string;
  unitDepth: number;
  category: string | null;
  personId: string | null;
  /** The committee seats the person holds, as `unit id:SEAT` (STANDING, EXECUTIVE, BRANCH_COMMITTEE); none for organizations and collectives. */
  seats?: string[];
}
