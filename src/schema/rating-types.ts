import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CeilingFacts, Level } from '../rules';
import { ConsultationPurposeEnum, CriterionGradeEnum, NotRatedReasonEnum, RatingLevelEnum, StageEnum } from './enums';
import { ConcernType, CriterionScoreType, RatingFactsType, typedFacts } from './facts-types';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';
import { FindingType } from './rules-types';
import { UserError } from './payloads';
import { propertiesOf, selectList } from '../db/columns';
import { Consultation, Rating, ReviewSuggestion } from '../entities';

@ObjectType('DocumentLinks', { description: 'Where to download a document, relative to the API’s origin, with your bearer token.' })
export class DocumentLinksType {
  @Field() docx: string;
  @Field() pdf: string;
}

@ObjectType('RatingDocuments')
export class RatingDocumentsType {
  @Field(() => DocumentLinksType, { description: 'The self-assessment form of the cycle’s pack (Mẫu 01, 02, 2A, 2B) with its result.' })
  form: DocumentLinksType;
  @Field(() => DocumentLinksType, { nullable: true, description: 'The re-rating decision (Mẫu 03), for a result that replaced another.' })
  reRatingDecision: DocumentLinksType | null;
  @Field(() => DocumentLinksType, { nullable: true, description: 'The residence party cell’s feedback (Mẫu 3-213), once recorded.' })
  residenceFeedback: DocumentLinksType | null;
  @Field(() => DocumentLinksType, {
    description:
      'The minutes of the secret ballots on the rating (self-rating of a collective, proposal, decision), once one is held (404 before).',
  })
  voteMinutes: DocumentLinksType;
}

@ObjectType('Rating', { implements: Node, description: 'The rating of one subject in one cycle, through its stages (DOMAIN §5, §9–§12).' })
export class RatingType implements Node {
  dbId: string;
  cycleId: string;
  subjectKind: string;
  subjectRefId: string;
  subjectCode: string;
  personId: string | null;
  authorityBodyId: string | null;
  delegationId: string | null;
  replacesId: string | null;
  reRatedByBodyId: string | null;

  @Field(() => ID) get id(): string {
    return toGlobalId('Rating', this.dbId);
  }
  @Field(() => StageEnum) stage: string;
  @Field(() => NotRatedReasonEnum, { nullable: true }) notRatedReason: string | null;
  @Field(() => String, { nullable: true, description: 'The clause that leaves the subject unrated, e.g. 004 §II.7.5–7.7.' })
  notRatedSource: string | null;
  @Field(() => RatingLevelEnum, { nullable: true }) selfLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true }) proposedLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true }) decidedLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true, description: 'The highest level the standards allowed at the decision (DOMAIN §15.3).' })
  ceiling: Level | null;
  @Field(() => [FindingType], { description: 'Why the ceiling is where it is.' }) findings: FindingType[];
  @Field(() => GraphQLJSONObject, { description: 'Recorded facts: criteria, targets, ballots, civil-service level, discipline…' })
  facts: Record<string, unknown>;
  @Field(() => String, { nullable: true }) reviewHeldOn: string | null;
  @Field(() => String, { nullable: true, description: 'The day the draft report went to the members of the review meeting (collectives).' })
  draftSentOn: string | null;
  @Field(() => [ConcernType], {
    description:
      'Complaints and signs of disunity recorded before the decision; under 366-QĐ/TW Art. 12 each calls for a re-verification by the committee above.',
  })
  get concerns(): ConcernType[] {
    return typedFacts(this.facts as Partial<CeilingFacts>).concerns ?? [];
  }
  @Field(() => RatingDocumentsType, { description: 'The documents of the rating, to download with the same bearer token (GET).' })
  get documents(): RatingDocumentsType {
    const base = `/documents/ratings/${this.id}`;
    return {
      form: { docx: `${base}/form.docx`, pdf: `${base}/form.pdf` },
      reRatingDecision: this.replacesId ? { docx: `${base}/re-rating.docx`, pdf: `${base}/re-rating.pdf` } : null,
      residenceFeedback: (this.facts as Partial<CeilingFacts>).residenceFeedback
        ? { docx: `${base}/residence-feedback.docx`, pdf: `${base}/residence-feedback.pdf` }
        : null,
      voteMinutes: { docx: `${base}/vote-minutes.docx`, pdf: `${base}/vote-minutes.pdf` },
    };
  }
  @Field(() => RatingFactsType, { description: 'The recorded facts, typed (the same as facts).' })
  get recordedFacts(): RatingFactsType {
    return typedFacts(this.facts as Partial<CeilingFacts>);
  }
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
  @Field(() => String, { nullable: true, description: 'Reason recorded for a decision above the ceiling.' }) overrideReason: string | null;
  @Field(() => String, { nullable: true, description: 'The office the deciding body acted through, if any.' }) authorityOffice:
    string | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true }) annulledAt: Date | null;
  @Field(() => String, { nullable: true }) annulReason: string | null;
  @Field(() => String, { nullable: true, description: 'Why a dependent result must be looked at again (after a re-rating).' })
  flaggedReason: string | null;
  @Field(() => Int, { description: 'Optimistic version: send it back as expectedVersion.' }) version: number;
}

