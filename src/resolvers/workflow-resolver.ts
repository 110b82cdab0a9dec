import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { SqlParams } from '../db/sql-params';
import { badInput } from '../errors';
import { abilityToSql, allowedOnSubjectSql } from '../policies/casl-sql';
import { abilityFor } from '../policies/request-ability';
import { isAuditor } from '../policies/viewer';
import { Level } from '../rules';
import { RatingSubjectType, subjectRefOf } from '../schema/authority-types';
import { CycleType, DelegationType } from '../schema/cycle-types';
import { RatingLevelEnum } from '../schema/enums';
import { dbIdOf, toGlobalId } from '../schema/global-id';
import { PageArgs, keysetPage } from '../schema/pagination';
import {
  AuditChainCheckType, BallotsInput, ConsultationType, CriterionInput, DeviationInput, FactsInput, RatingConnection, RatingPayload,
  RatingType, ReviewSuggestionType, TargetsInput,
} from '../schema/rating-types';
import { BodyType } from '../schema/tree-types';
import { verifyAuditChain } from '../services/audit-log';
import * as workflow from '../services/rating-workflow';
import { RATING_COLUMNS, RatingRow } from '../services/subject-facts';
import { checkDate, unitOrFail } from './tree-resolver';
import { toBallots, toCriteria, toFacts, toTargets } from './workflow-input';
import { expectVersion, guarded, ratingById, step, toRatingType } from './workflow-step';

