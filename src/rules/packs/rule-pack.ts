import { SubjectKind } from '../../model/kinds';
import { CivilServiceRule } from '../civil-service';
import type { DossierRule } from '../dossier';
import { Threshold } from '../finding';

/** One criterion of a template (Mẫu 01 / Mẫu 02); result criteria are measured by concrete products. */
export interface CriterionTemplate {
  id: string;
  title: string;
  titleVi: string;
  /** A result criterion ("kết quả thực hiện nhiệm vụ"): the standards treat it specially (DOMAIN §6). */
  result: boolean;
  /** Only for leaders (Mẫu 02 items 4–6). */
  leadersOnly?: boolean;
  /** False for an item the form records without a grade (Mẫu 02's pledge). */
  graded?: false;
  /** Points this criterion is worth, in a points pack. */
  maxPoints?: number;
}

export interface CriteriaTemplate {
  form: string;
  source: string;
  criteria: CriterionTemplate[];
  /** The form asks a civil servant to rate themself as a civil servant too (003 Mẫu 02, part VII.1), beside the party level. */
  civilServiceSelfLevel?: boolean;
}

export interface GradedScoring {
  model: 'GRADED';
}

/**
 * Point scoring and its standards (DOMAIN §16, 366-QĐ/TW Art. 11): a level needs both its band of the
 * 100-point score and the conditions on tasks; a trigger of Art. 11 makes the subject NOT_COMPLETE.
 */
export interface PointsScoring {
  model: 'POINTS';
  source: string;
  excellentMin: number;
  goodMin: number;
  completeMin: number;
  /** EXCELLENT also needs this share of tasks exceeded; GOOD needs every task on time; COMPLETE allows this share late. */
  excellentExceeded: Threshold;
  completeLateMax: Threshold;
  /** EXCELLENT needs this share of the shortcomings found at the previous review remedied. */
  shortcomingsRemedied: Threshold;
  /** Art. 11 triggers: a collective's or a leader's area done under this share of its tasks; an individual with this share not done. */
  notCompleteTasksDone: Threshold;
  notCompleteTasksUndone: Threshold;
  /** Leaders: this share of the units under them NOT_COMPLETE, or of the confidence ballots low. */
  notCompleteUnitsFailed: Threshold;
  notCompleteLowConfidence: Threshold;
  /** Only a trigger that was self-detected or due to force majeure, and remedied, may be set aside, by an override with its reason. */
  overrideOnlyMitigated: boolean;
  /** Whether a head's level stays capped by the unit's (124's clause; 366 as read here does not say). */
  headCap: boolean;
}

export interface QuotaRule {
  /** EXCELLENT may not exceed `ratio` × the GOOD pool (DOMAIN §15.1). */
  ratio: number;
  /** How `ratio` × GOOD becomes a whole number (124's texts: down; 366's do not say). */
  rounding: 'DOWN' | 'NEAREST' | 'UP';
  /** The ratio a competent level may grant a unit with outstanding results by a recorded decision (366: 25%); null where none may. */
  raisedRatio: number | null;
  raiseSource: string | null;
  /** The quota counts within the deciding authority's subjects of a kind, or within peer groups of the same position (366). */
  peerGroup: 'KIND' | 'POSITION';
  smallGroupThreshold: number;
  /** `<` in seed 004 §II.7.17 ("dưới 05"), `<=` in seed 003 §4.4 ("từ 05 … trở xuống"). */
  smallGroupComparison: '<' | '<=';
  /** 004 §II.7.17 needs 100% of the group GOOD; 003 §4.4 only that the one chosen be GOOD. */
  smallGroupRequiresAllGood: boolean;
  source: string;
  smallGroupSource: string;
}

/** Who votes, and at which rounds (001 §V; 004 §II.4). */
export interface VoteRule {
  /** Decisions, re-ratings and the self-rating of an organization or collective are secret ballots whose counts are recorded. */
  secretBallot: boolean;
  /** A party member decided above the branch is first proposed by the branch's vote; a branch that decides its members votes once. */
  memberProposalFirst: boolean;
  /** The quota holds at the proposal round too: a branch for its members, a leadership collective for its own members. */
  proposalRoundQuota: boolean;
  source: string;
  proposalSource: string;
}

/** How a head's level depends on the unit (DOMAIN §7.4): the clause that changed between 2023 and 2024. */
export interface HeadClause {
  /** An EXCELLENT head needs the unit rated EXCELLENT professionally: by the superior body (2023), by the competent authority (2024, 000 §11(4)); null: no such clause. */
  professionalRatedBy: 'SUPERIOR_BODY' | 'COMPETENT_AUTHORITY' | null;
  /** 2023 only: an EXCELLENT secretary / deputy secretary needs the party organization EXCELLENT (or an outstanding result). */
  secretaryClause: boolean;
  /** 004 §II.7.15 spares a head transferred in and unconnected with the unit's level from the cap; 003 §4.4 states the cap without it. */
  transferredInException: boolean;
  source: string;
}

