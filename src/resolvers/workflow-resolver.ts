import {
  Arg,
  Args,
  ArgsType,
  Ctx as Context,
  Field,
  FieldResolver,
  ID,
  Info,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, requirePolicy } from '../context';
import { Level, ResidenceGrade, atLeast } from '../rules';
import { RatingSubjectType, subjectRefOf } from '../schema/authority-types';
import { CycleType, DelegationType } from '../schema/cycle-types';
import { ConcernKindEnum, DossierStateEnum, RatingLevelEnum, ResidenceGradeEnum, StageEnum } from '../schema/enums';
import { dbIdOf } from '../schema/global-id';
import { PageArgs } from '../schema/pagination';
import { selectionOf } from '../schema/selection';
import {
  BallotsInput,
  ConsultationType,
  CriterionInput,
  DeviationInput,
  FactsInput,
  RatingConnection,
  RatingPayload,
  RatingType,
  ReviewSuggestionType,
  TargetsInput,
} from '../schema/rating-types';
import { BodyType } from '../schema/tree-types';
import * as workflow from '../services/rating-workflow';
import * as suggestions from '../services/review-suggestions';
import { RatingRow } from '../services/subject-facts';
import { checkDate, withinPathOf } from './tree-resolver';
import { toBallots, toCriteria, toFacts, toTargets } from './workflow-input';
import { guarded, step, stepFrom } from './workflow-step';
import { ratingsOfParts, ratingsPage, replacedRating, visibleSuggestions } from '../data/ratings';
import { PersonType } from '../schema/people-types';

@InputType('OpenRatingInput')
class OpenRatingInput {
  @Field() cycle: string;
  @Field(() => ID, { description: 'The Body (party organization), Collective, Membership or Post to rate.' }) subject: string;
}
@InputType('SubmitSelfAssessmentInput')
class SelfAssessmentInput {
  @Field(() => ID) rating: string;
  @Field(() => [CriterionInput]) criteria: CriterionInput[];
  @Field(() => TargetsInput, { nullable: true }) targets?: TargetsInput | null;
  @Field(() => RatingLevelEnum) selfLevel: Level;
  @Field(() => RatingLevelEnum, {
    nullable: true,
    description: 'A civil servant’s own civil-service level, where the form asks for it (003 Mẫu 02, part VII.1); refused for anyone else.',
  })
  civilServiceSelfLevel?: Level | null;
  @Field(() => BallotsInput, {
    nullable: true,
    description: 'Organizations and collectives: the vote of the committee, branch or collective on the self-rating (001 §V items 1–2).',
  })
  ballots?: BallotsInput | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('RecordReviewInput')
class ReviewInput {
  @Field(() => ID) rating: string;
  @Field() heldOn: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The day the draft report went to the members: required for a collective, at least 3 working days before the meeting (004 §I.4.1.1; 43-HD/BTCTW).',
  })
  draftSentOn?: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'A collective of fewer than 3 members: the Rating of the party organization or collective at whose meeting it was reviewed (004 §II.7.4; 43-HD/BTCTW).',
  })
  reviewedWith?: string | null;
}
@InputType('VerifyRatingInput')
class VerifyInput {
  @Field(() => ID) rating: string;
  @Field(() => FactsInput, { defaultValue: {} }) facts: FactsInput;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('ProposeRatingInput')
class ProposeInput {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field(() => BallotsInput) ballots: BallotsInput;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('GiveOpinionInput')
class OpinionInput {
  @Field(() => ID) consultation: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field() opinion: string;
  @Field(() => [CriterionInput], {
    nullable: true,
    description: 'A grade (or points) for each criterion the body analysed, against the subject’s template.',
  })
  criteria?: CriterionInput[] | null;
}
@InputType('DecideRatingInput')
class DecideInput {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field(() => BallotsInput, { nullable: true, description: 'The secret ballot of the deciding body; when given it must yield the level.' })
  ballots?: BallotsInput | null;
  @Field(() => String, { nullable: true, description: 'Required to decide above the ceiling; listed by the audit.' }) overrideReason?:
    string | null;
  @Field(() => String, { nullable: true }) decisionRef?: string | null;
  @Field(() => [DeviationInput], { nullable: true, description: 'Reasons where the decision differs from a consulted opinion.' })
  deviations?: DeviationInput[] | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true, description: 'Retrying with the same key returns the first result instead of deciding twice.' })
  idempotencyKey?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Where concerns were recorded and the committee that re-verifies is outside this system (366-QĐ/TW Art. 12): the reference of its re-verification.',
  })
  reverificationRef?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Where the places this person is reviewed at voted different levels (004 §II.7.3): what the competent level considered; kept with the decision.',
  })
  differingVotesReason?: string | null;
}
@InputType('RecordResidenceFeedbackInput', { description: 'The residence party cell’s feedback sheet (Mẫu 3-213), as received.' })
class ResidenceFeedbackInput {
  @Field(() => ID) rating: string;
  @Field({ description: 'The residence party cell (chi bộ, chi ủy nơi cư trú) that gave it.' }) cell: string;
  @Field(() => [ResidenceGradeEnum], { description: 'A grade for each of the six items, in order.' }) grades: ResidenceGrade[];
  @Field(() => String, { nullable: true, description: 'Item 7: other comments.' }) comment?: string | null;
  @Field(() => String, { nullable: true, description: 'The commune or ward party committee that confirmed the sheet.' }) confirmedBy?:
    string | null;
}
@InputType('RecordDossierItemInput')
class DossierItemInput {
  @Field(() => ID) rating: string;
  @Field({ description: 'An item of the dossier that staff record (Rating.dossier lists them), e.g. ASSET_DECLARATION.' }) item: string;
  @Field({ description: 'The day it was received (YYYY-MM-DD).' }) receivedOn: string;
}
@ObjectType('DossierItem', { description: 'An item of the subject’s dossier (003 §4.5; 43-HD/BTCTW Mẫu 04) and where it stands.' })
class DossierItemType {
  recordedBy: string | null;
  @Field() item: string;
  @Field() titleVi: string;
  @Field(() => DossierStateEnum) state: string;
  @Field(() => String, { nullable: true }) receivedOn: string | null;
  @Field(() => String, { nullable: true, description: 'The cycle’s deadline for dossiers, if it has one.' }) dueOn: string | null;
  @Field() source: string;
}

