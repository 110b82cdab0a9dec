/** How the review meeting is prepared (004 §I.4.1.1; 43-HD/BTCTW): pure checks on dates the workflow records. */
import { workingDaysBetween } from './dates';
import { Finding } from './finding';
import type { RulePack } from './packs/rule-pack';

/**
 * The draft report of a collective must reach the meeting's members at least N working days before
 * the meeting, the day it is sent counted: sent on a Monday, a meeting on Thursday is 3 days after.
 * A collective's review without the date it was sent is refused too: nothing passes by omission.
 */
export function draftReportFindings(pack: RulePack, collective: boolean, draftSentOn: string | null, heldOn: string): Finding[] {
  const { draftReportWorkingDays: needed, draftReportSource: source } = pack.process;
  if (!collective || needed === 0) return [];
  if (!draftSentOn) {
    return [
      {
        rule: 'review.draft-report-date',
        source,
        figures: { needed },
        message: `a collective's review needs the day its draft report was sent to the members (at least ${needed} working days before the meeting)`,
        messageVi: `cần ghi ngày gửi dự thảo báo cáo kiểm điểm cho các thành viên (trước hội nghị ít nhất ${needed} ngày làm việc)`,
      },
    ];
  }
  const days = workingDaysBetween(draftSentOn, heldOn);
  if (days >= needed) return [];
  return [
    {
      rule: 'review.draft-report-notice',
      source,
      figures: { draftSentOn, heldOn, workingDays: days, needed },
      message: `the draft report was sent ${days} working days before the meeting of ${heldOn}; at least ${needed} are needed`,
      messageVi: `dự thảo báo cáo kiểm điểm gửi trước hội nghị ${days} ngày làm việc; cần ít nhất ${needed} ngày làm việc`,
    },
  ];
}

/** Where a small collective was reviewed: the host rating's code and the day its review was held (null: not yet). */
export interface ReviewHost {
  code: string;
  heldOn: string | null;
}

/**
 * A leadership collective of fewer than N members is not reviewed on its own but at its party
 * organization or its agency's collective (004 §II.7.4; 43-HD/BTCTW): its review names that host,
 * whose review must be held, and on the same day.
 */
export function smallCollectiveFindings(pack: RulePack, members: number, host: ReviewHost | null, heldOn: string): Finding[] {
  const { smallCollectiveMembers: n, smallCollectiveSource: source } = pack.process;
  if (n === 0 || members >= n) return [];
  if (!host) {
    return [
      {
        rule: 'review.small-collective-host',
        source,
        figures: { members, atLeast: n },
        message: `a collective of ${members} members (fewer than ${n}) is reviewed at its party organization or its agency's collective: name that review (reviewedWith)`,
        messageVi: `tập thể có ${members} thành viên (dưới ${n}) kiểm điểm ở tổ chức đảng, tập thể cơ quan, đơn vị: nêu cuộc kiểm điểm đó`,
      },
    ];
  }
  if (host.heldOn === heldOn) return [];
  return [
    {
      rule: 'review.small-collective-same-meeting',
      source,
      figures: { members, host: host.code, hostHeldOn: host.heldOn, heldOn },
      message: host.heldOn
        ? `reviewed at the meeting of ${host.code}, held on ${host.heldOn}, not on ${heldOn}`
        : `the review of ${host.code}, where this collective is reviewed, is not held yet`,
      messageVi: `kiểm điểm cùng hội nghị của ${host.code}`,
    },
  ];
}