@ObjectType('Consultation', { implements: Node, description: 'An opinion a body must give before the decision (003 §II.5.2).' })
export class ConsultationType implements Node {
  dbId: string;
  ratingId: string;
  bodyId: string;
  @Field(() => ID) get id(): string {
    return toGlobalId('Consultation', this.dbId);
  }
  @Field() source: string;
  @Field(() => RatingLevelEnum, { nullable: true }) opinionLevel: Level | null;
  @Field(() => String, { nullable: true }) opinion: string | null;
  @Field(() => [CriterionScoreType], {
    nullable: true,
    description: 'The criteria as the consulted body graded them, where it did (004 §II.4.1 step 2).',
  })
  criteria: CriterionScoreType[] | null;
  @Field(() => Date, { nullable: true }) givenAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the decision differs from this opinion.' }) deviationReason: string | null;
  @Field(() => ConsultationPurposeEnum) purpose: 'OPINION' | 'REVERIFICATION' | 'TRANSFER';
}

@ObjectType('ReviewSuggestion', {
  implements: Node,
  description: 'A review suggestion (gợi ý kiểm điểm) from a managing body, drafted perhaps by its advisory body, and the answer.',
})
export class ReviewSuggestionType implements Node {
  dbId: string;
  ratingId: string;
  issuedByBodyId: string | null;
  draftedByBodyId: string | null;
  @Field(() => ID) get id(): string {
    return toGlobalId('ReviewSuggestion', this.dbId);
  }
  @Field() text: string;
  @Field(() => Date, { nullable: true, description: 'Null while it is a draft.' }) issuedAt: Date | null;
  @Field(() => Date, { nullable: true }) draftedAt: Date | null;
  @Field(() => String, { nullable: true }) answer: string | null;
  @Field(() => Date, { nullable: true }) answeredAt: Date | null;
}

export const RatingConnection = Connection(RatingType, 'Rating');

