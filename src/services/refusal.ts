import { Finding } from '../rules';

/**
 * The codes of `userErrors`: input and rule refusals, each stable, listed here once and published
 * as the schema's `UserErrorCode` enum. Authority refusals are not among them: they are raised at the
 * top level (FORBIDDEN, or NOT_FOUND where existence must not leak), see `AuthorityRefusal`.
 */
export const USER_ERROR_CODES = {
  ALREADY_RAISED: 'The quota of this scope is already raised by a recorded decision.',
  BAD_BALLOTS: 'The ballot counts do not add up (more votes than members convened, negative counts).',
  BAD_FACTS: 'A fact recorded for the decision is out of range or inconsistent.',
  BAD_GRADE: 'A criterion grade is not one of the template’s grades.',
  BAD_POINTS: 'A criterion’s points are outside 0 to its maximum.',
  BAD_TARGETS: 'Targets must satisfy exceeded ≤ done ≤ total and short ≤ done.',
  BALLOTS_REQUIRED: 'The level is voted by secret ballot: the ballot counts are required.',
  BALLOTS_MISMATCH: 'The ballots give another level than the one asked for.',
  BALLOTS_NO_RESULT: 'No level has the votes it needs.',
  CEILING_EXCEEDED: 'The level is above what the standards allow for this subject; an override needs a reason.',
  CONVENED_OVER_MEMBERS: 'More members convened than the voting body has on the day (invitees have no vote).',
  CONSULTATION_MISSING: 'A body that must be consulted has given no opinion yet.',
  DEADLINE_UNKNOWN: 'The cycle sets no such deadline for the unit’s tier, or it is one the ratings themselves meet.',
  DEVIATION_REASON_MISSING: 'The decision differs from a consulted opinion without a reason.',
  DRAFT_REPORT_DATE_MISSING: 'A collective’s review needs the day its draft report was sent to the members.',
  DRAFT_REPORT_LATE: 'The draft report reached the members fewer working days before the meeting than the rules ask.',
  DUPLICATE_CRITERION: 'A criterion is graded twice.',
  FACT_MISSING: 'A fact the decision depends on is not recorded yet; the error names it and who records it.',
  GRADE_REQUIRED: 'A criterion of the template has no grade.',
  IDEMPOTENCY_KEY_REUSED: 'You used this idempotency key for another rating.',
  IMPORT_INVALID: 'The dataset file has a problem at the path given.',
  NO_UPPER_COMMITTEE: 'No party committee above the subject is recorded: its re-rating belongs to bodies outside this system.',
  OVERRIDE_NOT_ALLOWED:
    'Under 366-QĐ/TW only a trigger self-detected or due to force majeure, and remedied, may be set aside: the score, the conditions and other triggers may not.',
  ORDER_PREREQUISITE: 'What must be decided first is not decided yet.',
  PROPOSAL_MISSING: 'A member is decided above the branch only after the branch votes its proposal.',
  QUOTA_EXCEEDED: 'EXCELLENT would exceed its share of GOOD in the quota scope.',
  RAISE_NOT_ALLOWED: 'The cycle’s rule pack allows no raise of the quota.',
  REASON_REQUIRED: 'A new result needs the reason the old one is annulled; a raise of the quota, its decision and reason.',
  REORGANIZATION_INVALID: 'The reorganization cannot take effect as asked; every problem is listed and nothing changed.',
  REPORT_NOT_APPROVED: 'The review report must be approved before the review is held.',
  REVIEW_HOST_INVALID: 'The review named as the host of a small collective’s review is not one it can be reviewed at.',
  REVERIFICATION_MISSING:
    'Complaints or signs of disunity were recorded: the committee directly above must re-verify before the decision (366-QĐ/TW Art. 12).',
  REVIEW_NOT_HELD: 'A subject is rated only after its review is held.',
  REVIEW_ORDER: 'A review that comes first (the collective, the head, the branch, the same-level bodies) was not held by that day.',
  SELF_ASSESSMENT_INCOMPLETE: 'A graded item of the form is missing from the self-assessment.',
  SMALL_COLLECTIVE_REVIEW:
    'A collective of fewer than 3 members is reviewed at its party organization or its agency’s collective, at that meeting (004 §II.7.4; 43-HD/BTCTW).',
  STALE_VERSION: 'The rating changed since you read it.',
  SUGGESTIONS_UNANSWERED: 'Review suggestions are not answered yet.',
  SUSPENDED_MEMBER_REVIEW:
    'A committee member suspended from committee activity is reviewed at their branch, at its meeting, for the time before the suspension (004 §II.7.16).',
  UNKNOWN_CRITERION: 'A criterion is not in the template of the form.',
  VERIFICATION_MISSING: 'The compiling staff must verify before the decision.',
  VOTERS_UNKNOWN: 'The members who vote in the body are not recorded, so the members convened cannot be checked.',
  VOTES_DIFFER:
    'The places where this person is reviewed voted different levels: the competent level considers and decides, saying what it considered (004 §II.7.3).',
  WRONG_STAGE: 'The step may not start from the rating’s stage.',
} as const;
export type UserErrorCode = keyof typeof USER_ERROR_CODES;

