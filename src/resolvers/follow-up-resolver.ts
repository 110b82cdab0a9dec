import { Arg, Args, ArgsType, Ctx as Context, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, requireViewer } from '../context';
import { SqlParams } from '../db/sql-params';
import { badInput } from '../errors';
import { abilityToSql } from '../policies/casl-sql';
import { abilityFor } from '../policies/request-ability';
import { isAuditor } from '../policies/viewer';
import { Level, quotaFigures } from '../rules';
import { RatingSubjectType } from '../schema/authority-types';
import { RatingLevelEnum, SubjectKindEnum } from '../schema/enums';
import { dbIdOf, toGlobalId } from '../schema/global-id';
import { Connection, PageArgs, keysetPage } from '../schema/pagination';
import { QuotaFiguresType } from '../schema/rules-types';
import { RatingPayload } from '../schema/rating-types';
import { ratingDeadlineSql } from '../reports/deadline-sql';
import { rulesAt } from '../services/effective-rules';
import * as workflow from '../services/rating-workflow';
import { checkDate } from './tree-resolver';
import { step } from './workflow-step';

@InputType('ReRateInput') class ReRateInput {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field({ description: 'Why (e.g. discipline decided later for a violation of that year, 004 §II.7.8).' }) reason: string;
  @Field(() => String, { nullable: true }) decisionRef?: string | null;
}
@InputType('FileComplaintInput') class FileComplaintInput { @Field(() => ID) rating: string; @Field() text: string }
@InputType('ResolveComplaintInput') class ResolveComplaintInput {
  @Field(() => ID) complaint: string;
  @Field() resolution: string;
  @Field(() => RatingLevelEnum, { nullable: true, description: 'A new level, if the complaint changes the result.' }) newLevel?: Level | null;
}

@ObjectType('OverdueItem', { description: 'A subject not yet decided, against the deadline of its tier.' })
class OverdueItemType {
  @Field(() => RatingSubjectType) subject: RatingSubjectType;
  @Field() tier: string;
  @Field() dueOn: string;
  @Field(() => Int, { description: 'Days past the deadline (negative: days left).' }) daysLate: number;
  @Field(() => String, { nullable: true, description: 'Null when no rating was opened yet.' }) stage: string | null;
  @Field() source: string;
}
const OverdueConnection = Connection(OverdueItemType, 'OverdueItem');

@ArgsType()
class OverdueArgs extends PageArgs {
  @Field() cycle: string;
  @Field({ description: 'The day to judge from (YYYY-MM-DD).' }) asOf: string;
  @Field(() => Int, { defaultValue: 0, description: 'Also items due within this many days.' }) dueWithinDays: number;
  @Field(() => [SubjectKindEnum], { nullable: true }) kinds?: string[] | null;
}

@ObjectType('AuditEvent')
class AuditEventType {
  dbId: string;
  @Field(() => ID) get id(): string { return toGlobalId('AuditEvent', this.dbId); }
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
const AuditEventConnection = Connection(AuditEventType, 'AuditEvent');

@ArgsType()
class AuditArgs extends PageArgs {
  @Field(() => String, { nullable: true }) entity?: string | null;
  @Field(() => String, { nullable: true }) entityId?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. decide, reRate, giveOpinion.' }) action?: string | null;
}

@ObjectType('QuotaScope', { description: 'The live quota of one deciding authority, cycle and kind of subject (the decision screen’s meter).' })
class QuotaScopeType {
  @Field() authority: string;
  @Field(() => String, { nullable: true }) office: string | null;
  @Field() subjectKind: string;
  @Field(() => QuotaFiguresType) figures: QuotaFiguresType;
  @Field() source: string;
}

@Resolver()
export class FollowUpResolver {
  @Mutation(() => RatingPayload, { description: 'Annuls a result and records a new one (004 §II.7.8); dependent results are flagged.' })
  reRate(@Arg('input') input: ReRateInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.reRate(em, actor, r, input.level, input.reason, input.decisionRef ?? null));
  }