@ObjectType('RatingPayload')
export class RatingPayload {
  @Field(() => RatingType, { nullable: true }) rating: RatingType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType('BallotsInput', { description: 'Valid ballots per level, and the members convened (not those present).' })
export class BallotsInput {
  @Field(() => Int) convened: number;
  @Field(() => Int, { defaultValue: 0 }) excellent: number;
  @Field(() => Int, { defaultValue: 0 }) good: number;
  @Field(() => Int, { defaultValue: 0 }) complete: number;
  @Field(() => Int, { defaultValue: 0 }) notComplete: number;
  @Field(() => String, {
    nullable: true,
    description:
      'The day of the vote (YYYY-MM-DD, today when not given): no more may be convened than the voting body has members that day.',
  })
  heldOn?: string | null;
}

@InputType('TargetsInput')
export class TargetsInput {
  @Field(() => Int) total: number;
  @Field(() => Int) done: number;
  @Field(() => Int, { defaultValue: 0 }) exceeded: number;
  @Field(() => Int, { defaultValue: 0, description: 'Done but short on quality or timeliness (late, for point packs).' }) short: number;
  @Field({ defaultValue: false }) keyTargetsMissed: boolean;
  @Field({ defaultValue: false }) forceMajeure: boolean;
}

@InputType('CriterionInput')
export class CriterionInput {
  @Field() id: string;
  @Field(() => CriterionGradeEnum, { nullable: true, description: 'Graded packs.' }) grade?: string | null;
  @Field(() => Int, { nullable: true, description: 'Points (point-scored packs).' }) points?: number | null;
}

@InputType('ShareInput', { description: 'A ballot or count: how many of how many.' })
export class ShareInput {
  @Field(() => Int) count: number;
  @Field(() => Int) of: number;
}

@InputType('ResidentBallotsInput', {
  description: "The residence party cell's ballots on a member: positive, neutral and negative (the ballots cast are their sum).",
})
export class ResidentBallotsInput {
  @Field(() => Int) positive: number;
  @Field(() => Int, { defaultValue: 0 }) neutral: number;
  @Field(() => Int) negative: number;
}

@InputType('DisciplineInput')
export class DisciplineInput {
  @Field() disciplined: boolean;
  @Field({
    defaultValue: false,
    description:
      'Self-detected (or due to force majeure) and its consequences remedied: under 366 the deciding level may set the trigger aside with a reason.',
  })
  selfDetectedAndRemedied: boolean;
  @Field({
    defaultValue: false,
    description:
      'The violation was committed in an earlier period (as the discipline decision shows): it counts in that period’s rating, re-rated, not in this one (004 §II.7.8, §II.7.10).',
  })
  committedInEarlierPeriod: boolean;
  @Field({
    defaultValue: false,
    description:
      'A member of a collective: the violation was committed at a previous unit, where it counts, not against this collective (004 §II.7.9; 366-QĐ/TW Art. 11).',
  })
  atPreviousUnit: boolean;
  @Field({
    defaultValue: false,
    description: 'A member of a collective: the violation is unrelated to the member’s duties here (366-QĐ/TW Art. 11).',
  })
  unrelatedToDuty: boolean;
}

@InputType('ShortcomingsInput', {
  description: 'The shortcomings found at the previous review, and how many are remedied (366-QĐ/TW Art. 11).',
})
export class ShortcomingsInput {
  @Field(() => Int) found: number;
  @Field(() => Int) remedied: number;
}

@InputType('ProductResultInput', { description: 'One product of a civil servant’s monthly or quarterly task results (335/2025/NĐ-CP).' })
export class ProductResultInput {
  @Field(() => Float, { description: 'The converted work units it counts for (its weight), more than 0.' }) units: number;
  @Field(() => Float, { description: 'The share of the planned quantity delivered, 0 to 1.' }) quantity: number;
  @Field(() => Int, { defaultValue: 0, description: 'Major quality errors: each costs a share of its quality points.' })
  majorErrors: number;
  @Field(() => Int, { defaultValue: 0, description: 'Delays: each costs a share of its timeliness points.' }) delays: number;
  @Field({ defaultValue: false, description: 'The errors and delays had objective causes: no penalty.' }) objectiveCause: boolean;
}

@InputType('CivilServiceResultsInput', {
  description:
    'A civil servant’s results of the period, from which the pack computes the civil-service level where none is imported (335/2025/NĐ-CP).',
})
export class CivilServiceResultsInput {
  @Field(() => Float, { description: 'Points of the general criteria (0 to the pack’s general part).' }) generalPoints: number;
  @Field(() => [ProductResultInput]) products: ProductResultInput[];
}

@InputType('PreviousOrganizationInput', {
  description: 'The party organization a member moved from during the year (004 §II.7.13).',
})
export class PreviousOrganizationInput {
  @Field({ description: 'The organization, as its code or name.' }) name: string;
  @Field(() => Int, { description: 'Months of party activity there in the year, 0 to 12: from 6 its written comment is required.' })
  months: number;
  @Field(() => String, { nullable: true, description: 'Its written comment (ý kiến nhận xét), once received.' }) comment?: string | null;
}

@InputType('TemporaryBranchInput', {
  description:
    'The branch a member is attached to temporarily (sinh hoạt tạm thời): rated at the official branch with its comment (004 §II.7.14).',
})
export class TemporaryBranchInput {
  @Field({ description: 'The branch, as its code or name.' }) name: string;
  @Field(() => String, { nullable: true, description: 'Its written comment, once received: required before the decision.' }) comment?:
    string | null;
}

@InputType('FactsInput', { description: 'Facts the verifying staff establish (DOMAIN §7). Absent facts are not checked.' })
export class FactsInput {
  @Field(() => RatingLevelEnum, { nullable: true, description: 'The civil-service level, imported from the personnel system.' })
  civilServiceLevel?: Level | null;
  @Field(() => String, {
    nullable: true,
    description: 'The comment of whoever manages and employs the civil servant (Mẫu 02: "nhận xét, đánh giá của người quản lý, sử dụng").',
  })
  managerComment?: string | null;
  @Field(() => CivilServiceResultsInput, {
    nullable: true,
    description: 'Or the task results it is computed from (packs with a civil-service rule: 335/2025/NĐ-CP).',
  })
  civilServiceResults?: CivilServiceResultsInput | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Members: months of sick leave in the year, 0 to 12; 3 or more and the member is rated on the time actually worked (004 §II.7.12).',
  })
  sickLeaveMonths?: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Members: maternity leave in the year: rated on the time actually worked (004 §II.7.12).',
  })
  maternityLeave?: boolean | null;
  @Field(() => PreviousOrganizationInput, { nullable: true, description: 'Members who moved during the year (004 §II.7.13).' })
  previousOrganization?: PreviousOrganizationInput | null;
  @Field(() => TemporaryBranchInput, { nullable: true, description: 'Members attached temporarily to another branch (004 §II.7.14).' })
  temporaryBranch?: TemporaryBranchInput | null;
  @Field(() => BallotsInput, { nullable: true, description: "Colleagues' ballots (convened = cast)." })
  colleagueBallots?: BallotsInput | null;
  @Field(() => ResidentBallotsInput, {
    nullable: true,
    description: "Residents' ballots, positive, neutral and negative counted apart (years with a residence ballot, 004 §II.5.2).",
  })
  residentBallots?: ResidentBallotsInput | null;
  @Field(() => ShareInput, { nullable: true }) lowConfidence?: ShareInput | null;
  @Field(() => DisciplineInput, { nullable: true }) discipline?: DisciplineInput | null;
  @Field(() => Boolean, { nullable: true }) degenerated?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Head transferred in and unconnected with the unit’s level (004 §II.7.15).' })
  transferredInUnconnected?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Secretary who led the unit to an outstanding result.' }) outstandingResult?:
    boolean | null;
  @Field(() => TargetsInput, { nullable: true, description: 'Leaders: targets of the area led.' }) areaTargets?: TargetsInput | null;
  @Field(() => BallotsInput, { nullable: true, description: 'Leaders: levels of the directly managed units (convened = number of units).' })
  managedUnits?: BallotsInput | null;
  @Field(() => DisciplineInput, { nullable: true }) memberDisciplined?: DisciplineInput | null;
  @Field(() => DisciplineInput, { nullable: true }) subordinateCorruption?: DisciplineInput | null;
  @Field(() => ShareInput, { nullable: true }) subordinatesDisciplined?: ShareInput | null;
  @Field(() => ShortcomingsInput, {
    nullable: true,
    description: '366: EXCELLENT needs every shortcoming of the previous review remedied.',
  })
  previousShortcomings?: ShortcomingsInput | null;
  @Field(() => DisciplineInput, { nullable: true, description: '366, collectives: violations in personnel work.' })
  personnelViolation?: DisciplineInput | null;
  @Field(() => Boolean, { nullable: true, description: '366, individuals: concluded not exemplary.' }) notExemplary?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: '366: a member working outside the political system (retired, studying, private sector), reviewed on Mẫu 2C.',
  })
  outsidePoliticalSystem?: boolean | null;
}