/** The figures of the individual standards (004 §II.5.2), as data. */
export interface IndividualThresholds {
  excellentTargetsExceeded: Threshold;
  excellentColleagues: Threshold;
  goodColleagues: Threshold;
  completeColleagues: Threshold;
  excellentResidents: Threshold;
  goodResidents: Threshold;
  completeResidents: Threshold;
  completeCriteriaShortMax: Threshold;
  leaderExcellentAreaExceeded: Threshold;
  leaderExcellentUnitsComplete: Threshold;
  leaderExcellentUnitsGood: Threshold;
  leaderAreaDone: Threshold;
  leaderUnitsComplete: Threshold;
  notCompleteResultCriteriaFailed: Threshold;
  notCompleteLowConfidence: Threshold;
  notCompleteResidentsNegative: Threshold;
}

/** The figures of the party-organization and collective standards (004 §II.5.1). */
export interface CollectiveThresholds {
  excellentSubordinatesGood: Threshold;
  goodSubordinatesGood: Threshold;
  notCompleteTargetsDone: Threshold;
  notCompleteSubordinatesDisciplined: Threshold;
}

/** How the ratings of a cycle's parts bind its own (366-QĐ/TW Art. 15: quarterly results feed the year). */
export interface PeriodRule {
  /** A part (a quarter, a year of the term) rated NOT_COMPLETE bars EXCELLENT for the whole: a locality's rule, off unless set. */
  partNotCompleteBarsExcellent: boolean;
  source: string;
  /** The period of the cycle the pack is used for (packForPeriod): a quarter rates individuals only (Kết luận 198-KL/TW), so nothing waits for a collective. */
  period?: string;
}

/** How the review meeting and the decision are run (004 §I.4.1.1; 366-QĐ/TW Art. 12; 43-HD/BTCTW). */
export interface ProcessRule {
  /** The draft report reaches the meeting's members at least this many working days before it (0: not checked). */
  draftReportWorkingDays: number;
  draftReportSource: string;
  /** A leadership collective of fewer members is reviewed at its party organization or its agency's collective, not on its own (0: no such rule). */
  smallCollectiveMembers: number;
  smallCollectiveSource: string;
  /**
   * Where complaints or signs of disunity are recorded, the committee directly above re-verifies before the
   * decision: above the competent level that decides (ABOVE_DECIDER) or above the subject (ABOVE_SUBJECT).
   */
  reverifyOnConcern: boolean;
  reverifier: 'ABOVE_DECIDER' | 'ABOVE_SUBJECT';
  reverificationSource: string;
}

/** How sure a default is: in the seeds' signed text (TEXT), quoted by two sources (Q), reported by one (R), or unconfirmed (U). */
export type Provenance = 'TEXT' | 'Q' | 'R' | 'U';

/** A value of the pack a locality may set for a cycle by data (`ruleParameters.set`), with where its default comes from. */
export interface PackParameter {
  path: string;
  status: Provenance;
  source: string;
  meaning: string;
  note?: string;
  /** The only values a text parameter takes. */ values?: string[];
}

export interface RulePack {
  code: string;
  name: string;
  /** The texts the pack implements, in the order they apply (later amends earlier). */
  sources: string[];
  scoring: GradedScoring | PointsScoring;
  quota: QuotaRule;
  votes: VoteRule;
  eligibility: { minMonths: number; source: string; sickLeaveMonths: number };
  headClause: HeadClause;
  headCapSource: string;
  individual: IndividualThresholds;
  collective: CollectiveThresholds;
  templates: Record<SubjectKind, CriteriaTemplate>;
  /** The form of a party member working outside the political system, where it differs (366-QĐ/TW App. 5: Mẫu 2C). */
  outsidePoliticalSystemTemplate?: CriteriaTemplate;
  /** The forms of a quarter where they differ from the year's (43-HD/BTCTW Mẫu 05: the individual's quarterly self-assessment). */
  quarterTemplates?: Partial<Record<SubjectKind, CriteriaTemplate>>;
  periods: PeriodRule;
  process: ProcessRule;
  /** The dossier each kind of subject files, and the deadline task it is due by. */
  dossier: DossierRule;
  /** How a civil-service level is computed from task results where none is imported; null: only imported. */
  civilService: CivilServiceRule | null;
  /** Every value a locality may set, by its path in the pack (docs/rules.md lists them). */
  parameters: PackParameter[];
}

/** The form a subject fills in: its kind's, or for a member outside the political system the pack's form for them, where it has one. */
export function templateOf(pack: RulePack, kind: SubjectKind, outsidePoliticalSystem: boolean): CriteriaTemplate {
  return (kind === 'PARTY_MEMBER' && outsidePoliticalSystem && pack.outsidePoliticalSystemTemplate) || pack.templates[kind];
}

/** Whether the cycle rates collectives and organizations: a quarter rates individuals only (366-QĐ/TW Art. 15). */
export const collectivesRated = (pack: RulePack): boolean => pack.periods.period !== 'QUARTER';

/** The pack as a cycle of `period` uses it: a quarter fills in its own forms. */
export function packForPeriod(pack: RulePack, period: string): RulePack {
  if (period !== 'QUARTER') return pack;
  return { ...pack, templates: { ...pack.templates, ...(pack.quarterTemplates ?? {}) }, periods: { ...pack.periods, period } };
}
