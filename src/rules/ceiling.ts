import { SubjectKind } from '../model/kinds';
import { Finding, Threshold, describe, meets, share } from './finding';
import { Grade, LEVELS, Level, LevelCounts, atLeast, below, countAtLeast, gradeAtLeast, lowest, totalOf } from './levels';
import { RulePack } from './packs/rule-pack';
import { Check, Fail, failFrom } from './check';
import { CivilServiceResults, civilServiceScore } from './civil-service';
import { pointStandards } from './standards-366';
import { actualTimeWorked } from './eligibility';
import { disciplineCountedHere } from './discipline-counted';
import { CommitteeSuspension, suspensionNote } from './suspension';

/**
 * A discipline fact: whether it happened, and whether it was self-detected and its consequences
 * remedied. Whether the violation was committed in an earlier period, or — for a member of a
 * collective — at a previous unit: then it counts there, not here (004 §II.7.8–7.10,
 * discipline-counted.ts). Under 366, whether it is unrelated to the member's duties here.
 */
export interface Discipline {
  disciplined: boolean;
  selfDetectedAndRemedied?: boolean;
  committedInEarlierPeriod?: boolean;
  atPreviousUnit?: boolean;
  unrelatedToDuty?: boolean;
}

export interface Targets {
  total: number;
  done: number;
  exceeded: number;
  /** Done but short on quality or timeliness ("chưa bảo đảm chất lượng, tiến độ"). */
  short?: number;
  keyTargetsMissed?: boolean;
  forceMajeure?: boolean;
}

export interface CriterionScore {
  id: string;
  grade?: Grade;
  points?: number;
}

/** The recorded facts of a subject that the standards read (DOMAIN §7). Absent facts are not checked. */
export interface CeilingFacts {
  kind: SubjectKind;
  criteria?: CriterionScore[];
  targets?: Targets;
  discipline?: Discipline;
  /** Individuals: concluded degenerated or violated what members must not do. Collectives: disunited, or a member degenerated. */
  degenerated?: boolean;

  civilServiceLevel?: Level | null;
  /** Members who moved during the year: the organization they came from, the months of party activity there, its written comment (004 §II.7.13). */
  previousOrganization?: { name: string; months: number; comment: string | null };
  /** A committee member suspended from committee activity: reviewed at the branch for the time before (004 §II.7.16), recorded by the review. */
  committeeSuspension?: CommitteeSuspension;
  /** Members attached temporarily to another branch: that branch and its written comment (004 §II.7.14). */
  temporaryBranch?: { name: string; comment: string | null };
  /** Members: months of sick leave in the year, and maternity leave (004 §II.7.12: rated on the time actually worked). */
  sickLeaveMonths?: number;
  maternityLeave?: boolean;
  /** A civil servant's task results of the period, from which the pack computes the level where none is imported (335/2025/NĐ-CP). */
  civilServiceResults?: CivilServiceResults;
  colleagueBallots?: { cast: number; excellent: number; good: number; complete: number };
  /** Only in years with a residence ballot: positive, neutral and negative counted apart (004 §II.5.2). */
  residentBallots?: { cast: number; positive: number; neutral: number; negative: number };
  confidenceVote?: { cast: number; low: number };
  leaderArea?: { targets: Targets; managedUnits: LevelCounts; corruption?: Discipline };
  /** `unitProfessionalLevel`: undefined where the head answers to no professional rating, null where it is not recorded yet. */
  head?: { unitLevel: Level | null; unitProfessionalLevel?: Level | null; transferredInUnconnected?: boolean };
  secretary?: { partyOrgLevel: Level | null; outstandingResult?: boolean };

  /** Party organizations: members (a branch) or subordinate organizations (a committee). */
  subordinates?: LevelCounts;
  subordinatesDisciplined?: { count: number; total: number };
  /** A subordinate organization had corruption or violations and was disciplined. */
  subordinateCorruption?: Discipline;
  /** A committee member, or a member of the collective, was disciplined. */
  memberDisciplined?: Discipline;
  /** Government, Front and socio-political organizations at the same level. */
  sameLevelBodies?: Level[];