@Resolver(() => DossierItemType)
export class DossierItemResolver {
  @FieldResolver(() => PersonType, {
    nullable: true,
    description: 'Who recorded it (the subject, for their self-assessment), if you may see them; null for the review, a meeting.',
  })
  recordedBy(@Root() d: DossierItemType, @Context() ctx: Ctx) {
    return d.recordedBy ? ctx.loaders.person.load(d.recordedBy) : null;
  }
}
@InputType('RecordConcernInput')
class ConcernInput {
  @Field(() => ID) rating: string;
  @Field(() => ConcernKindEnum) kind: workflow.ConcernKind;
  @Field({ description: 'What was received or observed.' }) note: string;
}
@InputType('PublishRatingInput')
class PublishInput {
  @Field(() => ID) rating: string;
}
@InputType('ApproveReviewReportInput')
class ApproveReportInput {
  @Field(() => ID) rating: string;
}
@InputType('IssueReviewSuggestionInput')
class SuggestionInput {
  @Field(() => ID) rating: string;
  @Field() text: string;
}
@InputType('AnswerReviewSuggestionInput')
class AnswerInput {
  @Field(() => ID) suggestion: string;
  @Field() answer: string;
}
@InputType('IssueDraftedSuggestionInput')
class IssueDraftInput {
  @Field(() => ID) suggestion: string;
  @Field(() => String, { nullable: true, description: 'The text as issued, when the managing body amends the draft.' }) text?:
    string | null;
}

@ArgsType()
class RatingsArgs extends PageArgs {
  @Field() cycle: string;
  @Field(() => [StageEnum], { nullable: true }) stages?: string[] | null;
  @Field(() => ID, { nullable: true }) within?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only results that replaced an annulled one (re-ratings and complaints resolved with a new level, 004 §II.7.8).',
  })
  reRated?: boolean | null;
}