/** Refusals for who the caller is, raised at the top level: NOT_FOUND (an id they may not see) or NOT_AUTHORIZED (FORBIDDEN). */
export type AuthorityCode = 'NOT_FOUND' | 'NOT_AUTHORIZED';

/** A user error in the payload convention: stable code, field path, message, rule and clause, figures. */
export interface UserErrorShape {
  code: UserErrorCode | AuthorityCode;
  field: string[];
  message: string;
  /** The message in Vietnamese, where the rule gives one (answered as `message` to `Accept-Language: vi`). */
  messageVi?: string | null;
  rule: string | null;
  source: string | null;
  figures: Record<string, unknown> | null;
}

/** Thrown inside a transaction to refuse a mutation: the transaction rolls back and the payload lists the errors. */
export class Refusal extends Error {
  constructor(readonly userErrors: UserErrorShape[]) {
    super(userErrors.map((e) => e.message).join('; '));
    // A payload with neither the result nor an error would read as nothing happening: a refusal always says why.
    if (userErrors.length === 0) throw new Error('a refusal with no user error');
  }
}

export function refuse(
  code: UserErrorCode | AuthorityCode,
  message: string,
  field: string[] = ['input'],
  figures: Record<string, unknown> | null = null,
): never {
  throw new Refusal([{ code, field, message, rule: null, source: null, figures }]);
}

/** A refusal made by a rule of the texts: its id and clause go with it, so an auditor can trace it. */
export function refuseByRule(
  code: UserErrorCode,
  rule: string,
  source: string,
  message: string,
  field: string[] = ['input'],
  figures: Record<string, unknown> | null = null,
): never {
  throw new Refusal([{ code, field, message, rule, source, figures }]);
}

/** Refuses with one user error per finding of the rules engine. */
export function refuseWith(code: UserErrorCode, findings: Finding[], field: string[] = ['input']): never {
  throw new Refusal(
    findings.map((f) => ({ code, field, message: f.message, messageVi: f.messageVi, rule: f.rule, source: f.source, figures: f.figures })),
  );
}

/**
 * The answer for a row that does not exist and for one the caller may not see: the same code,
 * field and message, so that a refusal never tells an outsider that an id exists.
 */
export function noSuch(what: Missing): never {
  throw new Refusal([missing(what)]);
}

export type Missing = 'rating' | 'subject' | 'consultation' | 'suggestion' | 'complaint';

export function missing(what: Missing): UserErrorShape {
  const names = {
    rating: 'rating',
    subject: 'subject',
    consultation: 'consultation',
    suggestion: 'review suggestion',
    complaint: 'complaint',
  };
  return { code: 'NOT_FOUND', field: ['input', what], message: `no such ${names[what]}`, rule: null, source: null, figures: null };
}

/** A caller's idempotency key already used for another rating (found before deciding, or by the unique index meanwhile). */
export const KEY_REUSED: UserErrorShape = {
  code: 'IDEMPOTENCY_KEY_REUSED',
  field: ['input', 'idempotencyKey'],
  message: 'you used this idempotency key for another rating',
  rule: null,
  source: null,
  figures: null,
};