  /** 366: the shortcomings found at the previous review, and how many are remedied. */
  previousShortcomings?: { found: number; remedied: number };
  /** 366, collectives: violations in personnel work. */
  personnelViolation?: Discipline;
  /** 366, individuals: concluded not exemplary. */
  notExemplary?: boolean;
  /** 366: a member working outside the political system (retired, studying, private sector) is reviewed on Mẫu 2C. */
  outsidePoliticalSystem?: boolean;
  /** A civil servant's own civil-service level on Mẫu 02 (part VII.1), beside the party self-level. */
  selfCivilServiceLevel?: Level;
  /** The comment of whoever manages and employs the civil servant (Mẫu 02: "nhận xét, đánh giá của người quản lý, sử dụng"). */
  managerComment?: { text: string; recordedAt: string; recordedBy?: string };
  /** Complaints and signs of disunity recorded before the decision (366-QĐ/TW Art. 12): the workflow reads them, the standards do not. */
  concerns?: { kind: 'COMPLAINT' | 'DISUNITY'; note: string; recordedAt: string; recordedBy: string }[];
  /** The residence party cell's feedback (Mẫu 3-213): a grade for each of its six items, its comment, the commune's confirmation. */
  residenceFeedback?: {
    cell: string;
    grades: ('HIGH' | 'MIDDLE' | 'LOW')[];
    comment: string | null;
    confirmedBy: string | null;
    recordedAt: string;
    recordedBy: string;
  };
  /** The reference of a re-verification by a committee outside this system. */
  reverificationRef?: string;
  /** The subject's ratings in the parts of the cycle (a year's quarters, a term's years); level null: not decided. */
  parts?: { cycle: string; level: Level | null }[];
}

export interface Ceiling {
  ceiling: Level;
  /** Why each higher level is out of reach (with `caps`), and facts that were not checked. */
  findings: Finding[];
}

const isCollective = (k: SubjectKind) => k === 'PARTY_ORGANIZATION' || k === 'LEADERSHIP_COLLECTIVE';
/** A discipline that happened (self-detected and remedied or not). */
export const disciplined = (d?: Discipline): d is Discipline => Boolean(d?.disciplined);
const unexcused = (d?: Discipline) => Boolean(d?.disciplined && !d.selfDetectedAndRemedied);

/**
 * The highest level a subject may receive under a rule pack (DOMAIN §7, §15.3), with the finding
 * that excludes each level above it. The quota is not part of it: it depends on the scope (quota.ts).
 */
export function ceilingOf(recorded: CeilingFacts, pack: RulePack): Ceiling {
  const failures: Record<Level, Check[]> = { EXCELLENT: [], GOOD: [], COMPLETE: [], NOT_COMPLETE: [] };
  const { facts, notes: info } = disciplineCountedHere(recorded);
  const fail = (level: Level, c: Check) => failures[level].push(c);

  if (pack.scoring.model === 'POINTS') pointStandards(facts, pack, pack.scoring, fail, info);
  else {
    gradedStandards(facts, pack, fail, info);
    commonStandards(facts, pack, fail, info);
  }
  partStandards(facts, pack, fail);
  if (facts.kind === 'PARTY_MEMBER') info.push(...actualTimeWorked(facts, pack));
  info.push(...suspensionNote(facts.committeeSuspension));

  // A level is reachable only when its standard and every lower standard are met: the texts state
  // each level's additions, and a subject failing GOOD's conditions cannot be EXCELLENT.
  let ceiling: Level = 'NOT_COMPLETE';
  for (const level of ['COMPLETE', 'GOOD', 'EXCELLENT'] as const) {
    if (failures[level].length > 0) break;
    ceiling = level;
  }
  const findings: Finding[] = [];
  for (const level of LEVELS) {
    if (atLeast(ceiling, level)) break;
    for (const c of failures[level]) {
      findings.push({ rule: c.rule, source: c.source, message: c.en, messageVi: c.vi, figures: c.figures ?? {}, caps: below(level) });
    }
  }
  return { ceiling, findings: [...findings, ...info] };
}

