import type { SplitItemKind } from '../model/kinds';
/**
 * The dataset file format (docs/dataset-format.md). Everything is keyed by stable codes, so a file
 * can be re-imported to update what it describes; nothing in it names a database id.
 */
export interface DatasetFile {
  version: 1;
  units?: UnitRecord[];
  bodies?: BodyRecord[];
  collectives?: CollectiveRecord[];
  people?: PersonRecord[];
  memberships?: MembershipRecord[];
  posts?: PostRecord[];
  seats?: SeatRecord[];
  cycles?: CycleRecord[];
  managementLists?: ManagementListRecord[];
  delegations?: DelegationRecord[];
  ruleParameters?: RuleParametersRecord[];
  /** Reorganizations with their day and decision (004 §II.7.11), applied in order after the rest of the file. */
  reorganizations?: ReorganizationRecord[];
}

export const REORGANIZATION_OPERATIONS = ['TRANSFER', 'RENAME', 'DISSOLVE', 'MERGE', 'SPLIT'] as const;
export interface ReorganizationRecord {
  operation: (typeof REORGANIZATION_OPERATIONS)[number];
  /** TRANSFER, RENAME, DISSOLVE, SPLIT: the unit. */
  unit?: string;
  /** TRANSFER: the new parent's code. */
  newParent?: string;
  /** RENAME: the new name. */
  name?: string;
  /** MERGE: the units merged… */
  units?: string[];
  /** …into an existing unit… */
  into?: string;
  /** …or into one the merger founds. */
  newUnit?: NewUnitRecord;
  /** SPLIT: the parts (one with the unit's own code is the unit going on) and where what it holds goes. */
  parts?: NewUnitRecord[];
  assign?: { kind: SplitItemKind; code: string; to: string }[];
  effectiveOn: string;
  decisionRef: string;
}

/** A unit a merger or a split founds (kind and parent default to those of the units it is made of). */
export interface NewUnitRecord {
  code: string;
  name?: string;
  kind?: string;
  parent?: string;
}

export interface UnitRecord {
  code: string;
  name: string;
  kind: string;
  parent?: string;
  foundedOn?: string;
  dissolvedOn?: string;
}
export interface BodyRecord {
  code: string;
  name: string;
  kind: string;
  unit: string;
  parent?: string;
}
export interface CollectiveRecord {
  code: string;
  name: string;
  kind: string;
  body: string;
  unit?: string;
}
export interface PersonRecord {
  code: string;
  fullName: string;
  gender?: 'MALE' | 'FEMALE';
  birthDate?: string;
  systemRoles?: string[];
}
export interface MembershipRecord {
  person: string;
  branch: string;
  admittedOn: string;
  officialOn?: string;
  status: string;
  statusSince?: string;
  /** Works outside the political system (retired, studying, private sector): Mẫu 2C under 366-QĐ/TW. */
  outsidePoliticalSystem?: boolean;
}
export interface PostRecord {
  code: string;
  person: string;
  unit: string;
  body?: string;
  collective?: string;
  title: string;
  category: string;
  role: string;
  startsOn: string;
  endsOn?: string;
  concurrent?: boolean;
  civilServant?: boolean;
  managedBy?: string;
}
/** A seat in a committee or collective body (member of the executive, standing or branch committee): who votes there. */
export interface SeatRecord {
  body: string;
  person: string;
  startsOn: string;
  endsOn?: string;
  source?: string;
  /** Suspended from committee activity from this day, by the decision referenced (004 §II.7.16). */
  suspendedOn?: string;
  suspensionRef?: string;
}
export interface DeadlineRecord {
  tier: string;
  task: string;
  dueOn: string;
  source: string;
}
export interface CycleRecord {
  code: string;
  name: string;
  year: number;
  period: string;
  startsOn: string;
  endsOn: string;
  referenceDate: string;
  rulePack: string;
  locality?: string;
  /** The cycle this one is part of: a quarter's year, a year's term (366-QĐ/TW Art. 1, 15). */
  partOf?: string;
  deadlines?: DeadlineRecord[];
}
export interface SubjectSelectorRecord {
  kind: string;
  categories?: string[];
  scope: string;
  within?: string;
}
/** One entry of a body's management list for a cycle (diện … quản lý): the titles or collectives it manages. */
export interface ManagementListRecord {
  code: string;
  cycle: string;
  body: string;
  subject: SubjectSelectorRecord;
  source: string;
  note?: string;
}
/** A delegation row's selector: the subjects it covers, narrowed to a management list and with exceptions. */
export interface DelegationSubjectRecord extends SubjectSelectorRecord {
  /** Only subjects on this body's management list in the row's cycle. */
  listedBy?: string;
  except?: { categories?: string[]; listedBy?: string; seats?: string[] };
  /** Leaders and members: holders of one of these seats in a committee of the row's scope unit (EXECUTIVE, STANDING, BRANCH_COMMITTEE). */
  seats?: string[];
}
export interface DelegationRecord {
  code: string;
  cycle: string;
  delegator?: string;
  delegate: string;
  delegateOffice?: string;
  power: string;
  subject: DelegationSubjectRecord;
  consult?: string[];
  compiler?: string;
  source: string;
  note?: string;
}

/** Rule parameters a locality sets for a cycle, over the cycle's rule pack (applies to the unit's subtree). */
export interface RuleParametersRecord {
  cycle: string;
  unit: string;
  source: string;
  /** The pack in force in the unit's subtree for the cycle, instead of the cycle's (a district under its province's guidance). */
  pack?: string;
  quota?: { ratio?: number; smallGroupThreshold?: number; smallGroupComparison?: '<' | '<='; smallGroupRequiresAllGood?: boolean };
  eligibilityMonths?: number;
  /** Whether a head transferred in and unconnected escapes the head cap (004 §II.7.15 has the exception, 003 §4.4 does not). */
  headTransferredInException?: boolean;
  /** Any parameter of the cycle's pack by its path (docs/rules.md lists them with their status and source). */
  set?: Record<string, number | boolean | string>;
}

/** One thing wrong with a file, at a JSON path such as `posts[12].collective`. */
export interface DatasetProblem {
  path: string;
  message: string;
}

export interface ImportCounts {
  units: number;
  bodies: number;
  collectives: number;
  people: number;
  memberships: number;
  posts: number;
  seats: number;
  cycles: number;
  deadlines: number;
  managementLists: number;
  delegations: number;
  ruleParameters: number;
}
