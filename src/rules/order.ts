import { Finding } from './finding';

/** What must be decided before a subject can be (DOMAIN §10; 004 §II.7.3). */
export type PrerequisiteKind =
  | 'LEADERSHIP_COLLECTIVE_OF_LEADER'
  | 'UNIT_OF_HEAD'
  | 'CIVIL_SERVICE_RATING'
  | 'MEMBERS_AND_SUBORDINATES'
  | 'SAME_LEVEL_BODIES'
  | 'LOWER_COLLECTIVES';

export interface Prerequisite {
  kind: PrerequisiteKind;
  /** What it is, for the message, e.g. the code of the collective. */
  subject: string;
  decided: boolean;
}

const ORDER_RULES: Record<PrerequisiteKind, { rule: string; source: string; en: string; vi: string }> = {
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