@Resolver(() => RatingType)
export class WorkflowResolver {
  @Mutation(() => RatingPayload, { description: 'Opens (or returns) the rating of a subject in a cycle; eligibility is settled here.' })
  async openRating(@Arg('input') input: OpenRatingInput, @Context() ctx: Ctx): Promise<RatingPayload> {
    const { kind, refId } = subjectRefOf(input.subject);
    const cycleAbility = await requirePolicy(ctx).cycle(ctx.session.em, input.cycle);
    return guarded(ctx, (em) => workflow.openRating(em, cycleAbility, kind, refId));
  }

  @Mutation(() => RatingPayload, {
    description: 'Self-assessment: criterion grades (or points), targets and the level proposed for oneself (Mẫu 01/02).',
  })
  submitSelfAssessment(@Arg('input') input: SelfAssessmentInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) =>
      workflow.submitSelfAssessment(em, actor, r, {
        criteria: toCriteria(input.criteria),
        targets: input.targets ? toTargets(input.targets, ['input', 'targets']) : null,
        selfLevel: input.selfLevel,
        civilServiceSelfLevel: input.civilServiceSelfLevel ?? null,
        ballots: input.ballots ? toBallots(input.ballots, ['input', 'ballots']) : null,
        expectedVersion: input.expectedVersion,
      }),
    );
  }

  @Mutation(() => RatingPayload, { description: 'Records that the review meeting was held (004 §II.7.2).' })
  recordReview(@Arg('input') input: ReviewInput, @Context() ctx: Ctx) {
    const heldOn = checkDate(input.heldOn, 'heldOn');
    const draftSentOn = input.draftSentOn == null ? null : checkDate(input.draftSentOn, 'draftSentOn');
    const reviewedWith = input.reviewedWith == null ? null : dbIdOf(input.reviewedWith, 'Rating', 'reviewedWith');
    return step(ctx, input.rating, (em, actor, r) => workflow.recordReview(em, actor, r, heldOn, draftSentOn, reviewedWith));
  }

  @Mutation(() => RatingPayload, { description: 'Verification by the compiling staff, with the facts they establish.' })
  verifyRating(@Arg('input') input: VerifyInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) =>
      workflow.verify(em, actor, r, toFacts(input.facts), input.note ?? null, input.expectedVersion),
    );
  }

  @Mutation(() => RatingPayload, { description: 'The proposal vote (branch or collective), counted by DOMAIN §15.2.' })
  proposeRating(@Arg('input') input: ProposeInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) =>
      workflow.propose(em, actor, r, input.level, toBallots(input.ballots, ['input', 'ballots']), input.expectedVersion),
    );
  }

  @Mutation(() => RatingPayload, { description: "A consulted body's opinion." })
  async giveOpinion(@Arg('input') input: OpinionInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.consultation, 'Consultation', 'consultation');
    return stepFrom(ctx, 'consultation', id, (em, actor) =>
      workflow.giveOpinion(em, actor, id, input.level, input.opinion, input.criteria ? toCriteria(input.criteria) : null),
    );
  }

  @Mutation(() => RatingPayload, {
    description: 'The decision of the competent authority: every rule checked, the quota held under concurrency.',
  })
  async decideRating(@Arg('input') input: DecideInput, @Context() ctx: Ctx) {
    return step(
      ctx,
      input.rating,
      (em, actor, r) =>
        workflow.decide(em, actor, r, {
          level: input.level,
          ballots: input.ballots ? toBallots(input.ballots, ['input', 'ballots']) : null,
          overrideReason: input.overrideReason,
          decisionRef: input.decisionRef,
          idempotencyKey: input.idempotencyKey,
          expectedVersion: input.expectedVersion,
          reverificationRef: input.reverificationRef,
          differingVotesReason: input.differingVotesReason,
          deviations: input.deviations?.map((d) => ({
            consultation: dbIdOf(d.consultation, 'Consultation', 'deviations'),
            reason: d.reason,
          })),
        }),
      workflow.DECIDING,
    );
  }

  @Mutation(() => RatingPayload, {
    description:
      'Records a complaint or signs of disunity before the decision; under 366-QĐ/TW Art. 12 it opens the re-verification by the committee above, which the decision then waits for.',
  })
  recordConcern(@Arg('input') input: ConcernInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.recordConcern(em, actor, r, input.kind, input.note));
  }

  @Mutation(() => RatingPayload, {
    description:
      'Records the residence party cell’s feedback on a working member (Mẫu 3-213), by those who verify, propose or decide the rating.',
  })
  recordResidenceFeedback(@Arg('input') input: ResidenceFeedbackInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) =>
      workflow.recordResidenceFeedback(em, actor, r, {
        cell: input.cell,
        grades: input.grades,
        comment: input.comment ?? null,
        confirmedBy: input.confirmedBy ?? null,
      }),
    );
  }

  @Mutation(() => RatingPayload, {
    description:
      'Records that an item of the dossier which the system cannot see was received (an asset declaration, a CV supplement…), by those who verify, propose or decide.',
  })
  recordDossierItem(@Arg('input') input: DossierItemInput, @Context() ctx: Ctx) {
    const receivedOn = checkDate(input.receivedOn, 'receivedOn');
    return step(ctx, input.rating, (em, actor, r) => workflow.recordDossierItem(em, actor, r, input.item, receivedOn));
  }

  @Mutation(() => RatingPayload)
  publishRating(@Arg('input') input: PublishInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.publish(em, actor, r), workflow.DECIDING);
  }

  @Mutation(() => RatingPayload, {
    description:
      'A review suggestion (004 §I.4.1.2): issued by a body that manages the subject (its list, its cadre list, or the rating it decides or delegated), or drafted by their advisory body for them to issue.',
  })
  issueReviewSuggestion(@Arg('input') input: SuggestionInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, async (em, actor, r) => {
      await suggestions.suggest(em, actor, r, input.text);
      return r;
    });
  }

  @Mutation(() => RatingPayload, {
    description: 'The managing body issues a suggestion its advisory body drafted, as drafted or with a new text.',
  })
  async issueDraftedSuggestion(@Arg('input') input: IssueDraftInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.suggestion, 'ReviewSuggestion', 'suggestion');
    return stepFrom(ctx, 'suggestion', id, (em, actor) => suggestions.issueDraft(em, actor, id, input.text ?? null));
  }

  @Mutation(() => RatingPayload)
  async answerReviewSuggestion(@Arg('input') input: AnswerInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.suggestion, 'ReviewSuggestion', 'suggestion');
    return stepFrom(ctx, 'suggestion', id, (em, actor) => suggestions.answerSuggestion(em, actor, id, input.answer));
  }

  @Mutation(() => RatingPayload, {
    description: 'The standing body of the directly superior committee agrees to the review report where suggestions exist (004 §I.4.1.1).',
  })
  approveReviewReport(@Arg('input') input: ApproveReportInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => suggestions.approveReport(em, actor, r));
  }

  @Query(() => RatingConnection, { description: 'Ratings of a cycle whose subjects you may read.' })
  async ratings(@Args() args: RatingsArgs, @Context() ctx: Ctx, @Info() info: GraphQLResolveInfo) {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, args.cycle);
    return ratingsPage(
      ctx.session.em,
      subjects,
      args,
      {
        stages: args.stages,
        reRated: args.reRated,
        withinPath: await withinPathOf(ctx, args.within),
      },
      selectionOf(info),
    );
  }

  @FieldResolver(() => RatingSubjectType)
  async subject(@Root() r: RatingType, @Context() ctx: Ctx) {
    return ctx.loaders.ratingSubject.load(`${r.subjectKind}:${r.subjectRefId}`);
  }

  @FieldResolver(() => CycleType)
  cycle(@Root() r: RatingType, @Context() ctx: Ctx) {
    return ctx.loaders.cycle.load(r.cycleId);
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'The body that decided.' })
  authority(@Root() r: RatingType, @Context() ctx: Ctx) {
    return r.authorityBodyId ? ctx.loaders.body.load(r.authorityBodyId) : null;
  }

  @FieldResolver(() => RatingType, {
    nullable: true,
    description: 'The annulled result this one replaced (re-rating or complaint), with its annulment reason.',
  })
  async replaces(@Root() r: RatingType, @Context() ctx: Ctx): Promise<RatingType | null> {
    return replacedRating(ctx.session.em, r);
  }

  @FieldResolver(() => BodyType, {
    nullable: true,
    description: 'The body that re-rated: the directly superior committee (004 §II.7.8), or the deciding body resolving a complaint.',
  })
  reRatedBy(@Root() r: RatingType, @Context() ctx: Ctx) {
    return r.reRatedByBodyId ? ctx.loaders.body.load(r.reRatedByBodyId) : null;
  }

  @FieldResolver(() => Boolean, {
    description:
      'True where this result replaced a GOOD or EXCELLENT one with a lower level: the emulation and commendation decisions based on the old result are to be reviewed (004 §II.7.8).',
  })
  async commendationsToReview(@Root() r: RatingType, @Context() ctx: Ctx): Promise<boolean> {
    const old = await this.replaces(r, ctx);
    return Boolean(old?.decidedLevel && r.decidedLevel && atLeast(old.decidedLevel, 'GOOD') && !atLeast(r.decidedLevel, old.decidedLevel));
  }

  @FieldResolver(() => [RatingType], {
    description:
      'The subject’s ratings in the parts of this rating’s cycle — a year’s quarters, a term’s years (366-QĐ/TW Art. 15) — those you may read, earliest first.',
  })
  async parts(@Root() r: RatingType, @Context() ctx: Ctx): Promise<RatingType[]> {
    return ratingsOfParts(ctx, r);
  }

  @FieldResolver(() => DelegationType, { nullable: true, description: 'The matrix row the decision was taken under.' })
  delegation(@Root() r: RatingType, @Context() ctx: Ctx) {
    return r.delegationId ? ctx.loaders.delegation.load(r.delegationId) : null;
  }

  @FieldResolver(() => [DossierItemType], {
    description: 'The dossier the subject files, item by item, present, late, missing or due (003 §4.5; 43-HD/BTCTW Mẫu 04).',
  })
  async dossier(@Root() r: RatingType, @Context() ctx: Ctx): Promise<DossierItemType[]> {
    const row = { ...r, id: r.dbId } as unknown as RatingRow;
    return (await workflow.dossierOf(ctx.session.em, row, new Date().toISOString().slice(0, 10))).map((d) =>
      Object.assign(new DossierItemType(), d),
    );
  }

  @FieldResolver(() => [ConsultationType])
  consultations(@Root() r: RatingType, @Context() ctx: Ctx) {
    return ctx.loaders.consultationsByRating.load(r.dbId);
  }

  @FieldResolver(() => [ReviewSuggestionType], {
    description: 'Issued suggestions; drafts too for those who act for the drafting or a managing body.',
  })
  async suggestions(@Root() r: RatingType, @Context() ctx: Ctx) {
    return visibleSuggestions(ctx, r, await ctx.loaders.suggestionsByRating.load(r.dbId));
  }
}

@Resolver(() => ReviewSuggestionType)
export class ReviewSuggestionResolver {
  @FieldResolver(() => BodyType, { nullable: true, description: 'The managing body that issued it (null for a draft).' })
  issuedBy(@Root() s: ReviewSuggestionType, @Context() ctx: Ctx) {
    return s.issuedByBodyId ? ctx.loaders.body.load(s.issuedByBodyId) : null;
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'The advisory body that drafted it, if any.' })
  draftedBy(@Root() s: ReviewSuggestionType, @Context() ctx: Ctx) {
    return s.draftedByBodyId ? ctx.loaders.body.load(s.draftedByBodyId) : null;
  }
}

@Resolver(() => ConsultationType)
export class ConsultationResolver {
  @FieldResolver(() => BodyType)
  body(@Root() c: ConsultationType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(c.bodyId);
  }
}
