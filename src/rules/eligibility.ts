import { SubjectKind } from '../model/kinds';
import { addCalendarMonths } from './dates';
import { Finding } from './finding';
import { RulePack } from './packs/rule-pack';

export const NOT_RATED_REASONS = [
  'NEW_MEMBER',
  'EXEMPTED',
  'SUSPENDED',
  'NEW_ORGANIZATION',
  'NEW_APPOINTEE',
  'RATED_AT_OTHER_POST',
  /** A party organization or collective that a merger or a split ended (004 §II.7.11). */
  'REORGANIZED',
] as const;
export type NotRatedReason = (typeof NOT_RATED_REASONS)[number];

export interface EligibilityFacts {
  kind: SubjectKind;
  /** Party members: status and admission date. */
  membership?: { status: 'OFFICIAL' | 'PROBATIONARY' | 'EXEMPTED' | 'SUSPENDED'; admittedOn: string };
  /** Party organizations and collectives: foundation (or split/merger) date. */
  foundedOn?: string | null;
  /** Leaders: appointment to the post being rated. */
  appointedOn?: string;
  /** Months of sick leave in the year; maternity leave. Rated on the time actually worked (004 §II.7.12). */
  sickLeaveMonths?: number;
  maternityLeave?: boolean;
}

export interface Eligibility {
  eligible: boolean;
  reason: NotRatedReason | null;
  /** Notes that do not stop the rating, e.g. rated on the time actually worked. */
  notes: Finding[];
  findings: Finding[];
}

/** DOMAIN §15.5: "less than 6 months" = the date plus 6 calendar months is after the reference date. */
export function lessThanMonths(since: string, months: number, referenceDate: string): boolean {
  return addCalendarMonths(since, months) > referenceDate;
}

/** Who is rated in a cycle (DOMAIN §3, 004 §II.1.2, §II.7.11–7.12). Everyone not rated is still reviewed. */
export function eligibility(facts: EligibilityFacts, referenceDate: string, pack: RulePack): Eligibility {
  const { minMonths, source } = pack.eligibility;
  const notRated = (
    reason: NotRatedReason,
    rule: string,
    message: string,
    messageVi: string,
    figures: Finding['figures'],
  ): Eligibility => ({
    eligible: false,
    reason,
    notes: [],
    findings: [{ rule, source, message, messageVi, figures: { referenceDate, minMonths, ...figures } }],
  });
  const m = facts.membership;
  if (m?.status === 'EXEMPTED')
    return notRated(
      'EXEMPTED',
      'eligibility.exempted',
      'exempted from work and party activities: reviewed, not rated',
      'được miễn công tác và sinh hoạt đảng: không xếp loại',
      { status: m.status },
    );
  if (m?.status === 'SUSPENDED')
    return notRated(
      'SUSPENDED',
      'eligibility.suspended',
      'suspended from party activities: not rated',
      'bị đình chỉ sinh hoạt đảng: không xếp loại',
      { status: m.status },
    );
  if (facts.kind === 'PARTY_MEMBER' && m && lessThanMonths(m.admittedOn, minMonths, referenceDate)) {
    return notRated(
      'NEW_MEMBER',
      'eligibility.new-member',
      `admitted ${m.admittedOn}, less than ${minMonths} months before ${referenceDate}`,
      `kết nạp ngày ${m.admittedOn}, chưa đủ ${minMonths} tháng đến ${referenceDate}`,
      { admittedOn: m.admittedOn },
    );
  }
  if (
    (facts.kind === 'PARTY_ORGANIZATION' || facts.kind === 'LEADERSHIP_COLLECTIVE') &&
    facts.foundedOn &&
    lessThanMonths(facts.foundedOn, minMonths, referenceDate)
  ) {
    return notRated(
      'NEW_ORGANIZATION',
      'eligibility.new-organization',
      `founded ${facts.foundedOn}, less than ${minMonths} months before ${referenceDate}: reviewed, not rated`,
      `thành lập ngày ${facts.foundedOn}, chưa đủ ${minMonths} tháng: kiểm điểm, không xếp loại`,
      { foundedOn: facts.foundedOn },
    );
  }
  if (facts.kind === 'LEADER' && facts.appointedOn && lessThanMonths(facts.appointedOn, minMonths, referenceDate)) {
    return notRated(
      'NEW_APPOINTEE',
      'eligibility.new-appointee',
      `appointed ${facts.appointedOn}, less than ${minMonths} months before ${referenceDate}: reviewed, not rated`,
      `bổ nhiệm ngày ${facts.appointedOn}, chưa đủ ${minMonths} tháng: kiểm điểm, không xếp loại`,
      { appointedOn: facts.appointedOn },
    );
  }
  return { eligible: true, reason: null, notes: actualTimeWorked(facts, pack), findings: [] };
}