function gradedStandards(f: CeilingFacts, pack: RulePack, fail: Fail, info: Finding[]): void {
  const template = pack.templates[f.kind];
  const isResult = new Map(template.criteria.map((c) => [c.id, c.result]));
  const graded = (f.criteria ?? []).filter((c): c is CriterionScore & { grade: Grade } => c.grade !== undefined);
  if (graded.length === 0) {
    info.push({
      rule: 'criteria.not-recorded',
      source: template.source,
      message: 'no criterion grades recorded: the criteria standard was not checked',
      messageVi: 'chưa có mức đánh giá tiêu chí',
      figures: {},
    });
  } else {
    const src = isCollective(f.kind) ? '004 §II.5.1' : '004 §II.5.2';
    const result = graded.filter((c) => isResult.get(c.id));
    const other = graded.filter((c) => !isResult.get(c.id));
    const below = (list: typeof graded, g: Grade) =>
      list
        .filter((c) => !gradeAtLeast(c.grade, g))
        .map((c) => c.id)
        .join(', ');
    const poor = graded
      .filter((c) => c.grade === 'POOR')
      .map((c) => c.id)
      .join(', ');
    if (poor)
      failFrom(fail, {
        rule: 'criteria.poor',
        source: `${src}.4`,
        en: `criterion graded POOR (${poor}): NOT_COMPLETE`,
        vi: `có tiêu chí ở mức "Kém" (${poor})`,
        figures: { poor },
      });
    const rE = below(result, 'OUTSTANDING');
    const oE = below(other, 'GOOD');
    if (rE)
      fail('EXCELLENT', {
        rule: 'criteria.excellent.result-outstanding',
        source: `${src}.1`,
        en: `result criteria must all be OUTSTANDING for EXCELLENT (not: ${rE})`,
        vi: `tiêu chí kết quả phải đạt "Xuất sắc" (chưa đạt: ${rE})`,
        figures: { criteria: rE },
      });
    if (oE)
      fail('EXCELLENT', {
        rule: 'criteria.excellent.others-good',
        source: `${src}.1`,
        en: `other criteria must be at least GOOD for EXCELLENT (not: ${oE})`,
        vi: `các tiêu chí còn lại phải đạt "Tốt" trở lên (chưa đạt: ${oE})`,
        figures: { criteria: oE },
      });
    const rG = below(result, 'GOOD');
    const oG = below(other, 'AVERAGE');
    if (rG)
      fail('GOOD', {
        rule: 'criteria.good.result-good',
        source: `${src}.2`,
        en: `result criteria must be at least GOOD for GOOD (not: ${rG})`,
        vi: `tiêu chí kết quả phải đạt "Tốt" trở lên (chưa đạt: ${rG})`,
        figures: { criteria: rG },
      });
    if (oG)
      fail('GOOD', {
        rule: 'criteria.good.others-average',
        source: `${src}.2`,
        en: `other criteria must be at least AVERAGE for GOOD (not: ${oG})`,
        vi: `các tiêu chí còn lại phải đạt "Trung bình" trở lên (chưa đạt: ${oG})`,
        figures: { criteria: oG },
      });
    const aC = below(graded, 'AVERAGE');
    if (aC)
      fail('COMPLETE', {
        rule: 'criteria.complete.basic-average',
        source: `${src}.3`,
        en: `basic criteria must be at least AVERAGE for COMPLETE (not: ${aC})`,
        vi: `các tiêu chí cơ bản phải đạt "Trung bình" trở lên (chưa đạt: ${aC})`,
        figures: { criteria: aC },
      });
  }
  if (!isCollective(f.kind) && f.targets) individualTargets(f.targets, pack, fail);
}

function individualTargets(t: Targets, pack: RulePack, fail: Fail): void {
  const p = pack.individual;
  const figures = { total: t.total, done: t.done, exceeded: t.exceeded, short: t.short ?? 0 };
  const notDone = share(t.total - t.done, t.total);
  if (meets(notDone, p.notCompleteResultCriteriaFailed)) {
    failFrom(fail, {
      rule: 'targets.not-complete',
      source: '004 §II.5.2.4',
      en: `${t.total - t.done} of ${t.total} tasks not completed (${describe(p.notCompleteResultCriteriaFailed)}): NOT_COMPLETE`,
      vi: `trên 50% tiêu chí kết quả không hoàn thành`,
      figures,
    });
    return;
  }
  if (t.done < t.total)
    failFrom(fail, {
      rule: 'targets.all-done',
      source: '004 §II.5.2.2–5.2.3',
      en: `every task must be completed (done ${t.done} of ${t.total})`,
      vi: `các nhiệm vụ được giao phải hoàn thành (${t.done}/${t.total})`,
      figures,
    });
  if (!meets(share(t.exceeded, t.total), p.excellentTargetsExceeded)) {
    fail('EXCELLENT', {
      rule: 'targets.excellent.exceeded',
      source: '004 §II.5.2.1',
      en: `EXCELLENT needs ${describe(p.excellentTargetsExceeded)} of tasks exceeded (exceeded ${t.exceeded} of ${t.total})`,
      vi: `cần ít nhất 50% chỉ tiêu, nhiệm vụ hoàn thành vượt mức (${t.exceeded}/${t.total})`,
      figures,
    });
  }
  if ((t.short ?? 0) > 0) {
    fail('EXCELLENT', {
      rule: 'targets.excellent.on-time',
      source: '004 §II.5.2.1',
      en: `EXCELLENT needs every task on time and to quality (${t.short} short)`,
      vi: 'cần hoàn thành đúng tiến độ, bảo đảm chất lượng',
      figures,
    });
    fail('GOOD', {
      rule: 'targets.good.on-time',
      source: '004 §II.5.2.2',
      en: `GOOD needs every task on time and to quality (${t.short} short)`,
      vi: 'cần hoàn thành đúng tiến độ, bảo đảm chất lượng',
      figures,
    });
    if (!meets(share(t.short ?? 0, t.total), p.completeCriteriaShortMax)) {
      fail('COMPLETE', {
        rule: 'targets.complete.short',
        source: '004 §II.5.2.3',
        en: `COMPLETE allows ${describe(p.completeCriteriaShortMax)} of tasks short (${t.short} of ${t.total})`,
        vi: 'không quá 20% số tiêu chí chưa bảo đảm chất lượng, tiến độ',
        figures,
      });
    }
  }
}