@InputType('OpenRatingInput') class OpenRatingInput {
  @Field() cycle: string;
  @Field(() => ID, { description: 'The Body (party organization), Collective, Membership or Post to rate.' }) subject: string;
}
@InputType('SubmitSelfAssessmentInput') class SelfAssessmentInput {
  @Field(() => ID) rating: string;
  @Field(() => [CriterionInput]) criteria: CriterionInput[];
  @Field(() => TargetsInput, { nullable: true }) targets?: TargetsInput | null;
  @Field(() => RatingLevelEnum) selfLevel: Level;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('RecordReviewInput') class ReviewInput { @Field(() => ID) rating: string; @Field() heldOn: string }
@InputType('VerifyRatingInput') class VerifyInput {
  @Field(() => ID) rating: string;
  @Field(() => FactsInput, { defaultValue: {} }) facts: FactsInput;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('ProposeRatingInput') class ProposeInput {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field(() => BallotsInput) ballots: BallotsInput;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('GiveOpinionInput') class OpinionInput {
  @Field(() => ID) consultation: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field() opinion: string;
}
@InputType('DecideRatingInput') class DecideInput {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field(() => BallotsInput, { nullable: true, description: 'The secret ballot of the deciding body; when given it must yield the level.' }) ballots?: BallotsInput | null;
  @Field(() => String, { nullable: true, description: 'Required to decide above the ceiling; listed by the audit.' }) overrideReason?: string | null;
  @Field(() => String, { nullable: true }) decisionRef?: string | null;
  @Field(() => [DeviationInput], { nullable: true, description: 'Reasons where the decision differs from a consulted opinion.' }) deviations?: DeviationInput[] | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true, description: 'Retrying with the same key returns the first result instead of deciding twice.' }) idempotencyKey?: string | null;
}
@InputType('PublishRatingInput') class PublishInput { @Field(() => ID) rating: string }
@InputType('ApproveReviewReportInput') class ApproveReportInput { @Field(() => ID) rating: string }
@InputType('IssueReviewSuggestionInput') class SuggestionInput { @Field(() => ID) rating: string; @Field() text: string }
@InputType('AnswerReviewSuggestionInput') class AnswerInput { @Field(() => ID) suggestion: string; @Field() answer: string }

@ArgsType()
class RatingsArgs extends PageArgs {
  @Field() cycle: string;
  @Field(() => [String], { nullable: true }) stages?: string[] | null;
  @Field(() => ID, { nullable: true }) within?: string | null;
}

@Resolver(() => RatingType)
export class WorkflowResolver {
  @Mutation(() => RatingPayload, { description: 'Opens (or returns) the rating of a subject in a cycle; eligibility is settled here.' })
  async openRating(@Arg('input') input: OpenRatingInput, @Context() ctx: Ctx): Promise<RatingPayload> {
    const viewer = requireViewer(ctx);
    const { kind, refId } = subjectRefOf(input.subject);
    const cycleAbility = await abilityFor(ctx, input.cycle);
    const p = new SqlParams();
    const [{ visible }] = await ctx.db.manager.query(`SELECT ${allowedOnSubjectSql(cycleAbility.ability, 'read', p, kind, refId)} AS visible`, p.values);
    if (!visible) return { rating: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'subject'], message: 'no such subject in your scope', rule: null, source: null, figures: null }] };
    return guarded(ctx, (em) => workflow.openRating(em, { ...cycleAbility, viewer }, kind, refId));
  }

  @Mutation(() => RatingPayload, { description: 'Self-assessment: criterion grades (or points), targets and the level proposed for oneself (Mẫu 01/02).' })
  submitSelfAssessment(@Arg('input') input: SelfAssessmentInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => {
      expectVersion(r, input.expectedVersion);
      return workflow.submitSelfAssessment(em, actor, r, {
        criteria: toCriteria(input.criteria), targets: input.targets ? toTargets(input.targets, ['input', 'targets']) : null, selfLevel: input.selfLevel,
      });
    });
  }

  @Mutation(() => RatingPayload, { description: 'Records that the review meeting was held (004 §II.7.2).' })
  recordReview(@Arg('input') input: ReviewInput, @Context() ctx: Ctx) {
    const heldOn = checkDate(input.heldOn, 'heldOn');
    return step(ctx, input.rating, (em, actor, r) => workflow.recordReview(em, actor, r, heldOn));
  }

  @Mutation(() => RatingPayload, { description: 'Verification by the compiling staff, with the facts they establish.' })
  verifyRating(@Arg('input') input: VerifyInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => {
      expectVersion(r, input.expectedVersion);
      return workflow.verify(em, actor, r, toFacts(input.facts), input.note ?? null);
    });
  }

  @Mutation(() => RatingPayload, { description: 'The proposal vote (branch or collective), counted by DOMAIN §15.2.' })
  proposeRating(@Arg('input') input: ProposeInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => {
      expectVersion(r, input.expectedVersion);
      return workflow.propose(em, actor, r, input.level, toBallots(input.ballots, ['input', 'ballots']));
    });
  }

  @Mutation(() => RatingPayload, { description: "A consulted body's opinion." })
  async giveOpinion(@Arg('input') input: OpinionInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.consultation, 'Consultation', 'consultation');
    const [c] = await ctx.db.manager.query(`SELECT rating_id FROM consultation WHERE id = $1`, [id]);
    if (!c) throw badInput('consultation: no such consultation', { consultation: input.consultation }, 'consultation');
    return step(ctx, toGlobalId('Rating', String(c.rating_id)), (em, actor) => workflow.giveOpinion(em, actor, id, input.level, input.opinion));
  }

  @Mutation(() => RatingPayload, { description: 'The decision of the competent authority: every rule checked, the quota held under concurrency.' })
  async decideRating(@Arg('input') input: DecideInput, @Context() ctx: Ctx) {
    if (input.idempotencyKey) {
      const [done] = await ctx.db.manager.query(`SELECT id::text AS id FROM rating WHERE idempotency_key = $1`, [input.idempotencyKey]);
      if (done) {
        if (done.id !== dbIdOf(input.rating, 'Rating', 'rating')) {
          return { rating: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'], message: 'this key was used for another rating', rule: null, source: null, figures: null }] };
        }
        return { rating: await ratingById(ctx.db.manager, done.id), userErrors: [] };
      }
    }
    return step(ctx, input.rating, (em, actor, r) => {
      expectVersion(r, input.expectedVersion);
      return workflow.decide(em, actor, r, {
        level: input.level, ballots: input.ballots ? toBallots(input.ballots, ['input', 'ballots']) : null, overrideReason: input.overrideReason,
        decisionRef: input.decisionRef, idempotencyKey: input.idempotencyKey,
        deviations: input.deviations?.map((d) => ({ consultation: dbIdOf(d.consultation, 'Consultation', 'deviations'), reason: d.reason })),
      });
    });
  }

  @Mutation(() => RatingPayload)
  publishRating(@Arg('input') input: PublishInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.publish(em, actor, r));
  }

  @Mutation(() => RatingPayload, { description: 'A review suggestion from the upper body (004 §I.4.1.2).' })
  issueReviewSuggestion(@Arg('input') input: SuggestionInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, async (em, actor, r) => {
      await workflow.issueSuggestion(em, actor, r, input.text);
      return r;
    });
  }

  @Mutation(() => RatingPayload)
  async answerReviewSuggestion(@Arg('input') input: AnswerInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.suggestion, 'ReviewSuggestion', 'suggestion');
    const [s] = await ctx.db.manager.query(`SELECT rating_id FROM review_suggestion WHERE id = $1`, [id]);
    if (!s) throw badInput('suggestion: no such review suggestion', { suggestion: input.suggestion }, 'suggestion');
    return step(ctx, toGlobalId('Rating', String(s.rating_id)), (em, actor) => workflow.answerSuggestion(em, actor, id, input.answer));
  }

  @Mutation(() => RatingPayload, { description: 'The upper standing body approves the review report where suggestions exist (004 §I.4.1.1).' })
  approveReviewReport(@Arg('input') input: ApproveReportInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.approveReport(em, actor, r));
  }

  @Query(() => RatingConnection, { description: 'Ratings of a cycle whose subjects you may read.' })
  async ratings(@Args() args: RatingsArgs, @Context() ctx: Ctx) {
    const { ability, cycleId } = await abilityFor(ctx, args.cycle);
    const p = new SqlParams();
    const where = [`r.cycle_id = ${p.add(cycleId)}`, 'r.annulled_at IS NULL', abilityToSql(ability, 'read', p, 'a')];
    if (args.stages?.length) where.push(`r.stage = ANY(${p.add(args.stages)})`);
    if (args.within) {
      where.push(`r.unit_path LIKE ${p.add(`${(await unitOrFail(ctx, args.within, 'within')).path}%`)}`);
    }
    return keysetPage(ctx.db.manager, args, {
      select: `${RATING_COLUMNS('r')}, r.id AS "dbId"`, from: 'rating r JOIN rating_subject a ON a.kind = r.subject_kind AND a.ref_id = r.subject_ref_id', where, params: p,
      sortKey: `(r.subject_kind || ' ' || r.subject_code) COLLATE "C"`, idKey: 'r.id', map: (row) => toRatingType(row as unknown as RatingRow),
    });
  }

  @Query(() => AuditChainCheckType, { description: 'Recomputes the audit hash chain; reports the first broken link (administrators and audit staff).' })
  async verifyAuditChain(@Context() ctx: Ctx): Promise<AuditChainCheckType> {
    const viewer = requireViewer(ctx);
    if (!isAuditor(viewer)) throw badInput('verifyAuditChain is for administrators and audit staff', {}, 'viewer');
    return verifyAuditChain(ctx.db.manager);
  }

  @FieldResolver(() => RatingSubjectType)
  async subject(@Root() r: RatingType, @Context() ctx: Ctx) {
    const [row] = await ctx.db.manager.query(
      `SELECT kind, ref_id::text AS "refId", code, label, unit_id::text AS "unitId", category, person_id::text AS "personId" FROM rating_subject WHERE kind = $1 AND ref_id = $2`,
      [r.subjectKind, r.subjectRefId]);
    return Object.assign(new RatingSubjectType(), row);
  }

  @FieldResolver(() => CycleType)
  cycle(@Root() r: RatingType, @Context() ctx: Ctx) {
    return ctx.loaders.cycle.load(r.cycleId);
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'The body that decided.' })
  authority(@Root() r: RatingType, @Context() ctx: Ctx) {
    return r.authorityBodyId ? ctx.loaders.body.load(r.authorityBodyId) : null;
  }

  @FieldResolver(() => DelegationType, { nullable: true, description: 'The matrix row the decision was taken under.' })
  delegation(@Root() r: RatingType, @Context() ctx: Ctx) {
    return r.delegationId ? ctx.loaders.delegation.load(r.delegationId) : null;
  }

  @FieldResolver(() => [ConsultationType])
  async consultations(@Root() r: RatingType, @Context() ctx: Ctx) {
    const rows = await ctx.db.manager.query(
      `SELECT id AS "dbId", body_id::text AS "bodyId", source, opinion_level AS "opinionLevel", opinion, given_at AS "givenAt", deviation_reason AS "deviationReason"
         FROM consultation WHERE rating_id = $1 ORDER BY id`, [r.dbId]);
    return rows.map((x: object) => Object.assign(new ConsultationType(), x));
  }

  @FieldResolver(() => [ReviewSuggestionType])
  async suggestions(@Root() r: RatingType, @Context() ctx: Ctx) {
    const rows = await ctx.db.manager.query(
      `SELECT id AS "dbId", issued_by_body_id::text AS "issuedByBodyId", text, answer, answered_at AS "answeredAt" FROM review_suggestion WHERE rating_id = $1 ORDER BY id`, [r.dbId]);
    return rows.map((x: object) => Object.assign(new ReviewSuggestionType(), x));
  }
}

@Resolver(() => ConsultationType)
export class ConsultationResolver {
  @FieldResolver(() => BodyType)
  body(@Root() c: ConsultationType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(c.bodyId);
  }
}
