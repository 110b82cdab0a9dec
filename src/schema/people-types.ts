import { Field, ID, ObjectType } from 'type-graphql';
import { MembershipStatusEnum, PostRoleEnum } from './enums';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';
import { propertiesOf, selectList } from '../db/columns';
import { Membership, Person, Post } from '../entities';

@ObjectType('Person', { implements: Node, description: 'A person; their code is the `sub` of their tokens.' })
export class PersonType implements Node {
  dbId: string;

  @Field(() => ID) get id(): string {
    return toGlobalId('Person', this.dbId);
  }
  @Field() code: string;
  @Field() fullName: string;
  @Field(() => String, { nullable: true }) gender: string | null;
  @Field(() => String, { nullable: true }) birthDate: string | null;
}

@ObjectType('Membership', { implements: Node, description: 'Party membership, held in a branch.' })
export class MembershipType implements Node {
  dbId: string;
  personId: string;
  branchId: string;
  /** The person, where the statement that read the membership (through the caller's scope) read them too. */
  personRead?: PersonType;

  @Field(() => ID) get id(): string {
    return toGlobalId('Membership', this.dbId);
  }
  @Field() admittedOn: string;
  @Field(() => String, { nullable: true }) officialOn: string | null;
  @Field(() => MembershipStatusEnum) status: string;
  @Field(() => String, { nullable: true }) statusSince: string | null;
  @Field({ description: 'Works outside the political system (retired, studying, private sector): rated under 366-QĐ/TW App. 5 on Mẫu 2C.' })
  outsidePoliticalSystem: boolean;
}

@ObjectType('Post', { implements: Node, description: 'A post held by a person at a unit, possibly in a body and a leadership collective.' })
export class PostType implements Node {
  dbId: string;
  personId: string;
  unitId: string;
  bodyId: string | null;
  collectiveId: string | null;
  managedByBodyId: string | null;

  @Field(() => ID) get id(): string {
    return toGlobalId('Post', this.dbId);
  }
  @Field() code: string;
  @Field({ description: 'The title as written, e.g. "Phó Chủ tịch UBND phường Nam Hà".' }) title: string;
  @Field({ description: 'Stable category used by the delegation matrix, e.g. UBND_VICE_CHAIR.' }) category: string;
  @Field(() => PostRoleEnum) role: string;
  @Field() startsOn: string;
  @Field(() => String, { nullable: true }) endsOn: string | null;
  @Field({ description: 'Held concurrently with a main post (kiêm nhiệm).' }) concurrent: boolean;
  @Field({ description: 'The holder is a civil servant or public employee, rated separately first (DOMAIN §7.5).' }) civilServant: boolean;
}

export const PersonConnection = Connection(PersonType, 'Person');
export const MembershipConnection = Connection(MembershipType, 'Membership');

const PERSON_OMITS = ['systemRoles', 'scopeAncestors'] as const;
const MEMBERSHIP_OMITS = ['unitPath', 'personName', 'personCode'] as const;
/**
 * The columns of a person (`prefix` before the aliases when the person is joined to another row) and of a membership;
 * `only` those properties, where a request reads no others.
 */
export const PERSON_COLUMNS = (a: string, prefix = '', only?: ReadonlySet<string> | null) =>
  selectList(Person, a, { as: { id: 'dbId' }, omit: PERSON_OMITS, prefix, only });
export const MEMBERSHIP_COLUMNS = (a: string, only?: ReadonlySet<string> | null) =>
  selectList(Membership, a, { as: { id: 'dbId' }, omit: MEMBERSHIP_OMITS, only });
/** The properties PERSON_COLUMNS and MEMBERSHIP_COLUMNS read. */
export const PERSON_PROPERTIES = propertiesOf(Person, PERSON_OMITS);
export const MEMBERSHIP_PROPERTIES = propertiesOf(Membership, MEMBERSHIP_OMITS);

/** What the fields of Person and Membership that are not columns read (their field resolvers, people-resolver.ts). */
export const PERSON_FIELD_READS = { membership: ['id'], posts: ['id'] };
export const MEMBERSHIP_FIELD_READS = { person: ['personId'], branch: ['branchId'] };
export const POST_COLUMNS = (a: string) => selectList(Post, a, { as: { id: 'dbId' }, omit: ['unitPath', 'holderName'] });