/** The graded packs' standards beside the criteria: discipline, ballots, civil service, leaders, heads, organizations. */
function commonStandards(f: CeilingFacts, pack: RulePack, fail: Fail, info: Finding[]): void {
  if (isCollective(f.kind)) collectiveStandards(f, pack, fail);
  else individualStandards(f, pack, fail, info);
}

function individualStandards(f: CeilingFacts, pack: RulePack, fail: Fail, info: Finding[]): void {
  const p = pack.individual;
  if (f.degenerated)
    failFrom(fail, {
      rule: 'individual.degenerated',
      source: '004 §II.5.2.4',
      en: 'concluded degenerated or in violation of what members must not do: NOT_COMPLETE',
      vi: 'bị kết luận suy thoái, vi phạm những điều đảng viên không được làm',
    });
  if (unexcused(f.discipline))
    failFrom(fail, {
      rule: 'individual.disciplined',
      source: '004 §II.5.2.4',
      en: 'disciplined in the year (not self-detected and remedied): NOT_COMPLETE',
      vi: 'bị xử lý kỷ luật trong năm',
    });
  if (f.confidenceVote && meets(share(f.confidenceVote.low, f.confidenceVote.cast), p.notCompleteLowConfidence)) {
    failFrom(fail, {
      rule: 'individual.low-confidence',
      source: '004 §II.5.2.4',
      en: `${f.confidenceVote.low} of ${f.confidenceVote.cast} confidence ballots low (${describe(p.notCompleteLowConfidence)}): NOT_COMPLETE`,
      vi: 'trên 50% phiếu tín nhiệm thấp',
      figures: { ...f.confidenceVote },
    });
  }
  civilServiceCap(f, pack, '004 §II.5.2, §II.7.3', fail, info);
  const cb = f.colleagueBallots;
  if (cb) {
    const figures = { ...cb };
    const check = (level: Level, n: number, t: Threshold, rule: string) => {
      if (!meets(share(n, cb.cast), t))
        fail(level, {
          rule,
          source: '004 §II.5.2',
          en: `${level} needs ${describe(t)} of colleagues' ballots for ${level} or higher (${n} of ${cb.cast})`,
          vi: `cần ${describe(t)} phiếu nơi công tác`,
          figures,
        });
    };
    check('EXCELLENT', cb.excellent, p.excellentColleagues, 'ballots.colleagues.excellent');
    check('GOOD', cb.excellent + cb.good, p.goodColleagues, 'ballots.colleagues.good');
    check('COMPLETE', cb.excellent + cb.good + cb.complete, p.completeColleagues, 'ballots.colleagues.complete');
  }
  const rb = f.residentBallots;
  if (rb) {
    const positive = share(rb.positive, rb.cast);
    const figures = { ...rb };
    if (f.kind === 'LEADER' && meets(share(rb.negative, rb.cast), p.notCompleteResidentsNegative)) {
      failFrom(fail, {
        rule: 'ballots.residents.negative',
        source: '004 §II.5.2.4',
        en: `${rb.negative} of ${rb.cast} residents' ballots negative (${describe(p.notCompleteResidentsNegative)}): NOT_COMPLETE`,
        vi: 'trên 50% phiếu nơi cư trú đánh giá không tốt',
        figures,
      });
    }
    const check = (level: Level, t: Threshold) => {
      if (!meets(positive, t))
        fail(level, {
          rule: `ballots.residents.${level.toLowerCase()}`,
          source: '004 §II.5.2',
          en: `${level} needs ${describe(t)} positive residents' ballots (${rb.positive} of ${rb.cast})`,
          vi: `cần ${describe(t)} phiếu nơi cư trú đánh giá tốt`,
          figures,
        });
    };
    check('EXCELLENT', p.excellentResidents);
    check('GOOD', p.goodResidents);
    check('COMPLETE', p.completeResidents);
  }
  if (f.kind === 'LEADER') leaderStandards(f, pack, fail);
}

