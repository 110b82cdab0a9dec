import { Finding } from './finding';

/** What must be decided before a subject can be (DOMAIN §10; 004 §II.7.3). */
export type PrerequisiteKind =
  | 'LEADERSHIP_COLLECTIVE_OF_LEADER'
  | 'UNIT_OF_HEAD'
  | 'CIVIL_SERVICE_RATING'
  | 'MEMBERS_AND_SUBORDINATES'
  | 'SAME_LEVEL_BODIES'
  | 'LOWER_COLLECTIVES'
  | 'MEMBER_AT_BRANCH';

export interface Prerequisite {
  kind: PrerequisiteKind;
  /** What it is, for the message, e.g. the code of the collective. */
  subject: string;
  decided: boolean;
}

/** A rule of order: its id, its clause, and what it says in both languages. */
interface OrderRule {
  rule: string;
  source: string;
  en: string;
  vi: string;
}

const ORDER_RULES: Record<PrerequisiteKind, OrderRule> = {
  LEADERSHIP_COLLECTIVE_OF_LEADER: {
    rule: 'order.collective-before-leaders',
    source: '004 §II.7.3',
    en: 'the leadership collective is rated before its individual members',
    vi: 'đánh giá tập thể lãnh đạo, quản lý trước, cá nhân thành viên sau',
  },
  UNIT_OF_HEAD: {
    rule: 'order.unit-before-head',
    source: '004 §II.7.15; DOMAIN §10',
    en: 'the unit is rated before its head',
    vi: 'xếp loại tập thể trước, người đứng đầu sau',
  },
  CIVIL_SERVICE_RATING: {
    rule: 'order.civil-service-first',
    source: '004 §II.7.3',
    en: "a civil servant's party rating comes after the civil-service rating",
    vi: 'đảng viên là công chức, viên chức xếp loại sau khi có kết quả xếp loại công chức, viên chức',
  },
  MEMBERS_AND_SUBORDINATES: {
    rule: 'order.members-before-organization',
    source: '004 §II.5.1; DOMAIN §10',
    en: 'a party organization is rated after its members and subordinate organizations, whose levels its standard counts',
    vi: 'tổ chức đảng xếp loại sau đảng viên và tổ chức đảng trực thuộc',
  },
  SAME_LEVEL_BODIES: {
    rule: 'order.bodies-before-party',
    source: '004 §II.4.1; DOMAIN §10',
    en: 'government, Front and mass bodies are rated before the party organization',
    vi: 'chính quyền, Mặt trận, đoàn thể xếp loại trước tổ chức đảng',
  },
  LOWER_COLLECTIVES: {
    rule: 'order.lower-before-upper',
    source: '004 §II.7.3',
    en: 'lower collectives are rated before upper ones',
    vi: 'đánh giá tập thể cấp dưới trước, cấp trên sau',
  },
  MEMBER_AT_BRANCH: {
    rule: 'order.branch-before-collective',
    source: '003 §II.4.4',
    en: 'a member of a leadership collective is rated as a party member at the branch first, then at the collective',
    vi: 'đánh giá, xếp loại đảng viên ở chi bộ trước, ở tập thể lãnh đạo, quản lý sau',
  },
};

/** The order prerequisites not yet met, one finding each; empty when the subject may be decided. */
export function unmetPrerequisites(prerequisites: Prerequisite[]): Finding[] {
  return prerequisites
    .filter((p) => !p.decided)
    .map((p) => {
      const r = ORDER_RULES[p.kind];
      return {
        rule: r.rule,
        source: r.source,
        message: `${p.subject} must be decided first: ${r.en}`,
        messageVi: `cần xếp loại ${p.subject} trước: ${r.vi}`,
        figures: { waitingFor: p.subject, prerequisite: p.kind },
      };
    });
}

/** What must have been reviewed (kiểm điểm) before a subject's review (004 §I.4.2; 003 §II.4.2). */
export type ReviewPrerequisiteKind =
  'COLLECTIVE_BEFORE_MEMBERS' | 'HEAD_BEFORE_DEPUTIES' | 'BRANCH_BEFORE_COLLECTIVE' | 'BODIES_BEFORE_PARTY';

export interface ReviewPrerequisite {
  kind: ReviewPrerequisiteKind;
  /** What it is, for the message, e.g. the code of the collective. */
  subject: string;
  /** The day its review was held, null while it has not been. */
  heldOn: string | null;
}

const REVIEW_ORDER_RULES: Record<ReviewPrerequisiteKind, OrderRule> = {
  COLLECTIVE_BEFORE_MEMBERS: {
    rule: 'review-order.collective-before-individuals',
    source: '004 §I.4.2; 003 §II.4.2',
    en: 'the collective is reviewed before the individuals',
    vi: 'kiểm điểm tập thể trước, cá nhân sau',
  },
  HEAD_BEFORE_DEPUTIES: {
    rule: 'review-order.head-before-deputies',
    source: '004 §I.4.2; 003 §II.4.2',
    en: 'the head is reviewed before the deputies and members',
    vi: 'người đứng đầu trước, cấp phó và các thành viên sau',
  },
  BRANCH_BEFORE_COLLECTIVE: {
    rule: 'review-order.branch-before-collective',
    source: '004 §I.4.2',
    en: 'a member holding a leadership post is reviewed at the branch first, then in the leadership collective',
    vi: 'đảng viên giữ chức vụ lãnh đạo, quản lý kiểm điểm ở chi bộ trước, ở tập thể lãnh đạo, quản lý sau',
  },
  BODIES_BEFORE_PARTY: {
    rule: 'review-order.bodies-before-party',
    source: '004 §I.4.2; 003 §II.4.2',
    en: 'the government, professional and mass bodies’ collectives are reviewed before the party committee and organization',
    vi: 'tập thể lãnh đạo, quản lý của chính quyền, chuyên môn, đoàn thể trước, cấp ủy, tổ chức đảng sau',
  },
};

/**
 * The reviews that must come first and were not held on or before `heldOn`, one finding each. The same
 * day passes: a conference reviews the collective, then its head, then the others, in one sitting. A leader
 * reviewed `atBranch` instead of in the collective (a committee member suspended from committee activity,
 * 004 §II.7.16) waits only for the branch.
 */
export function reviewOrderFindings(prerequisites: ReviewPrerequisite[], heldOn: string, atBranch = false): Finding[] {
  return prerequisites
    .filter((p) => !atBranch || p.kind === 'BRANCH_BEFORE_COLLECTIVE')
    .filter((p) => p.heldOn === null || p.heldOn > heldOn)
    .map((p) => {
      const r = REVIEW_ORDER_RULES[p.kind];
      const when = p.heldOn === null ? 'has not been reviewed' : `was reviewed on ${p.heldOn}, after ${heldOn}`;
      const whenVi = p.heldOn === null ? 'chưa kiểm điểm' : `kiểm điểm ngày ${p.heldOn}, sau ngày ${heldOn}`;
      return {
        rule: r.rule,
        source: r.source,
        message: `${p.subject} ${when}: ${r.en}`,
        messageVi: `${p.subject} ${whenVi}: ${r.vi}`,
        figures: { waitingFor: p.subject, prerequisite: p.kind, heldOn: p.heldOn, reviewOn: heldOn },
      };
    });
}