  @Mutation(() => RatingPayload, { description: 'A complaint about a result by its subject, assigned to the body that decided.' })
  fileComplaint(@Arg('input') input: FileComplaintInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.fileComplaint(em, actor, r, input.text));
  }

  @Mutation(() => RatingPayload, { description: 'Resolves a complaint, with or without a change of level.' })
  async resolveComplaint(@Arg('input') input: ResolveComplaintInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.complaint, 'Complaint', 'complaint');
    const [c] = await ctx.db.manager.query(`SELECT rating_id FROM complaint WHERE id = $1`, [id]);
    if (!c) throw badInput('complaint: no such complaint', { complaint: input.complaint }, 'complaint');
    return step(ctx, toGlobalId('Rating', String(c.rating_id)), (em, actor) => workflow.resolveComplaint(em, actor, id, input.resolution, input.newLevel ?? null));
  }

  @Query(() => OverdueConnection, { description: 'Subjects you may read that are not decided by their deadline (or due within some days), most late first.' })
  async overdue(@Args() args: OverdueArgs, @Context() ctx: Ctx) {
    checkDate(args.asOf, 'asOf');
    if (args.dueWithinDays < 0 || args.dueWithinDays > 366) throw badInput('dueWithinDays: from 0 to 366', { dueWithinDays: args.dueWithinDays }, 'dueWithinDays');
    const { ability, cycleId } = await abilityFor(ctx, args.cycle);
    const p = new SqlParams();
    const cycle = p.add(cycleId);
    const where = [abilityToSql(ability, 'read', p, 'a'), `COALESCE(r.stage, 'OPEN') NOT IN ('DECIDED', 'PUBLISHED', 'NOT_RATED')`,
      `d.due_on <= q.as_of + ${p.add(args.dueWithinDays)}::int`];
    if (args.kinds?.length) where.push(`a.kind = ANY(${p.add(args.kinds)})`);
    const from = `rating_subject a JOIN unit u ON u.id = a.unit_id CROSS JOIN (SELECT ${p.add(args.asOf)}::date AS as_of) q
      JOIN LATERAL ${ratingDeadlineSql(cycle, 'u')} d ON TRUE
      LEFT JOIN rating r ON r.cycle_id = ${cycle} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL`;
    return keysetPage(ctx.db.manager, args, {
      select: `a.kind, a.ref_id::text AS "refId", a.code, a.label, a.unit_id::text AS "unitId", a.category, a.person_id::text AS "personId",
               d.tier, d.due_on::text AS "dueOn", (q.as_of - d.due_on) AS "daysLate", r.stage, d.source, a.ref_id AS "dbId"`,
      from, where, params: p, sortKey: `(d.due_on::text || ' ' || a.kind || ' ' || a.code) COLLATE "C"`, idKey: 'a.ref_id',
      map: (row) => ({
        subject: Object.assign(new RatingSubjectType(), { kind: row.kind, refId: row.refId, code: row.code, label: row.label, unitId: row.unitId, category: row.category, personId: row.personId }),
        tier: row.tier as string, dueOn: row.dueOn as string, daysLate: Number(row.daysLate), stage: row.stage as string | null, source: row.source as string,
      }),
    });
  }

  @Query(() => AuditEventConnection, { description: 'The audit trail, oldest first (administrators and audit staff).' })
  async auditTrail(@Args() args: AuditArgs, @Context() ctx: Ctx) {
    const viewer = requireViewer(ctx);
    if (!isAuditor(viewer)) throw badInput('auditTrail is for administrators and audit staff', {}, 'viewer');
    const p = new SqlParams();
    const where: string[] = [];
    if (args.entity) where.push(`e.entity = ${p.add(args.entity)}`);
    if (args.entityId) where.push(`e.entity_id = ${p.add(args.entityId)}`);
    if (args.action) where.push(`e.action = ${p.add(args.action)}`);
    return keysetPage(ctx.db.manager, args, {
      select: `e.id AS "dbId", e.occurred_at AS "occurredAt", e.actor_person_id::text AS "actorPersonId", e.acting_for_body_id::text AS "actingForBodyId",
               e.delegation_id::text AS "delegationId", e.action, e.entity, e.entity_id AS "entityId", e.before, e.after, e.hash`,
      from: 'audit_event e', where, params: p, sortKey: `lpad(e.id::text, 20, '0') COLLATE "C"`, idKey: 'e.id',
      map: (row) => Object.assign(new AuditEventType(), row),
    });
  }

  @Query(() => QuotaScopeType, { description: 'The live quota figures of a deciding authority (a body, and the office it acts through, if any).' })
  async quota(
    @Arg('cycle') cycle: string, @Arg('authority', { description: 'Code of the deciding body.' }) authority: string,
    @Arg('subjectKind', () => SubjectKindEnum) subjectKind: string, @Arg('office', () => String, { nullable: true }) office: string | null, @Context() ctx: Ctx,
  ): Promise<QuotaScopeType> {
    const { cycleId, referenceDate } = await abilityFor(ctx, cycle);
    const [body] = await ctx.db.manager.query(`SELECT b.id::text AS id, u.path FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.code = $1`, [authority]);
    if (!body) throw badInput('authority: no such body', { authority }, 'authority');
    const pack = await rulesAt(ctx.db.manager, cycleId, body.path);
    const scope = await workflow.quotaOfAuthority(ctx.db.manager, { cycleId, referenceDate, kind: subjectKind, authority: { bodyId: body.id, office: office ?? '' } }, { minMonths: pack.eligibility.minMonths });
    return { authority, office, subjectKind, figures: quotaFigures(pack.quota, scope.eligible, scope.decided), source: pack.quota.source };
  }
}
