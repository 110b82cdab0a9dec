import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { SubjectKind } from '../model/kinds';
import { ACTIONS, Action } from '../policies/actions';
import { rowsCovering } from '../policies/delegation-matrix';
import {
  AuthorityChainType,
  AuthorityType,
  PermissionType,
  RatingSubjectType,
  ScopeCountType,
  subjectRefOf,
} from '../schema/authority-types';
import { DelegationType } from '../schema/cycle-types';
import { SubjectKindEnum } from '../schema/enums';
import { Connection, PageArgs } from '../schema/pagination';
import { PersonType, PostType } from '../schema/people-types';
import { BodyType, UnitType } from '../schema/tree-types';
import { withinPathOf } from './tree-resolver';
import { scopeCounts, subjectIf as subjectIfAllowed, subjectsNamed, subjectsPage } from '../data/subjects';
import { badInput } from '../errors';
import { dbIdOf } from '../schema/global-id';

const SubjectActionEnum = Object.fromEntries(ACTIONS.map((a) => [a, a])) as { [K in Action]: K };
registerEnumType(SubjectActionEnum, { name: 'SubjectAction', description: 'What a caller may do to a rating subject.' });

const RatingSubjectConnection = Connection(RatingSubjectType, 'RatingSubject');

@ArgsType()
class SubjectsArgs extends PageArgs {
  @Field() cycle: string;
  @Field(() => SubjectActionEnum, { defaultValue: 'decide' }) action: Action;
  @Field(() => [SubjectKindEnum], { nullable: true }) kinds?: SubjectKind[] | null;
  @Field(() => ID, { nullable: true, description: 'Only subjects in the subtree of this unit.' }) within?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Part of the label, case aside, or the exact code. Written without diacritics it matches with or without them ("nguyen" finds "Nguyễn"); written with them, as written.',
  })
  search?: string | null;
}

/** The subject if the caller may do `action` to it in the cycle. */
async function subjectIf(ctx: Ctx, cycle: string, action: Action, ref: { kind: string; refId: string }): Promise<RatingSubjectType | null> {
  return subjectIfAllowed(ctx.session.em, await requirePolicy(ctx).cycle(ctx.session.em, cycle), action, ref);
}

const toAuthority = (r: Awaited<ReturnType<typeof rowsCovering>>[number]): AuthorityType =>
  Object.assign(new AuthorityType(), {
    delegationId: r.id,
    delegateBodyId: r.delegateBodyId,
    delegatorBodyId: r.delegatorBodyId,
    code: r.code,
    power: r.power,
    delegateOffice: r.delegateOffice,
    source: r.source,
    direct: !r.delegatorBodyId,
    superseded: r.superseded,
  });

@Resolver(() => RatingSubjectType)
export class AuthorityResolver {
  @Query(() => AuthorityChainType, {
    nullable: true,
    description: 'Who rates a subject in a cycle (DOMAIN §10); null when you may not read the subject.',
  })
  async whoRates(
    @Arg('subject', () => ID) subject: string,
    @Arg('cycle') cycle: string,
    @Context() ctx: Ctx,
  ): Promise<AuthorityChainType | null> {
    const ref = subjectRefOf(subject);
    const s = await subjectIf(ctx, cycle, 'read', ref);
    if (!s) return null;
    const { cycleId } = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
    const rows = (await rowsCovering(ctx.session.em, cycleId, ref.kind, ref.refId)).map((r) => ({ row: r, a: toAuthority(r) }));
    const deciders = rows.filter((x) => x.row.power === 'DECIDE' && !x.row.superseded);
    return Object.assign(new AuthorityChainType(), {
      subject: s,
      deciders: deciders.map((x) => x.a),
      proposers: rows.filter((x) => x.row.power === 'PROPOSE').map((x) => x.a),
      superseded: rows.filter((x) => x.row.superseded).map((x) => x.a),
      consultBodyIds: [...new Set(deciders.flatMap((x) => x.row.consultBodyIds))],
      compilerBodyIds: [...new Set(deciders.map((x) => x.row.compilerBodyId).filter((b): b is string => Boolean(b)))],
    });
  }

  @Query(() => [ScopeCountType], {
    description: 'What you may do in a cycle, counted per kind of subject (one SQL statement); optionally within a subtree.',
  })
  async myScope(
    @Arg('cycle') cycle: string,
    @Context() ctx: Ctx,
    @Arg('within', () => ID, { nullable: true, description: 'Only subjects in the subtree of this unit.' }) within?: string | null,
  ): Promise<ScopeCountType[]> {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
    return scopeCounts(ctx.session.em, subjects, await withinPathOf(ctx, within));
  }

