import type { ReportSubtree } from '../reports/subtree';
import { ArgsType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LevelCountKeyEnum, SubjectKindEnum, SubjectStageEnum } from './enums';
import { toGlobalId } from './global-id';
import { Connection } from './pagination';
import { FindingType } from './rules-types';
import { BodyType, UnitType } from './tree-types';

/* The report's GraphQL types (src/resolvers/report-resolver.ts answers them; src/reports/ holds their SQL). */

@ObjectType('LevelCount')
export class LevelCountType {
  @Field(() => SubjectKindEnum) kind: string;
  @Field(() => LevelCountKeyEnum, { description: 'A level, or NOT_RATED / PENDING for subjects without a decided level.' }) level: string;
  @Field(() => Int) count: number;
  @Field(() => Float, { description: 'Share of the decided subjects of the kind (0–1); null for NOT_RATED and PENDING.', nullable: true })
  share: number | null;
}

@ObjectType('StageCount')
export class StageCountType {
  @Field(() => SubjectKindEnum) kind: string;
  @Field(() => SubjectStageEnum, { description: 'NOT_STARTED when no rating was opened.' }) stage: string;
  @Field(() => Int) count: number;
}

@ObjectType('AuthorityQuota', {
  description:
    'Quota figures per deciding authority, from the levels as they stand (a re-rating that lowered someone can leave a scope breached).',
})
export class AuthorityQuotaType {
  bodyId: string;
  @Field(() => BodyType) authority: BodyType;
  @Field(() => String, { nullable: true }) office: string | null;
  @Field(() => SubjectKindEnum) kind: string;
  @Field(() => String, { nullable: true, description: 'The peer group counted (366: a leader’s post category), or null: the whole kind.' })
  peerGroup: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The decision that raised this scope’s quota for outstanding results (366-QĐ/TW Art. 11).',
  })
  raisedBy: string | null;
  @Field(() => Int) decided: number;
  @Field(() => Int) good: number;
  @Field(() => Int) excellent: number;
  @Field(() => Int, { nullable: true }) maxExcellent: number | null;
  @Field() breached: boolean;
}

@ObjectType('DeadlineStatus', {
  description:
    'One deadline of the cycle (tier and task) as of the report’s day, over what you may read: a subject task is met by the ratings themselves, a unit task by a record (recordDeadlineMet).',
})
export class DeadlineStatusType {
  @Field() task: string;
  @Field() tier: string;
  @Field() dueOn: string;
  @Field({ description: 'The clause that sets it.' }) source: string;
  @Field({ description: 'SUBJECT (each rating meets it) or UNIT (a unit meets it: sending dossiers, reporting upward).' }) kind: string;
  @Field({ description: 'The day has passed.' }) due: boolean;
  @Field(() => Int, { description: 'Subjects (or units) that met it.' }) met: number;
  @Field(() => Int) notMet: number;
  @Field(() => Int, { description: 'Not met, and due.' }) late: number;
}

@ArgsType()
export class ReportArgs {
  @Field() cycle: string;
  @Field(() => ID, { nullable: true }) within?: string | null;
  @Field(() => String, { nullable: true, description: 'A cycle to compare with, e.g. the previous year.' }) compareWith?: string | null;
  @Field({ description: 'Day to judge lateness from (YYYY-MM-DD).' }) asOf: string;
  @Field({
    defaultValue: false,
    description:
      'Every part within `within` — levels, stages, the authorities’ quotas, lateness and deadlines — is counted on the tree as it stood at the cycle’s reference date (units moved, merged or split since counted where they then were); true counts them on today’s tree.',
  })
  regroupOnToday: boolean;
}

@ObjectType('Report', {
  description:
    'A report page: levels, stages, quota per authority, late items and the previous cycle, in a bounded number of SQL statements; each part is computed only when asked for.',
})
export class ReportType {
  args: ReportArgs;
  within: string | null;
  withinUnit: { id: string; path: string } | null;
  /** The subtree every part counts in: as it stood on the cycle's reference date unless regrouped on today's tree. */
  subtree: ReportSubtree | null;
  @Field() cycle: string;
  @Field(() => [LevelCountType]) levels: LevelCountType[];
  @Field(() => [StageCountType]) stages: StageCountType[];
}

@ObjectType('SummaryRow', { description: 'One unit of a summary table (biểu tổng hợp).' })
export class SummaryRowType {
  unitId: string;
  @Field(() => UnitType) unit: UnitType;
  @Field(() => Int) total: number;
  @Field(() => Int) excellent: number;
  @Field(() => Int) good: number;
  @Field(() => Int) complete: number;
  @Field(() => Int) notComplete: number;
  @Field(() => Int) notRated: number;
  @Field(() => Int) pending: number;
}

@ObjectType('SummaryTable')
export class SummaryTableType {
  @Field(() => String, {
    nullable: true,
    description: 'The day of the tree the rows follow: the cycle’s reference date, or null for today’s tree (regroupOnToday).',
  })
  asOf: string | null;
  @Field(() => [SummaryRowType]) rows: SummaryRowType[];
  @Field({ description: 'The same table as CSV with Vietnamese headers (UTF-8 with BOM).' }) csv: string;
  @Field({
    description: 'The same table to download as XLSX (Vietnamese labels, number formats, a frozen header), with your bearer token.',
  })
  xlsxUrl: string;
  @Field({ description: 'The same table to download as CSV, with your bearer token.' }) csvUrl: string;
}

@ObjectType('DelegatedDecision', { description: 'A decision taken under a delegation, with its legal basis and the audit findings.' })
export class DelegatedDecisionType {
  ratingId: string;
  authorityBodyId: string;
  @Field(() => ID) get rating(): string {
    return toGlobalId('Rating', this.ratingId);
  }
  @Field(() => SubjectKindEnum) subjectKind: string;
  @Field() subjectCode: string;
  @Field() subjectLabel: string;
  @Field() decidedLevel: string;
  @Field() decidedAt: string;
  @Field(() => BodyType) authority: BodyType;
  @Field() delegationCode: string;
  @Field({ description: 'The legal basis: the clause of the delegation row.' }) delegationSource: string;
  @Field(() => String, { nullable: true }) dueOn: string | null;
  @Field(() => [FindingType]) findings: FindingType[];
}
export const DelegatedDecisionConnection = Connection(DelegatedDecisionType, 'DelegatedDecision');
