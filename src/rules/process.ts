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
    return [{
      rule: 'review.draft-report-date', source, figures: { needed },
      message: `a collective's review needs the day its draft report was sent to the members (at least ${needed} working days before the meeting)`,
      messageVi: `cần ghi ngày gửi dự thảo báo cáo kiểm điểm cho các thành viên (trước hội nghị ít nhất ${needed} ngày làm việc)`,
    }];
  }
  const days = workingDaysBetween(draftSentOn, heldOn);
  if (days >= needed) return [];
  return [{
    rule: 'review.draft-report-notice', source, figures: { draftSentOn, heldOn, workingDays: days, needed },
    message: `the draft report was sent ${days} working days before the meeting of ${heldOn}; at least ${needed} are needed`,
    messageVi: `dự thảo báo cáo kiểm điểm gửi trước hội nghị ${days} ngày làm việc; cần ít nhất ${needed} ngày làm việc`,
  }];
}