@InputType('DeviationInput')
export class DeviationInput {
  @Field(() => ID) consultation: string;
  @Field() reason: string;
}

@ObjectType('StateDifference', { description: 'A rating whose stored state is not what its audit trail says.' })
export class StateDifferenceType {
  @Field(() => ID) get rating(): string {
    return toGlobalId('Rating', this.ratingId);
  }
  ratingId: string;
  @Field({ description: 'The subject’s code.' }) subject: string;
  @Field({ description: 'trail (no event at all), stage, decidedLevel, version or annulled.' }) field: string;
  @Field(() => String, { nullable: true }) stored: string | null;
  @Field(() => String, { nullable: true, description: 'What the last event about the rating says.' }) trail: string | null;
}

@ObjectType('AuditChainCheck')
export class AuditChainCheckType {
  @Field({ description: 'The keyed chain is unbroken.' }) valid: boolean;
  @Field(() => Int) checked: number;
  @Field(() => String, { nullable: true, description: 'Id of the first event where the chain breaks.' }) firstBrokenId: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field({ description: 'Every rating in your audit scope is in the state its trail gives.' }) ratingsAgree: boolean;
  @Field(() => Int) ratingsChecked: number;
  @Field(() => Int) stateDifferenceCount: number;
  @Field(() => [StateDifferenceType], { description: 'The first 100 differences, by rating.' }) stateDifferences: StateDifferenceType[];
  @Field({
    description:
      'The subject tally and the quota tally count what the rows hold, in your audit scope (the quota tally by the deciding body’s unit).',
  })
  tallyAgrees: boolean;
  @Field(() => Int) tallyDifferenceCount: number;
}

