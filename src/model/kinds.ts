/** The vocabularies of the domain (DOMAIN.md §1–§3), shared by the schema, the importer and the rules. */

/** PARTY_COMMITTEE: a party committee above the grassroots without a territory (đảng bộ cấp trên cơ sở: the province's agencies' or government's party committee, 2025). */
export const UNIT_KINDS = [
  'NATION',
  'PROVINCE',
  'CITY',
  'DISTRICT',
  'TOWN',
  'COMMUNE',
  'WARD',
  'TOWNSHIP',
  'AGENCY',
  'PUBLIC_UNIT',
  'ENTERPRISE',
  'PARTY_COMMITTEE',
  'GRASSROOTS_PARTY_ORG',
  'PARTY_SUB_COMMITTEE',
  'PARTY_BRANCH',
  'PARTY_GROUP',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Where members are held: a branch, or a grassroots org that has no branches below it (chi bộ cơ sở). */
export const MEMBERSHIP_UNIT_KINDS: readonly UnitKind[] = ['PARTY_BRANCH', 'GRASSROOTS_PARTY_ORG'];

export const BODY_KINDS = [
  'PARTY_ORGANIZATION',
  'PARTY_EXECUTIVE_COMMITTEE',
  'PARTY_STANDING_COMMITTEE',
  'BRANCH_COMMITTEE',
  'PEOPLES_COUNCIL',
  'PEOPLES_COUNCIL_STANDING',
  'PEOPLES_COUNCIL_COMMITTEE',
  'PEOPLES_COMMITTEE',
  'FATHERLAND_FRONT',
  'SOCIO_POLITICAL_ORG',
  'ORGANIZATION_COMMISSION',
  'INSPECTION_COMMISSION',
  'PROPAGANDA_COMMISSION',
  'OFFICE',
  'POLITICAL_CENTRE',
  'INTERNAL_AFFAIRS',
  'PARTY_DELEGATION',
  'PARTY_CAUCUS',
  'AGENCY_LEADERSHIP',
  'ADVISORY_BODY',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const COLLECTIVE_KINDS = [
  'PARTY_STANDING_COMMITTEE',
  'BRANCH_COMMITTEE',
  'PEOPLES_COUNCIL_STANDING',
  'PEOPLES_COUNCIL_COMMITTEE',
  'PEOPLES_COMMITTEE_LEADERSHIP',
  'FRONT_STANDING',
  'SOCIO_POLITICAL_STANDING',
  'ADVISORY_LEADERSHIP',
  'AGENCY_LEADERSHIP',
  'PARTY_DELEGATION',
  'PARTY_CAUCUS',
] as const;
export type CollectiveKind = (typeof COLLECTIVE_KINDS)[number];

/** The government, Front and mass bodies' collectives of a level, rated and reviewed before its party organization (004 §II.4.1, §I.4.2). */
export const SAME_LEVEL_COLLECTIVES: readonly CollectiveKind[] = [
  'PEOPLES_COUNCIL_STANDING',
  'PEOPLES_COMMITTEE_LEADERSHIP',
  'FRONT_STANDING',
  'SOCIO_POLITICAL_STANDING',
];

/** The party committees' own collectives: reviewed with the party organization, after the same-level bodies. */
export const PARTY_COMMITTEE_COLLECTIVES: readonly CollectiveKind[] = ['PARTY_STANDING_COMMITTEE', 'BRANCH_COMMITTEE'];

/** The party committees (cấp ủy) a member sits on and can be suspended from (004 §II.7.16). */
export const PARTY_COMMITTEE_BODIES: readonly BodyKind[] = ['PARTY_EXECUTIVE_COMMITTEE', 'PARTY_STANDING_COMMITTEE', 'BRANCH_COMMITTEE'];

export const MEMBERSHIP_STATUSES = ['OFFICIAL', 'PROBATIONARY', 'EXEMPTED', 'SUSPENDED'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const POST_ROLES = ['HEAD', 'DEPUTY', 'MEMBER'] as const;
export type PostRole = (typeof POST_ROLES)[number];

/** The four kinds of rating subject; the quota counts within one kind (DOMAIN §8). */
export const SUBJECT_KINDS = ['PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE', 'PARTY_MEMBER', 'LEADER'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const isSubjectKind = (v: string): v is SubjectKind => (SUBJECT_KINDS as readonly string[]).includes(v);

/** How far below its scope unit a delegation row reaches. */
export const SCOPE_MODES = ['SELF', 'CHILDREN', 'SUBTREE', 'BELOW'] as const;
export type ScopeMode = (typeof SCOPE_MODES)[number];

export const POWERS = ['DECIDE', 'PROPOSE'] as const;
export type Power = (typeof POWERS)[number];

/** Tiers of the tree that deadlines are set for (DOMAIN §4). */
export const TIERS = ['CENTRAL', 'PROVINCE', 'DISTRICT', 'GRASSROOTS', 'BRANCH'] as const;
export type Tier = (typeof TIERS)[number];

export const PERIODS = ['YEAR', 'QUARTER', 'TERM', 'AD_HOC'] as const;

/** A seat in a party committee: standing, executive, or a branch committee (migration 0022). */
export const SEATS = ['EXECUTIVE', 'STANDING', 'BRANCH_COMMITTEE'] as const;
export type Period = (typeof PERIODS)[number];

export const SYSTEM_ROLES = ['ADMIN'] as const;

export function tierOfUnitKind(kind: UnitKind): Tier {
  switch (kind) {
    case 'NATION':
      return 'CENTRAL';
    case 'PROVINCE':
      return 'PROVINCE';
    case 'CITY':
    case 'DISTRICT':
    case 'TOWN':
    case 'PARTY_COMMITTEE':
      return 'DISTRICT';
    case 'PARTY_BRANCH':
    case 'PARTY_GROUP':
      return 'BRANCH';
    default:
      return 'GRASSROOTS';
  }
}

/** The view of one kind of subject (migration 0008); `rating_subject` is their union. A query about one kind plans one branch. */
export function subjectViewOf(kind: string): string {
  switch (kind as SubjectKind) {
    case 'PARTY_ORGANIZATION':
      return 'subject_party_organization';
    case 'LEADERSHIP_COLLECTIVE':
      return 'subject_leadership_collective';
    case 'PARTY_MEMBER':
      return 'subject_party_member';
    case 'LEADER':
      return 'subject_leader';
    default:
      throw new Error(`no subject kind ${kind}`);
  }
}

/** What a split gives to a part (004 §II.7.11): a member (person code), a post held on the day, a unit below, a body with its collectives. */
export const SPLIT_ITEM_KINDS = ['MEMBER', 'POST', 'UNIT', 'BODY'] as const;
export type SplitItemKind = (typeof SPLIT_ITEM_KINDS)[number];
