import { Field, Int, ObjectType } from 'type-graphql';
import { CoverageProblemKind } from '../reports/matrix-coverage';
import { RatingSubjectType } from './authority-types';
import { CoverageProblemEnum, PowerEnum } from './enums';
import { Connection } from './pagination';

@ObjectType('CoveringRow', { description: 'A matrix row in force that covers a subject.' })
export class CoveringRowType {
  delegateBodyId: string;
  @Field() code: string;
  @Field({ description: 'The clause the row stands on.' }) source: string;
  @Field(() => PowerEnum) power: string;
  @Field(() => String, { nullable: true }) delegateOffice: string | null;
}

@ObjectType('CoverageGap', {
  description: 'A subject the matrix leaves without exactly one deciding authority, with the rows that cover it.',
})
export class CoverageGapType {
  unitId: string;
  @Field(() => RatingSubjectType) subject: RatingSubjectType;
  @Field(() => CoverageProblemEnum) problem: CoverageProblemKind;
  @Field(() => [CoveringRowType], { description: 'Rows in force covering the subject: the deciders (none, or several) and proposers.' })
  rows: CoveringRowType[];
}
export const CoverageGapConnection = Connection(CoverageGapType, 'CoverageGap');

@ObjectType('MatrixCoverage', {
  description: "Whether every subject you may audit has exactly one deciding authority in the cycle (the matrix's coverage check).",
})
export class MatrixCoverageType {
  within: string | null;
  /** The groups whose coverage is wrong, as the totals found them (reports/matrix-coverage.ts): the gaps' page reads only these. */
  wrongGroups: string;
  @Field() cycle: string;
  @Field(() => Int, { description: 'Subjects you may audit within the scope.' }) subjects: number;
  @Field(() => Int, { description: 'Subjects with exactly one deciding row in force.' }) covered: number;
  @Field(() => Int, { description: 'Subjects no row decides.' }) uncovered: number;
  @Field(() => Int, { description: 'Subjects only a proposing row reaches.' }) proposedOnly: number;
  @Field(() => Int, { description: 'Subjects with more than one deciding row in force.' }) conflicting: number;
  @Field({ description: 'No subject uncovered or conflicting.' }) get complete(): boolean {
    return this.uncovered === 0 && this.conflicting === 0;
  }
}