/** The columns of a consultation and of a review suggestion as their types read them. */
export const CONSULTATION_COLUMNS = selectList(Consultation, 'consultation', {
  as: { id: 'dbId' },
  omit: ['requestedAt', 'givenBy', 'unitPath'],
});
export const SUGGESTION_COLUMNS = selectList(ReviewSuggestion, 'review_suggestion', {
  as: { id: 'dbId' },
  omit: ['issuedBy', 'draftedBy', 'unitPath'],
});

/** A rating row as its GraphQL type: the row's id is the type's `dbId`. */
/** The properties a Rating is read with (RATING_COLUMNS). */
export const RATING_PROPERTIES = propertiesOf(Rating);
/**
 * What the fields of Rating that are not columns read: its getters above and the field resolvers of workflow-resolver.ts.
 * A field not named here nor a column (one that reads the rating whole: replaces, parts, dossier, suggestions,
 * complaints…) makes a page read every column.
 */
export const RATING_FIELD_READS = {
  concerns: ['facts'],
  recordedFacts: ['facts'],
  documents: ['replacesId', 'facts'],
  subject: ['subjectKind', 'subjectRefId'],
  cycle: ['cycleId'],
  authority: ['authorityBodyId'],
  reRatedBy: ['reRatedByBodyId'],
  delegation: ['delegationId'],
  consultations: [],
};

export const toRatingType = ({ id, ...row }: Rating): RatingType => Object.assign(new RatingType(), { ...row, dbId: id });
