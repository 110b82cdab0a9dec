import { Finding, Level, atLeast } from '../rules';

/** One decision taken under a delegation, with what the audit reads about it. */
export interface DelegatedDecision {
  subjectKind: string;
  subjectCode: string;
  decidedLevel: Level;
  decidedAt: string;
  dueOn: string | null;
  deadlineSource: string | null;
  delegationCode: string;
  delegationSource: string;
  requiredConsultations: { body: string; opinionLevel: Level | null; deviationReason: string | null }[];
  quotaAtDecision: { good: number; excellent: number; maxExcellent: number } | null;
  overrideReason: string | null;
  ceiling: Level | null;
  headUnitLevel: Level | null;
  isHead: boolean;
  reRated: boolean;
  openComplaints: number;
}

/**
 * What provincial staff look for in a delegated decision (DOMAIN §14): missing or overruled
 * consultations, quota breaches, lateness, a head above the unit, overrides of the ceiling.
 */
export function auditFindings(d: DelegatedDecision): Finding[] {
  const out: Finding[] = [];
  const f = (rule: string, source: string, message: string, messageVi: string, figures: Finding['figures']) =>
    out.push({ rule, source, message, messageVi, figures });
  for (const c of d.requiredConsultations) {
    if (!c.opinionLevel)
      f(
        'audit.consultation-missing',
        d.delegationSource,
        `decided without the opinion of ${c.body}`,
        `quyết định khi chưa có ý kiến của ${c.body}`,
        { body: c.body },
      );
    else if (c.opinionLevel !== d.decidedLevel) {
      f(
        'audit.opinion-differs',
        d.delegationSource,
        `${c.body} gave ${c.opinionLevel}, decided ${d.decidedLevel}${c.deviationReason ? '' : ' without a reason'}`,
        `ý kiến ${c.body} là ${c.opinionLevel}, quyết định ${d.decidedLevel}`,
        { body: c.body, opinion: c.opinionLevel, decided: d.decidedLevel, reason: c.deviationReason },
      );
    }
  }
  const q = d.quotaAtDecision;
  if (q && q.excellent > q.maxExcellent) {
    f(
      'audit.quota-breach',
      '004 §II.7.17; DOMAIN §15.1',
      `EXCELLENT over the quota at the decision: good ${q.good}, max ${q.maxExcellent}, excellent ${q.excellent}`,
      `vượt tỷ lệ: tốt ${q.good}, tối đa ${q.maxExcellent}, xuất sắc ${q.excellent}`,
      { good: q.good, maxExcellent: q.maxExcellent, excellent: q.excellent },
    );
  }
  if (d.dueOn && d.decidedAt.slice(0, 10) > d.dueOn) {
    f(
      'audit.late',
      d.deadlineSource ?? 'cycle deadlines',
      `decided on ${d.decidedAt.slice(0, 10)}, after the deadline ${d.dueOn}`,
      `quyết định sau thời hạn ${d.dueOn}`,
      { decidedOn: d.decidedAt.slice(0, 10), dueOn: d.dueOn },
    );
  }
  if (d.isHead && d.headUnitLevel && !atLeast(d.headUnitLevel, d.decidedLevel)) {
    f(
      'audit.head-above-unit',
      '004 §II.7.15',
      `the head was rated ${d.decidedLevel}, above the unit's ${d.headUnitLevel}`,
      `người đứng đầu xếp loại cao hơn tập thể (${d.headUnitLevel})`,
      { decided: d.decidedLevel, unitLevel: d.headUnitLevel },
    );
  }
  if (d.overrideReason) {
    f(
      'audit.override',
      'DOMAIN §15.3',
      `decided ${d.decidedLevel} above the ceiling ${d.ceiling ?? '?'}: ${d.overrideReason}`,
      `quyết định vượt mức trần: ${d.overrideReason}`,
      { ceiling: d.ceiling, decided: d.decidedLevel },
    );
  }
  if (d.reRated) f('audit.re-rated', '004 §II.7.8', 'the result replaces an annulled one', 'kết quả thay thế kết quả đã hủy', {});
  if (d.openComplaints > 0)
    f('audit.open-complaints', 'DOMAIN §12', `${d.openComplaints} complaint(s) open`, `${d.openComplaints} khiếu nại chưa giải quyết`, {
      open: d.openComplaints,
    });
  return out;
}