function leaderStandards(f: CeilingFacts, pack: RulePack, fail: Fail): void {
  const p = pack.individual;
  const area = f.leaderArea;
  if (area) {
    const t = area.targets;
    const done = share(t.done, t.total);
    const units = area.managedUnits;
    const nUnits = totalOf(units);
    const figures = {
      areaTotal: t.total,
      areaDone: t.done,
      areaExceeded: t.exceeded,
      units: nUnits,
      unitsComplete: countAtLeast(units, 'COMPLETE'),
      unitsGood: countAtLeast(units, 'GOOD'),
    };
    if (meets(done, { lessThan: 0.7 }) || unexcused(area.corruption)) {
      failFrom(fail, {
        rule: 'leader.area-failed',
        source: '004 §II.5.2.4',
        en: `the area led completed ${t.done} of ${t.total} targets (< 70%) or had corruption disciplined: NOT_COMPLETE`,
        vi: 'lĩnh vực phụ trách hoàn thành dưới 70% chỉ tiêu hoặc có tham nhũng bị kỷ luật',
        figures,
      });
    }
    if (t.done < t.total || !meets(share(t.exceeded, t.total), p.leaderExcellentAreaExceeded))
      fail('EXCELLENT', {
        rule: 'leader.excellent.area',
        source: '004 §II.5.2.1',
        en: `EXCELLENT needs every target of the area done with ${describe(p.leaderExcellentAreaExceeded)} exceeded`,
        vi: 'lĩnh vực phụ trách hoàn thành tất cả chỉ tiêu, ít nhất 50% vượt mức',
        figures,
      });
    if (
      !meets(share(countAtLeast(units, 'COMPLETE'), nUnits), p.leaderExcellentUnitsComplete) ||
      !meets(share(countAtLeast(units, 'GOOD'), nUnits), p.leaderExcellentUnitsGood)
    ) {
      fail('EXCELLENT', {
        rule: 'leader.excellent.units',
        source: '004 §II.5.2.1',
        en: `EXCELLENT needs 100% of managed units COMPLETE or higher and ${describe(p.leaderExcellentUnitsGood)} GOOD or higher`,
        vi: '100% đơn vị thuộc quyền hoàn thành nhiệm vụ, ít nhất 70% hoàn thành tốt',
        figures,
      });
    }
    for (const level of ['GOOD', 'COMPLETE'] as const) {
      if (!meets(done, p.leaderAreaDone) || !meets(share(countAtLeast(units, 'COMPLETE'), nUnits), p.leaderUnitsComplete)) {
        fail(level, {
          rule: `leader.${level.toLowerCase()}.area`,
          source: level === 'GOOD' ? '004 §II.5.2.2' : '004 §II.5.2.3',
          en: `${level} needs the area ${describe(p.leaderAreaDone)} of targets done and ${describe(p.leaderUnitsComplete)} of managed units COMPLETE`,
          vi: 'lĩnh vực phụ trách hoàn thành trên 70% chỉ tiêu; ít nhất 70% đơn vị hoàn thành nhiệm vụ',
          figures,
        });
      }
    }
  }
  const head = f.head;
  if (head) {
    headCap(f, pack, fail);
    const clause = pack.headClause;
    const needed = head.unitProfessionalLevel;
    if (clause.professionalRatedBy && needed !== undefined && needed !== 'EXCELLENT') {
      const by =
        clause.professionalRatedBy === 'SUPERIOR_BODY'
          ? ['the superior body', 'cấp trên']
          : ['the competent authority', 'cấp có thẩm quyền'];
      fail('EXCELLENT', {
        rule: 'head.excellent.unit-professional',
        source: clause.source,
        en: `an EXCELLENT head needs the unit rated EXCELLENT professionally by ${by[0]} (is ${needed ?? 'not rated'})`,
        vi: `người đứng đầu xếp loại "Hoàn thành xuất sắc nhiệm vụ" khi tập thể, cơ quan, đơn vị được ${by[1]} xếp loại chuyên môn hoàn thành xuất sắc nhiệm vụ`,
        figures: { unitLevel: head.unitLevel, unitProfessionalLevel: needed ?? null },
      });
    }
    if (
      clause.professionalRatedBy &&
      head.unitProfessionalLevel !== undefined &&
      !(head.unitProfessionalLevel && atLeast(head.unitProfessionalLevel, 'GOOD'))
    ) {
      fail('GOOD', {
        rule: 'head.good.unit-professional',
        source: '004 §II.5.2.2',
        en: `a GOOD head needs the unit rated GOOD professionally by the superior (is ${head.unitProfessionalLevel ?? 'not rated'})`,
        vi: 'tập thể được cơ quan cấp trên xếp loại chuyên môn hoàn thành tốt nhiệm vụ',
        figures: { unitProfessionalLevel: head.unitProfessionalLevel ?? null },
      });
    }
  }
  const sec = f.secretary;
  if (sec && !sec.outstandingResult) {
    if (pack.headClause.secretaryClause && sec.partyOrgLevel !== 'EXCELLENT') {
      fail('EXCELLENT', {
        rule: 'secretary.excellent.party-org',
        source: '004 §II.5.2.1',
        en: `an EXCELLENT secretary needs the party organization EXCELLENT (is ${sec.partyOrgLevel ?? 'not rated'})`,
        vi: 'bí thư, phó bí thư: tổ chức đảng phải hoàn thành xuất sắc nhiệm vụ',
        figures: { partyOrgLevel: sec.partyOrgLevel },
      });
    }
    if (!(sec.partyOrgLevel && atLeast(sec.partyOrgLevel, 'GOOD'))) {
      fail('GOOD', {
        rule: 'secretary.good.party-org',
        source: '004 §II.5.2.2',
        en: `a GOOD secretary needs the party organization GOOD or higher (is ${sec.partyOrgLevel ?? 'not rated'})`,
        vi: 'bí thư, phó bí thư: tổ chức đảng đạt hoàn thành tốt nhiệm vụ trở lên',
        figures: { partyOrgLevel: sec.partyOrgLevel },
      });
    }
  }
}