  @Query(() => RatingSubjectConnection, { description: 'The subjects you may act on in a cycle (default: decide), by kind and code.' })
  async subjects(@Args() args: SubjectsArgs, @Context() ctx: Ctx) {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, args.cycle);
    return subjectsPage(ctx.session.em, subjects, args.action, args, {
      kinds: args.kinds,
      withinPath: await withinPathOf(ctx, args.within),
      search: args.search,
    });
  }

  @Query(() => RatingSubjectType, {
    nullable: true,
    description:
      'One subject, if you may read it in the cycle: by its code for every kind (a member by the person’s code, a leader by the post’s, an organization by its body’s, a collective by its own), or a member by person and a leader by post.',
  })
  async subject(
    @Arg('cycle') cycle: string,
    @Arg('kind', () => SubjectKindEnum) kind: SubjectKind,
    @Arg('code', () => String, { nullable: true }) code: string | null,
    @Arg('person', () => ID, {
      nullable: true,
      description: 'A Person: their membership (kind PARTY_MEMBER), or with post, that post (kind LEADER).',
    })
    person: string | null,
    @Arg('post', () => ID, { nullable: true, description: 'A Post (kind LEADER).' }) post: string | null,
    @Context() ctx: Ctx,
  ): Promise<RatingSubjectType | null> {
    if (post != null && kind !== 'LEADER') throw badInput('post: only a leader is found by post', { kind }, 'post');
    if (code == null && person == null && post == null) throw badInput('give code, person or post', { kind }, 'code');
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
    const rows = await subjectsNamed(ctx.session.em, subjects, {
      kind,
      code,
      personId: person != null ? dbIdOf(person, 'Person', 'person') : null,
      postId: post != null ? dbIdOf(post, 'Post', 'post') : null,
    });
    if (rows.length > 1) throw badInput('several subjects answer: name the post', { kind, matches: rows.length }, 'post');
    return rows[0] ?? null;
  }

  @Query(() => PermissionType, { description: 'May you do this to that subject in the cycle? If not, which matrix rows would allow it.' })
  async canI(
    @Arg('action', () => SubjectActionEnum) action: Action,
    @Arg('subject', () => ID) subject: string,
    @Arg('cycle') cycle: string,
    @Context() ctx: Ctx,
  ): Promise<PermissionType> {
    const ref = subjectRefOf(subject);
    if (await subjectIf(ctx, cycle, action, ref)) return { allowed: true, action, reason: `you may ${action} this subject`, wouldNeed: [] };
    const readable = await subjectIf(ctx, cycle, 'read', ref);
    if (!readable) return { allowed: false, action, reason: 'the subject is outside your scope', wouldNeed: [] };
    const { cycleId } = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
    const rows = await rowsCovering(ctx.session.em, cycleId, ref.kind, ref.refId);
    const power = action === 'propose' ? 'PROPOSE' : 'DECIDE';
    const wouldNeed =
      action === 'decide' || action === 'propose' ? rows.filter((r) => r.power === power && !r.superseded).map(toAuthority) : [];
    return {
      allowed: false,
      action,
      wouldNeed,
      reason: wouldNeed.length
        ? `${action} needs a post in the body named by ${wouldNeed.map((a) => `${a.code} (${a.source})`).join(', ')}`
        : `no row of the cycle's matrix gives you ${action} on this subject`,
    };
  }

  @FieldResolver(() => UnitType)
  unit(@Root() s: RatingSubjectType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(s.unitId);
  }

  @FieldResolver(() => PersonType, { nullable: true })
  person(@Root() s: RatingSubjectType, @Context() ctx: Ctx) {
    return s.personId ? ctx.loaders.person.load(s.personId) : null;
  }
}

@Resolver(() => AuthorityChainType)
export class AuthorityChainResolver {
  @FieldResolver(() => [BodyType], { description: 'Bodies that must give an opinion before the decision.' })
  async consult(@Root() c: AuthorityChainType, @Context() ctx: Ctx): Promise<BodyType[]> {
    return (await ctx.loaders.body.loadMany(c.consultBodyIds)).filter((b): b is BodyType => b instanceof BodyType);
  }

  @FieldResolver(() => [BodyType], { description: 'Who compiles and verifies.' })
  async compilers(@Root() c: AuthorityChainType, @Context() ctx: Ctx): Promise<BodyType[]> {
    return (await ctx.loaders.body.loadMany(c.compilerBodyIds)).filter((b): b is BodyType => b instanceof BodyType);
  }
}

@Resolver(() => AuthorityType)
export class AuthorityFieldsResolver {
  @FieldResolver(() => DelegationType)
  delegation(@Root() a: AuthorityType, @Context() ctx: Ctx) {
    return ctx.loaders.delegation.load(a.delegationId);
  }

  @FieldResolver(() => BodyType)
  body(@Root() a: AuthorityType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(a.delegateBodyId);
  }

  @FieldResolver(() => BodyType, { nullable: true })
  delegatedBy(@Root() a: AuthorityType, @Context() ctx: Ctx) {
    return a.delegatorBodyId ? ctx.loaders.body.load(a.delegatorBodyId) : null;
  }

  @FieldResolver(() => [PostType], {
    description: 'The posts active today through which people act for this row (in the office, if one is named).',
  })
  holders(@Root() a: AuthorityType, @Context() ctx: Ctx) {
    return ctx.loaders.holders.load(`${a.delegateBodyId}|${a.delegateOffice ?? ''}`);
  }
}
