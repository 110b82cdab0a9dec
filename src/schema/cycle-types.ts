import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PeriodEnum, PowerEnum, ScopeModeEnum, SeatEnum, SubjectKindEnum, TierEnum } from './enums';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';
import { selectList } from '../db/columns';
import { Cycle, Delegation } from '../entities';

@ObjectType('Cycle', { implements: Node, description: 'A rating cycle and the rule pack that governs it.' })
export class CycleType implements Node {
  dbId: string;
  localityId: string | null;
  partOfId: string | null;

  @Field(() => ID) get id(): string {
    return toGlobalId('Cycle', this.dbId);
  }
  @Field() code: string;
  @Field() name: string;
  @Field(() => Int) year: number;
  @Field(() => PeriodEnum) period: string;
  @Field() startsOn: string;
  @Field() endsOn: string;
  @Field({ description: 'Eligibility ("less than 6 months") is computed at this date (DOMAIN §15.5).' }) referenceDate: string;
  @Field({ description: 'Code of the rule pack, e.g. QD124-2024.' }) rulePack: string;
}

@ObjectType('Deadline', { description: 'A deadline of a cycle for one tier and one task, with its source clause.' })
export class DeadlineType {
  cycleId: string;
  @Field(() => TierEnum) tier: string;
  @Field() task: string;
  @Field() dueOn: string;
  @Field() source: string;
}

@ObjectType('Delegation', {
  implements: Node,
  description: 'One row of a delegation matrix (DOMAIN §10): who may do what to which subjects. Direct authority has no delegator.',
})
export class DelegationType implements Node {
  dbId: string;
  cycleId: string;
  delegatorBodyId: string | null;
  delegateBodyId: string;
  scopeUnitId: string;
  consultBodyIds: string[];
  compilerBodyId: string | null;
  listedByBodyId: string | null;
  exceptListedByBodyId: string | null;

  @Field(() => ID) get id(): string {
    return toGlobalId('Delegation', this.dbId);
  }
  @Field() code: string;
  @Field(() => String, { nullable: true, description: 'When an office holder acts with a group: the category of that office.' })
  delegateOffice: string | null;
  @Field(() => PowerEnum) power: string;
  @Field(() => SubjectKindEnum) subjectKind: string;
  @Field(() => [String], { description: 'Post categories, collective kinds or unit kinds covered; empty = all of the kind.' })
  subjectCategories: string[];
  @Field(() => ScopeModeEnum) scopeMode: string;
  @Field(() => [String], { description: 'Categories the row leaves out ("except …").' }) exceptCategories: string[];
  @Field(() => [SeatEnum], {
    description: 'Leaders and members: holders of one of these seats in a committee of the row’s scope unit; empty = any.',
  })
  subjectSeats: string[];
  @Field(() => [SeatEnum], {
    description:
      'Leaders and members: holders of these seats in a committee of the row’s scope unit are left out (004 §II.6.2.2(1): "except executive committee members").',
  })
  exceptSeats: string[];
  @Field({ description: 'Source clause, e.g. 004 §II.6.2.2(2).' }) source: string;
  @Field(() => String, { nullable: true }) note: string | null;
}

export const DelegationConnection = Connection(DelegationType, 'Delegation');

export const CYCLE_COLUMNS = (a: string) => selectList(Cycle, a, { as: { id: 'dbId' } });
export const DELEGATION_COLUMNS = (a: string) => selectList(Delegation, a, { as: { id: 'dbId' } });
