import { Finding } from './finding';

/** A committee seat suspended from committee activity (đình chỉ sinh hoạt cấp ủy): the committee, the day, the decision. */
export interface CommitteeSuspension {
  body: string;
  suspendedOn: string;
  decisionRef: string;
}

/**
 * 004 §II.7.16: a committee member suspended from committee activity reviews their responsibility for the time
 * before the suspension, at the branch where they are active — not in the committee's collective. A leader's
 * review in that committee is therefore the branch's meeting: the member's review at the branch, held the same
 * day. `branchHeldOn` is the day of that review (null: not held, or no rating as a member is open).
 */
export function suspendedMemberReviewFindings(
  s: CommitteeSuspension,
  branch: string | null,
  branchHeldOn: string | null,
  heldOn: string,
): Finding[] {
  if (branchHeldOn === heldOn) return [];
  const where = branch ?? 'the rating as a party member';
  return [
    {
      rule: 'review.suspended-committee-member',
      source: '004 §II.7.16',
      figures: { body: s.body, suspendedOn: s.suspendedOn, decisionRef: s.decisionRef, branchReview: branch, branchHeldOn, heldOn },
      message: `suspended from ${s.body} on ${s.suspendedOn}: reviewed for the time before the suspension at the branch where they are active, at the meeting of ${where} (held: ${branchHeldOn ?? 'not yet'}), not on ${heldOn}`,
      messageVi: `cấp ủy viên bị đình chỉ sinh hoạt cấp ủy từ ngày ${s.suspendedOn}: kiểm điểm trách nhiệm trong thời gian trước khi bị đình chỉ, tại chi bộ nơi đang sinh hoạt`,
    },
  ];
}

/** The note a suspended member's rating keeps: the review covered the time before the suspension (004 §II.7.16). */
export function suspensionNote(s: CommitteeSuspension | undefined): Finding[] {
  if (!s) return [];
  return [
    {
      rule: 'review.time-before-suspension',
      source: '004 §II.7.16',
      figures: { body: s.body, suspendedOn: s.suspendedOn, decisionRef: s.decisionRef },
      message: `suspended from committee activity in ${s.body} on ${s.suspendedOn} (${s.decisionRef}): the review covers the responsibility for the time before, held at the branch`,
      messageVi: `bị đình chỉ sinh hoạt cấp ủy từ ngày ${s.suspendedOn} (${s.decisionRef}): kiểm điểm trách nhiệm trong thời gian trước khi bị đình chỉ, tại chi bộ nơi đang sinh hoạt`,
    },
  ];
}