function collectiveStandards(f: CeilingFacts, pack: RulePack, fail: Fail): void {
  const p = pack.collective;
  const org = f.kind === 'PARTY_ORGANIZATION';
  const src = org ? 'a)' : 'b)';
  const t = f.targets;
  if (t && meets(share(t.done, t.total), p.notCompleteTargetsDone) && t.keyTargetsMissed && !t.forceMajeure) {
    failFrom(fail, {
      rule: 'collective.targets-failed',
      source: `004 §II.5.1.4 ${src}`,
      en: `${t.done} of ${t.total} targets done (${describe(p.notCompleteTargetsDone)}) with key targets missed: NOT_COMPLETE`,
      vi: 'chỉ hoàn thành dưới 50% chỉ tiêu, có chỉ tiêu chủ yếu không đạt',
      figures: { total: t.total, done: t.done },
    });
  }
  if (f.degenerated && !org)
    failFrom(fail, {
      rule: 'collective.disunited',
      source: '004 §II.5.1.4 b)',
      en: 'concluded disunited, or a member degenerated: NOT_COMPLETE',
      vi: 'mất đoàn kết nội bộ; có thành viên suy thoái',
    });
  if (unexcused(f.discipline))
    failFrom(fail, {
      rule: 'collective.disciplined',
      source: `004 §II.5.1.4 ${src}`,
      en: 'the committee or collective was disciplined: NOT_COMPLETE',
      vi: 'tập thể bị xử lý kỷ luật',
    });
  const sd = f.subordinatesDisciplined;
  if (org && sd && meets(share(sd.count, sd.total), p.notCompleteSubordinatesDisciplined)) {
    failFrom(fail, {
      rule: 'party-org.subordinates-disciplined',
      source: '004 §II.5.1.4 a)',
      en: `${sd.count} of ${sd.total} subordinate units disciplined (${describe(p.notCompleteSubordinatesDisciplined)}): NOT_COMPLETE`,
      vi: 'trên 20% đơn vị trực thuộc bị kỷ luật',
      figures: { ...sd },
    });
  }
  if (org && unexcused(f.subordinateCorruption))
    failFrom(fail, {
      rule: 'party-org.subordinate-corruption',
      source: '004 §II.5.1.4 a)',
      en: 'a subordinate organization had corruption or violations and was disciplined: NOT_COMPLETE',
      vi: 'tổ chức đảng trực thuộc có vụ việc tham nhũng, vi phạm bị kỷ luật',
    });
  if (!org && unexcused(f.memberDisciplined))
    failFrom(fail, {
      rule: 'collective.member-disciplined',
      source: '004 §II.5.1.4 b)',
      en: 'a member was disciplined in the year: NOT_COMPLETE',
      vi: 'thành viên bị kỷ luật trong năm',
    });

  const anyDiscipline = disciplined(f.memberDisciplined) || disciplined(f.subordinateCorruption) || (sd ? sd.count > 0 : false);
  if (anyDiscipline)
    fail('EXCELLENT', {
      rule: 'collective.excellent.no-discipline',
      source: `004 §II.5.1.1 ${src}`,
      en: 'EXCELLENT needs no subordinate organization or member disciplined',
      vi: 'không có tổ chức trực thuộc hoặc thành viên bị kỷ luật',
    });
  const excusable = unexcused(f.memberDisciplined) || unexcused(f.subordinateCorruption);
  if (excusable && org)
    for (const l of ['GOOD', 'COMPLETE'] as const)
      fail(l, {
        rule: `collective.${l.toLowerCase()}.no-discipline`,
        source: `004 §II.5.1.${l === 'GOOD' ? 2 : 3} a)`,
        en: `${l} needs no subordinate organization or committee member disciplined, unless self-detected and remedied`,
        vi: 'không có tổ chức đảng trực thuộc hoặc cấp ủy viên bị kỷ luật (trừ trường hợp tự phát hiện và khắc phục)',
      });
  // A leadership collective: GOOD only (5.1.3 b has no such clause for COMPLETE).
  if (excusable && !org)
    fail('GOOD', {
      rule: 'collective.good.no-discipline',
      source: '004 §II.5.1.2 b)',
      en: 'GOOD needs no subordinate organization or member of the collective disciplined, unless self-detected and remedied',
      vi: 'không có tổ chức trực thuộc hoặc thành viên của tập thể lãnh đạo, quản lý bị kỷ luật (trừ trường hợp tự phát hiện và khắc phục xong hậu quả)',
    });

  if (org && f.subordinates) {
    const s = f.subordinates;
    const n = totalOf(s);
    const figures = { subordinates: n, complete: countAtLeast(s, 'COMPLETE'), good: countAtLeast(s, 'GOOD') };
    const allComplete = countAtLeast(s, 'COMPLETE') === n;
    const goodShare = share(countAtLeast(s, 'GOOD'), n);
    if (!allComplete || !meets(goodShare, p.excellentSubordinatesGood))
      fail('EXCELLENT', {
        rule: 'party-org.excellent.subordinates',
        source: '004 §II.5.1.1 a)',
        en: `EXCELLENT needs 100% of members or subordinate organizations COMPLETE and ${describe(p.excellentSubordinatesGood)} GOOD or higher (${figures.good} of ${n})`,
        vi: '100% hoàn thành nhiệm vụ, từ 80% hoàn thành tốt nhiệm vụ trở lên',
        figures,
      });
    if (!allComplete || !meets(goodShare, p.goodSubordinatesGood))
      fail('GOOD', {
        rule: 'party-org.good.subordinates',
        source: '004 §II.5.1.2 a)',
        en: `GOOD needs 100% of members or subordinate organizations COMPLETE and ${describe(p.goodSubordinatesGood)} GOOD or higher (${figures.good} of ${n})`,
        vi: '100% hoàn thành nhiệm vụ, từ 50% hoàn thành tốt nhiệm vụ trở lên',
        figures,
      });
  }
  if (org && f.sameLevelBodies) {
    const low = f.sameLevelBodies.length ? lowest(f.sameLevelBodies) : 'EXCELLENT';
    if (!atLeast(low, 'GOOD'))
      fail('EXCELLENT', {
        rule: 'party-org.excellent.same-level-bodies',
        source: '004 §II.5.1.1 a)',
        en: `EXCELLENT needs government, Front and socio-political organizations of the same level GOOD or higher (lowest ${low})`,
        vi: 'chính quyền, Mặt trận, đoàn thể cùng cấp hoàn thành tốt nhiệm vụ trở lên',
        figures: { lowest: low },
      });
    if (!atLeast(low, 'COMPLETE'))
      fail('GOOD', {
        rule: 'party-org.good.same-level-bodies',
        source: '004 §II.5.1.2 a)',
        en: `GOOD needs government, Front and socio-political organizations of the same level COMPLETE or higher (lowest ${low})`,
        vi: 'chính quyền, Mặt trận, đoàn thể cùng cấp hoàn thành nhiệm vụ trở lên',
        figures: { lowest: low },
      });
  }
}

