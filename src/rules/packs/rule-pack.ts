import { SubjectKind } from '../../model/kinds';
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

export interface CriteriaTemplate { form: string; source: string; criteria: CriterionTemplate[] }

export interface GradedScoring { model: 'GRADED' }

/** Point scoring (DOMAIN §16, 366-QĐ/TW): bands of a 100-point score. */
export interface PointsScoring {
  model: 'POINTS';
  source: string;
  excellentMin: number; goodMin: number; completeMin: number;
  /** EXCELLENT also needs this share of tasks exceeded; GOOD needs every task on time; COMPLETE allows this share late. */
  excellentExceeded: Threshold; completeLateMax: Threshold;
}

export interface QuotaRule {
  /** EXCELLENT may not exceed `ratio` × the GOOD pool (DOMAIN §15.1). */
  ratio: number;
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
  /** An EXCELLENT head needs the unit rated EXCELLENT professionally: by the superior body (2023), by the competent authority (2024, 000 §11(4)). */
  professionalRatedBy: 'SUPERIOR_BODY' | 'COMPETENT_AUTHORITY';
  /** 2023 only: an EXCELLENT secretary / deputy secretary needs the party organization EXCELLENT (or an outstanding result). */
  secretaryClause: boolean;
  /** 004 §II.7.15 spares a head transferred in and unconnected with the unit's level from the cap; 003 §4.4 states the cap without it. */
  transferredInException: boolean;
  source: string;
}

/** The figures of the individual standards (004 §II.5.2), as data. */
export interface IndividualThresholds {
  excellentTargetsExceeded: Threshold;
  excellentColleagues: Threshold; goodColleagues: Threshold; completeColleagues: Threshold;
  excellentResidents: Threshold; goodResidents: Threshold; completeResidents: Threshold;
  completeCriteriaShortMax: Threshold;
  leaderExcellentAreaExceeded: Threshold; leaderExcellentUnitsComplete: Threshold; leaderExcellentUnitsGood: Threshold;
  leaderAreaDone: Threshold; leaderUnitsComplete: Threshold;
  notCompleteResultCriteriaFailed: Threshold; notCompleteLowConfidence: Threshold; notCompleteResidentsNegative: Threshold;
}

/** The figures of the party-organization and collective standards (004 §II.5.1). */
export interface CollectiveThresholds {
  excellentSubordinatesGood: Threshold; goodSubordinatesGood: Threshold;
  notCompleteTargetsDone: Threshold; notCompleteSubordinatesDisciplined: Threshold;
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
}
