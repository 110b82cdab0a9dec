import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PowerEnum, SubjectKindEnum } from './enums';
import { badInput } from '../errors';
import { fromGlobalId, toGlobalId } from './global-id';

/** Which node type stands behind each kind of subject. */
export const SUBJECT_NODE_TYPE: Record<string, string> = {
  PARTY_ORGANIZATION: 'Body',
  LEADERSHIP_COLLECTIVE: 'Collective',
  PARTY_MEMBER: 'Membership',
  LEADER: 'Post',
};
const KIND_OF_NODE = Object.fromEntries(Object.entries(SUBJECT_NODE_TYPE).map(([kind, type]) => [type, kind]));

/** The kind and database id of a subject from the global id of its Body, Collective, Membership or Post. */
export function subjectRefOf(id: string, field = 'subject'): { kind: string; refId: string } {
  const g = fromGlobalId(id);
  const kind = g ? KIND_OF_NODE[g.type] : undefined;
  if (!g || !kind) throw badInput(`${field}: not the id of a Body, Collective, Membership or Post`, { [field]: id }, field);
  return { kind, refId: g.dbId };
}

@ObjectType('RatingSubject', {
  description: 'Something rated: a party organization (Body), leadership collective, party member (Membership) or leader (Post).',
})
export class RatingSubjectType {
  refId: string;
  unitId: string;
  personId: string | null;

  @Field(() => ID, { description: 'The global id of the Body, Collective, Membership or Post.' })
  get id(): string {
    return toGlobalId(SUBJECT_NODE_TYPE[this.kind], this.refId);
  }
  @Field(() => SubjectKindEnum) kind: string;
  @Field() code: string;
  @Field() label: string;
  @Field(() => String, { nullable: true, description: 'Post category, collective kind or unit kind the matrix selects on.' }) category:
    string | null;
}

@ObjectType('Authority', { description: 'One row of the matrix that covers a subject, with who holds it today.' })
export class AuthorityType {
  delegationId: string;
  delegateBodyId: string;
  delegatorBodyId: string | null;
  @Field() code: string;
  @Field(() => PowerEnum) power: string;
  @Field(() => String, { nullable: true }) delegateOffice: string | null;
  @Field() source: string;
  @Field({ description: 'Direct authority (no delegator).' }) direct: boolean;
  @Field({ description: 'The delegate body delegated this subject onward: it no longer decides it.' }) superseded: boolean;
}

@ObjectType('AuthorityChain', {
  description:
    'Who rates a subject in a cycle: who decides and under which clause, who proposes, who must be consulted first, who compiles.',
})
export class AuthorityChainType {
  @Field(() => RatingSubjectType) subject: RatingSubjectType;
  @Field(() => [AuthorityType], { description: 'Rows in force that decide; normally exactly one.' }) deciders: AuthorityType[];
  @Field(() => [AuthorityType]) proposers: AuthorityType[];
  @Field(() => [AuthorityType], { description: 'Direct authority delegated away (kept for the audit).' }) superseded: AuthorityType[];
  consultBodyIds: string[];
  compilerBodyIds: string[];
}

@ObjectType('ScopeCount', { description: 'How many subjects of a kind the caller may act on.' })
export class ScopeCountType {
  @Field(() => SubjectKindEnum) kind: string;
  @Field(() => Int) read: number;
  @Field(() => Int) selfAssess: number;
  @Field(() => Int) propose: number;
  @Field(() => Int) consult: number;
  @Field(() => Int) verify: number;
  @Field(() => Int) decide: number;
  @Field(() => Int) audit: number;
  @Field(() => Int) administer: number;
}

@ObjectType('Permission', { description: 'Whether the caller may do an action to a subject, and if not, what would be needed.' })
export class PermissionType {
  @Field() allowed: boolean;
  @Field() action: string;
  @Field({ description: 'Why, in a sentence.' }) reason: string;
  @Field(() => [AuthorityType], {
    description: 'When refused: the matrix rows that would grant the action (their delegate bodies and offices).',
  })
  wouldNeed: AuthorityType[];
}