/**
 * Facts a decision at `level` depends on that nobody has recorded yet (DOMAIN §15.6: nothing passes by
 * omission): a head's EXCELLENT or GOOD needs the unit's professional rating (004 §II.5.2.1–5.2.2;
 * 000 §11(4)). Each finding names the fact and who records it.
 */
export function missingFacts(f: CeilingFacts, level: Level, pack: RulePack): Finding[] {
  const out: Finding[] = [];
  if (pack.headClause.professionalRatedBy && f.head && f.head.unitProfessionalLevel === null && atLeast(level, 'GOOD')) {
    const by = pack.headClause.professionalRatedBy === 'SUPERIOR_BODY' ? 'the superior body' : 'the competent authority';
    out.push({
      rule: 'head.professional-rating-required',
      source: level === 'EXCELLENT' ? pack.headClause.source : '004 §II.5.2.2',
      message: `a head is rated ${level} only once the unit's professional rating by ${by} is recorded (recordProfessionalRating, by the staff who verify the head)`,
      messageVi: 'người đứng đầu chỉ được xếp loại khi đã có kết quả xếp loại chuyên môn của tập thể, cơ quan, đơn vị',
      figures: { fact: 'unitProfessionalLevel', recordedBy: 'recordProfessionalRating' },
    });
  }
  if (f.kind === 'PARTY_MEMBER') out.push(...commentsMissing(f));
  return out;
}

