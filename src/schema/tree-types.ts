import { Field, ID, Int, ObjectType } from 'type-graphql';
import { tierOfUnitKind, UnitKind } from '../model/kinds';
import { BodyKindEnum, CollectiveKindEnum, TierEnum, UnitKindEnum } from './enums';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';
import { selectList } from '../db/columns';
import { Body, Collective, Unit } from '../entities';

@ObjectType('Unit', {
  implements: Node,
  description: 'A node of the governance tree: province, city/district, commune/ward, agency, party organization, branch.',
})
export class UnitType implements Node {
  dbId: string;
  parentId: string | null;
  path: string;

  @Field(() => ID) get id(): string {
    return toGlobalId('Unit', this.dbId);
  }
  @Field() code: string;
  @Field() name: string;
  @Field(() => UnitKindEnum) kind: UnitKind;
  @Field(() => TierEnum, { description: 'The tier deadlines are set for.' }) get tier(): string {
    return tierOfUnitKind(this.kind);
  }
  @Field(() => Int, { description: '0 for a root.' }) depth: number;
  @Field(() => String, { nullable: true }) foundedOn: string | null;
  @Field(() => String, { nullable: true }) dissolvedOn: string | null;

  /** Ids of the ancestors, root first, read from the materialized path. */
  ancestorIds(): string[] {
    return this.path.split('/').filter(Boolean).slice(0, -1);
  }
}

@ObjectType('Body', {
  implements: Node,
  description: 'An organ at a unit: party committee, standing committee, HĐND, UBND, Front, commissions...',
})
export class BodyType implements Node {
  dbId: string;
  unitId: string;
  parentBodyId: string | null;

  @Field(() => ID) get id(): string {
    return toGlobalId('Body', this.dbId);
  }
  @Field() code: string;
  @Field() name: string;
  @Field(() => BodyKindEnum) kind: string;
}

@ObjectType('Collective', { implements: Node, description: 'A leadership collective (tập thể lãnh đạo, quản lý).' })
export class CollectiveType implements Node {
  dbId: string;
  bodyId: string;
  unitId: string;

  @Field(() => ID) get id(): string {
    return toGlobalId('Collective', this.dbId);
  }
  @Field() code: string;
  @Field() name: string;
  @Field(() => CollectiveKindEnum) kind: string;
}

@ObjectType('UnitVersion', { description: 'A unit as it was from a day until the next change (004 §II.7.11): never rewritten.' })
export class UnitVersionType {
  parentId: string | null;
  @Field() validFrom: string;
  @Field(() => String, { nullable: true, description: 'The first day of the next version; null while it holds.' }) validUntil:
    string | null;
  @Field() name: string;
  @Field(() => UnitKindEnum) kind: string;
  @Field({ description: 'FOUNDED, TRANSFER, RENAME, MERGE, SPLIT or IMPORT (a file that moved or renamed it).' }) operation: string;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
}

@ObjectType('UnitSuccession', { description: 'A unit a merger or a split made of another, from a day (004 §II.7.11).' })
export class UnitSuccessionType {
  predecessorId: string;
  successorId: string;
  @Field({ description: 'MERGE or SPLIT.' }) operation: string;
  @Field() effectiveOn: string;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
}

export const UnitConnection = Connection(UnitType, 'Unit');

export const UNIT_COLUMNS = (a: string) => selectList(Unit, a, { as: { id: 'dbId' }, omit: ['createdAt', 'updatedAt'] });
export const BODY_COLUMNS = (a: string) => selectList(Body, a, { as: { id: 'dbId' } });
export const COLLECTIVE_COLUMNS = (a: string) => selectList(Collective, a, { as: { id: 'dbId' } });
