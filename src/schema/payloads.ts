import { MatrixCoverageType } from './coverage-types';
import { UserErrorCodeEnum } from './enums';
import type { UserErrorCode } from '../services/refusal';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A problem with the input of a mutation; the mutation changed nothing.' })
export class UserError {
  @Field(() => UserErrorCodeEnum, { description: 'Stable code, e.g. IMPORT_INVALID, QUOTA_EXCEEDED.' }) code: UserErrorCode;
  @Field(() => [String], { description: 'Path to the offending input, e.g. ["dataset", "posts[12]", "collective"].' }) field: string[];
  @Field({ description: 'In English, or in Vietnamese where the request says Accept-Language: vi and the rule gives a Vietnamese text.' })
  message: string;
  @Field(() => String, { nullable: true, description: 'The message in Vietnamese, where the rule gives one.' }) messageVi?: string | null;
  @Field(() => String, { nullable: true, description: 'Rule id, when a rule refused the input.' }) rule: string | null;
  @Field(() => String, { nullable: true, description: 'Source clause of the rule, e.g. 004 §II.7.17.' }) source: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The figures the rule used.' }) figures: Record<string, unknown> | null;
}

@ObjectType()
export class ImportCountsType {
  @Field(() => Int) units: number;
  @Field(() => Int) bodies: number;
  @Field(() => Int) collectives: number;
  @Field(() => Int) people: number;
  @Field(() => Int) memberships: number;
  @Field(() => Int) posts: number;
  @Field(() => Int) seats: number;
  @Field(() => Int) cycles: number;
  @Field(() => Int) deadlines: number;
  @Field(() => Int) managementLists: number;
  @Field(() => Int) delegations: number;
  @Field(() => Int) ruleParameters: number;
}

@ObjectType()
export class ImportDatasetPayload {
  @Field(() => ImportCountsType, { nullable: true, description: 'Records read from the file; null when it was refused.' })
  counts: ImportCountsType | null;
  @Field({ description: 'True when the file was only checked.' }) dryRun: boolean;
  @Field(() => [MatrixCoverageType], {
    description: 'The coverage check of each cycle the file names, after the import (empty for a dry run or a replay).',
  })
  coverage: MatrixCoverageType[];
  @Field({ description: 'True when an import with the same idempotency key had already been done: nothing was imported again.' })
  replayed: boolean;
  @Field(() => [UserError]) userErrors: UserError[];
}
