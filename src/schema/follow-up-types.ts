import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { RatingSubjectType } from './authority-types';
import { StageEnum } from './enums';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';

@ObjectType('OverdueItem', { description: 'A subject not yet decided, against the deadline of its tier.' })
export class OverdueItemType {
  @Field(() => RatingSubjectType) subject: RatingSubjectType;
  @Field({ description: 'The deadline’s task (RATING_DONE, REVIEW_DONE, CONSULTATIONS_IN…).' }) task: string;
  @Field() tier: string;
  @Field() dueOn: string;
  @Field(() => Int, { description: 'Days past the deadline (negative: days left).' }) daysLate: number;
  @Field(() => StageEnum, { nullable: true, description: 'Null when no rating was opened yet.' }) stage: string | null;
  @Field() source: string;
}
export const OverdueConnection = Connection(OverdueItemType, 'OverdueItem');

@ObjectType('AuditEvent', { implements: Node })
export class AuditEventType implements Node {
  dbId: string;
  @Field(() => ID) get id(): string {
    return toGlobalId('AuditEvent', this.dbId);
  }
  @Field() occurredAt: string;
  @Field(() => String, { nullable: true }) actorPersonId: string | null;
  @Field(() => String, { nullable: true, description: 'The body the actor acted for.' }) actingForBodyId: string | null;
  @Field(() => String, { nullable: true, description: 'The delegation row acted under.' }) delegationId: string | null;
  @Field() action: string;
  @Field() entity: string;
  @Field() entityId: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) before: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) after: Record<string, unknown> | null;
  @Field() hash: string;
}
export const AuditEventConnection = Connection(AuditEventType, 'AuditEvent');