/**
 * Comments a member's rating rests on from elsewhere: the organization they left after 6 months or more
 * of party activity there (004 §II.7.13), the branch they are attached to temporarily (004 §II.7.14).
 */
function commentsMissing(f: CeilingFacts): Finding[] {
  const out: Finding[] = [];
  const previous = f.previousOrganization;
  if (previous && previous.months >= 6 && !previous.comment)
    out.push({
      rule: 'member.previous-organization-comment',
      source: '004 §II.7.13',
      message: `a member who moved after ${previous.months} months of party activity at ${previous.name} is rated with its written comment (verifyRating: previousOrganization.comment)`,
      messageVi: `đảng viên chuyển sinh hoạt sau ${previous.months} tháng ở ${previous.name}: cần ý kiến nhận xét của tổ chức đảng trước đây`,
      figures: { fact: 'previousOrganization.comment', recordedBy: 'verifyRating', organization: previous.name, months: previous.months },
    });
  const temporary = f.temporaryBranch;
  if (temporary && !temporary.comment)
    out.push({
      rule: 'member.temporary-branch-comment',
      source: '004 §II.7.14',
      message: `a member attached temporarily to ${temporary.name} is rated at the official branch with that branch's written comment (verifyRating: temporaryBranch.comment)`,
      messageVi: `đảng viên sinh hoạt tạm thời ở ${temporary.name}: cần nhận xét của chi bộ nơi sinh hoạt tạm thời`,
      figures: { fact: 'temporaryBranch.comment', recordedBy: 'verifyRating', branch: temporary.name },
    });
  return out;
}

/**
 * A civil servant's party level is capped by the civil-service level (004 §II.7.3; 335/2025/NĐ-CP keeps
 * it): the level imported from the personnel system, or else the one the pack computes from the task
 * results recorded (the computation is reported among the findings).
 */
export function civilServiceCap(f: CeilingFacts, pack: RulePack, source: string, fail: Fail, info: Finding[]): void {
  const computed =
    !f.civilServiceLevel && f.civilServiceResults && pack.civilService ? civilServiceScore(f.civilServiceResults, pack.civilService) : null;
  if (computed) info.push(...computed.findings);
  const civil = f.civilServiceLevel ?? computed?.level;
  if (!civil) return;
  for (const level of ['EXCELLENT', 'GOOD', 'COMPLETE'] as const) {
    if (!atLeast(civil, level))
      fail(level, {
        rule: 'individual.civil-service-level',
        source,
        en: `as a civil servant rated ${civil}, the party level cannot be ${level}`,
        vi: `xếp loại công chức, viên chức ${civil}: không thể xếp ${level}`,
        figures: { civilServiceLevel: civil, ...(computed ? { computedPoints: computed.points } : {}) },
      });
  }
}

/** Whether a civil servant's civil-service level is known: imported, or computable from recorded results. */
export const civilServiceKnown = (f: Partial<CeilingFacts>, pack: RulePack) =>
  Boolean(f.civilServiceLevel || (f.civilServiceResults && pack.civilService));

/** A head's level may not exceed the unit's (004 §II.7.15), unless transferred in and unconnected where the pack spares them. */
export function headCap(f: CeilingFacts, pack: RulePack, fail: Fail): void {
  const head = f.head;
  if (!head?.unitLevel || (head.transferredInUnconnected && pack.headClause.transferredInException)) return;
  for (const level of LEVELS) {
    if (level !== 'NOT_COMPLETE' && !atLeast(head.unitLevel, level))
      fail(level, {
        rule: 'head.cap',
        source: pack.headCapSource,
        en: `a head's level may not exceed the unit's ${head.unitLevel}`,
        vi: `mức xếp loại của người đứng đầu không cao hơn mức của tập thể (${head.unitLevel})`,
        figures: { unitLevel: head.unitLevel },
      });
  }
}

/** A part of the cycle rated NOT_COMPLETE bars EXCELLENT for the whole, where a locality set that rule (366-QĐ/TW Art. 15). */
function partStandards(f: CeilingFacts, pack: RulePack, fail: Fail): void {
  if (!pack.periods.partNotCompleteBarsExcellent) return;
  const failed = (f.parts ?? []).filter((x) => x.level === 'NOT_COMPLETE').map((x) => x.cycle);
  if (failed.length) {
    fail('EXCELLENT', {
      rule: 'periods.part-not-complete',
      source: pack.periods.source,
      en: `a part of the cycle was rated NOT_COMPLETE (${failed.join(', ')}): not EXCELLENT`,
      vi: `có kỳ đánh giá không hoàn thành nhiệm vụ (${failed.join(', ')})`,
      figures: { parts: failed.join(', ') },
    });
  }
}