/**
 * 004 §II.7.12: a member on sick leave for 3 months or more in all in the year ("tổng thời gian trong năm
 * từ 03 tháng trở lên"), or on maternity leave, is rated on the time actually worked — a note on the
 * rating, which stops nothing.
 */
export function actualTimeWorked(facts: Pick<EligibilityFacts, 'sickLeaveMonths' | 'maternityLeave'>, pack: RulePack): Finding[] {
  const months = facts.sickLeaveMonths ?? 0;
  if (months < pack.eligibility.sickLeaveMonths && !facts.maternityLeave) return [];
  return [
    {
      rule: 'eligibility.actual-time-worked',
      source: '004 §II.7.12',
      message: 'sick leave of 3 months or more in the year, or maternity leave: rated on the time actually worked',
      messageVi: 'nghỉ ốm tổng thời gian trong năm từ 03 tháng trở lên hoặc nghỉ thai sản: xếp loại theo thời gian làm việc thực tế',
      figures: { sickLeaveMonths: months, maternityLeave: Boolean(facts.maternityLeave), threshold: pack.eligibility.sickLeaveMonths },
    },
  ];
}

export interface HeldPost {
  id: string;
  rank: number;
  daysHeld: number;
}

/**
 * Several posts: rated once, at the highest post (lowest rank number), or where more time was spent
 * when the posts are equal (004 §II.7.5–7.7). Returns the post to rate at; the others are RATED_AT_OTHER_POST.
 */
export function ratedPost(posts: HeldPost[]): { ratedAt: HeldPost; notRatedAt: HeldPost[]; finding: Finding | null } {
  if (posts.length === 0) throw new RangeError('no posts');
  const sorted = [...posts].sort((a, b) => a.rank - b.rank || b.daysHeld - a.daysHeld || a.id.localeCompare(b.id));
  const [ratedAt, ...notRatedAt] = sorted;
  return {
    ratedAt,
    notRatedAt,
    finding:
      notRatedAt.length === 0
        ? null
        : {
            rule: 'eligibility.rated-once',
            source: '004 §II.7.5–7.7',
            message: `several posts: rated once, at post ${ratedAt.id}`,
            messageVi: `kiêm nhiệm nhiều chức vụ: chỉ xếp loại một lần, tại chức vụ ${ratedAt.id}`,
            figures: { posts: posts.length, ratedAt: ratedAt.id },
          },
  };
}

/** Why a subject is not rated, with the clause that says so; null when it is rated. */
export interface NotRated {
  reason: NotRatedReason;
  source: string;
}

/** The eligibility of a subject as a reason and its clause (null: rated). */
export function notRatedOf(facts: EligibilityFacts, referenceDate: string, pack: RulePack): NotRated | null {
  const e = eligibility(facts, referenceDate, pack);
  return e.reason ? { reason: e.reason, source: e.findings[0]?.source ?? pack.eligibility.source } : null;
}

/**
 * A leader's post among the posts the person holds on the reference date: not rated while held less
 * than the pack's months; otherwise rated once, at the highest of the posts held long enough — a
 * newer, higher post never leaves the person unrated (004 §II.7.5–7.7).
 */
export function leaderNotRated(
  postId: string,
  posts: (HeldPost & { startsOn: string })[],
  referenceDate: string,
  pack: RulePack,
): NotRated | null {
  const own = posts.find((p) => p.id === postId);
  const self = notRatedOf({ kind: 'LEADER', appointedOn: own?.startsOn }, referenceDate, pack);
  if (self) return self;
  const heldLongEnough = posts.filter((p) => !notRatedOf({ kind: 'LEADER', appointedOn: p.startsOn }, referenceDate, pack));
  if (heldLongEnough.length < 2) return null;
  const { ratedAt, finding } = ratedPost(heldLongEnough);
  return ratedAt.id === postId ? null : { reason: 'RATED_AT_OTHER_POST', source: finding?.source ?? '004 §II.7.5–7.7' };
}
