import { CeilingFacts, Discipline, Targets, civilServiceCap, disciplined, headCap } from './ceiling';
import { Fail, failFrom } from './check';
import { Finding, describe, meets, share } from './finding';
import { Level, LevelCounts, totalOf } from './levels';
import { PointsScoring, RulePack } from './packs/rule-pack';

/**
 * The standards of 366-QĐ/TW Art. 11 (DOMAIN §16): a level needs its band of the 100-point score and
 * the conditions on tasks; each group's triggers make the subject NOT_COMPLETE. A trigger that was
 * self-detected or due to force majeure, and remedied, is marked `mitigable`: the deciding level may
 * set it aside by an override with its reason, and nothing else may be (`unmitigated`).
 */
export function pointStandards(f: CeilingFacts, pack: RulePack, s: PointsScoring, fail: Fail, info: Finding[]): void {
  scoreBands(f, s, fail, info);
  // A leader is measured on the area led (Art. 11: "leaders: the area they lead").
  const tasks = f.kind === 'LEADER' ? (f.leaderArea?.targets ?? f.targets) : f.targets;
  if (tasks) taskConditions(tasks, s, fail);
  const ps = f.previousShortcomings;
  if (ps && !meets(share(ps.remedied, ps.found), s.shortcomingsRemedied)) {
    fail('EXCELLENT', {
      rule: 'points.excellent.shortcomings-remedied',
      source: s.source,
      en: `EXCELLENT needs ${describe(s.shortcomingsRemedied)} of the previous review's shortcomings remedied (${ps.remedied} of ${ps.found})`,
      vi: `khắc phục 100% hạn chế, khuyết điểm đã được chỉ ra (${ps.remedied}/${ps.found})`,
      figures: { ...ps },
    });
  }
  if (f.kind === 'PARTY_ORGANIZATION' || f.kind === 'LEADERSHIP_COLLECTIVE') collectiveTriggers(f, s, fail);
  else {
    individualTriggers(f, s, fail);
    if (f.kind === 'LEADER') leaderTriggers(f, s, fail);
    civilServiceCap(f, pack, `335/2025/NĐ-CP; ${s.source}`, fail, info);
    if (s.headCap) headCap(f, pack, fail);
  }
}

function scoreBands(f: CeilingFacts, s: PointsScoring, fail: Fail, info: Finding[]): void {
  const scored = (f.criteria ?? []).filter((c) => c.points !== undefined);
  if (scored.length === 0) {
    info.push({
      rule: 'points.not-recorded',
      source: s.source,
      message: 'no points recorded: the score standard was not checked',
      messageVi: 'chưa chấm điểm',
      figures: {},
    });
    return;
  }
  const points = scored.reduce((n, c) => n + (c.points ?? 0), 0);
  const band = (level: Level, min: number) => ({
    rule: `points.${level.toLowerCase()}`,
    source: s.source,
    en: `${level} needs at least ${min} points (scored ${points})`,
    vi: `cần từ ${min} điểm (đạt ${points})`,
    figures: { points, min },
  });
  if (points < s.excellentMin) fail('EXCELLENT', band('EXCELLENT', s.excellentMin));
  if (points < s.goodMin) fail('GOOD', band('GOOD', s.goodMin));
  if (points < s.completeMin) fail('COMPLETE', band('COMPLETE', s.completeMin));
}

/** EXCELLENT: all done on time with the share exceeded; GOOD: all done on time; COMPLETE: all done, the share late at most. */
function taskConditions(t: Targets, s: PointsScoring, fail: Fail): void {
  const late = t.short ?? 0;
  const figures = { total: t.total, done: t.done, exceeded: t.exceeded, late };
  if (t.done < t.total)
    failFrom(fail, {
      rule: 'points.tasks-done',
      source: s.source,
      en: `every level from COMPLETE up needs 100% of tasks done (${t.done} of ${t.total})`,
      vi: `cần hoàn thành 100% nhiệm vụ (${t.done}/${t.total})`,
      figures,
    });
  if (late > 0) {
    const onTime = {
      rule: 'points.good.on-time',
      source: s.source,
      en: `GOOD and EXCELLENT need every task on time and to quality (${late} late)`,
      vi: 'cần hoàn thành 100% nhiệm vụ đúng tiến độ, bảo đảm chất lượng',
      figures,
    };
    fail('EXCELLENT', onTime);
    fail('GOOD', onTime);
  }
  if (!meets(share(t.exceeded, t.total), s.excellentExceeded))
    fail('EXCELLENT', {
      rule: 'points.excellent.exceeded',
      source: s.source,
      en: `EXCELLENT needs ${describe(s.excellentExceeded)} of tasks exceeded (${t.exceeded} of ${t.total})`,
      vi: `cần ${describe(s.excellentExceeded)} nhiệm vụ vượt yêu cầu`,
      figures,
    });
  if (!meets(share(late, t.total), s.completeLateMax))
    fail('COMPLETE', {
      rule: 'points.complete.late',
      source: s.source,
      en: `COMPLETE allows ${describe(s.completeLateMax)} of tasks late (${late} of ${t.total})`,
      vi: `không quá ${describe(s.completeLateMax)} nhiệm vụ chậm tiến độ`,
      figures,
    });
}

/** A trigger of Art. 11: NOT_COMPLETE, which the deciding level may set aside only where `mitigable`. */
function trigger(
  fail: Fail,
  s: PointsScoring,
  rule: string,
  en: string,
  vi: string,
  mitigable: boolean,
  figures: Finding['figures'] = {},
): void {
  failFrom(fail, {
    rule: `art11.${rule}`,
    source: s.source,
    en: `${en}: NOT_COMPLETE${mitigable ? ' (self-detected or force majeure, and remedied: the deciding level may decide otherwise with its reason)' : ''}`,
    vi,
    figures: { ...figures, mitigable },
  });
}

const mitigated = (d: Discipline) => Boolean(d.selfDetectedAndRemedied);

function collectiveTriggers(f: CeilingFacts, s: PointsScoring, fail: Fail): void {
  const t = f.targets;
  if (t && (meets(share(t.done, t.total), s.notCompleteTasksDone) || t.keyTargetsMissed)) {
    trigger(
      fail,
      s,
      'collective.tasks',
      `${t.done} of ${t.total} planned tasks done (${describe(s.notCompleteTasksDone)} fails) or the core targets missed`,
      'hoàn thành dưới 70% kế hoạch hoặc không đạt các chỉ tiêu chủ yếu',
      Boolean(t.forceMajeure),
      { total: t.total, done: t.done, keyTargetsMissed: Boolean(t.keyTargetsMissed) },
    );
  }
  if (disciplined(f.personnelViolation))
    trigger(
      fail,
      s,
      'collective.personnel',
      'violations in personnel work',
      'vi phạm trong công tác cán bộ',
      mitigated(f.personnelViolation),
    );
  if (f.degenerated)
    trigger(
      fail,
      s,
      'collective.disunited',
      'disunity or factions, or a member degraded',
      'mất đoàn kết, bè phái; có thành viên suy thoái',
      false,
    );
  // Only when it concerns the member's duties here (one committed at a previous unit is already left out).
  const m = f.memberDisciplined;
  const memberCounts = disciplined(m) && !m.unrelatedToDuty;
  if (memberCounts)
    trigger(
      fail,
      s,
      'collective.member-disciplined',
      'a member disciplined for a violation in their duties here',
      'có thành viên bị kỷ luật từ khiển trách trở lên do vi phạm khi thực hiện chức trách, nhiệm vụ',
      mitigated(m),
    );
  const sd = f.subordinatesDisciplined;
  if (memberCounts || disciplined(f.subordinateCorruption) || (sd && sd.count > 0)) {
    fail('EXCELLENT', {
      rule: 'points.excellent.no-discipline',
      source: s.source,
      en: 'EXCELLENT needs no subordinate unit and no member of the leadership collective disciplined',
      vi: 'không có đơn vị trực thuộc, thành viên tập thể lãnh đạo bị kỷ luật',
      figures: { subordinatesDisciplined: sd?.count ?? 0 },
    });
  }
}

function individualTriggers(f: CeilingFacts, s: PointsScoring, fail: Fail): void {
  if (f.degenerated)
    trigger(
      fail,
      s,
      'individual.degraded',
      'degraded, or did what members must not do',
      'suy thoái, vi phạm những điều đảng viên không được làm',
      false,
    );
  if (disciplined(f.discipline))
    trigger(
      fail,
      s,
      'individual.disciplined',
      'disciplined at reprimand or above in the year',
      'bị kỷ luật từ khiển trách trở lên',
      mitigated(f.discipline),
    );
  if (f.notExemplary) trigger(fail, s, 'individual.not-exemplary', 'concluded not exemplary', 'không gương mẫu', false);
  const t = f.targets;
  if (t && f.kind !== 'LEADER' && meets(share(t.total - t.done, t.total), s.notCompleteTasksUndone)) {
    trigger(
      fail,
      s,
      'individual.tasks',
      `${t.total - t.done} of ${t.total} tasks not done (${describe(s.notCompleteTasksUndone)})`,
      'trên 50% nhiệm vụ không hoàn thành',
      Boolean(t.forceMajeure),
      { total: t.total, done: t.done },
    );
  }
}

function leaderTriggers(f: CeilingFacts, s: PointsScoring, fail: Fail): void {
  const area = f.leaderArea;
  const t = area?.targets ?? f.targets;
  if (t && (meets(share(t.done, t.total), s.notCompleteTasksDone) || t.keyTargetsMissed)) {
    trigger(
      fail,
      s,
      'leader.area',
      `the area led did ${t.done} of ${t.total} tasks (${describe(s.notCompleteTasksDone)} fails) or missed the core targets`,
      'lĩnh vực phụ trách hoàn thành dưới 70% nhiệm vụ hoặc không đạt các chỉ tiêu chủ yếu',
      Boolean(t.forceMajeure),
      { total: t.total, done: t.done },
    );
  }
  const units: LevelCounts | undefined = area?.managedUnits;
  if (units && meets(share(units.NOT_COMPLETE, totalOf(units)), s.notCompleteUnitsFailed)) {
    trigger(
      fail,
      s,
      'leader.units',
      `${units.NOT_COMPLETE} of ${totalOf(units)} units under them NOT_COMPLETE (${describe(s.notCompleteUnitsFailed)})`,
      'trên 50% đơn vị thuộc phạm vi phụ trách không hoàn thành nhiệm vụ',
      false,
      { units: totalOf(units), notComplete: units.NOT_COMPLETE },
    );
  }
  const cv = f.confidenceVote;
  if (cv && meets(share(cv.low, cv.cast), s.notCompleteLowConfidence)) {
    trigger(
      fail,
      s,
      'leader.low-confidence',
      `${cv.low} of ${cv.cast} confidence ballots low (${describe(s.notCompleteLowConfidence)})`,
      'trên 50% phiếu tín nhiệm thấp',
      false,
      { ...cv },
    );
  }
  if (disciplined(area?.corruption))
    trigger(
      fail,
      s,
      'leader.corruption',
      'corruption disciplined within their direct scope',
      'để xảy ra tham nhũng, tiêu cực trong phạm vi trực tiếp phụ trách bị xử lý kỷ luật',
      mitigated(area.corruption),
    );
}

/**
 * The findings above a level that an override may not set aside: under 366 every one that is not a
 * mitigated trigger (Art. 11); under the graded packs none (an override with its reason is recorded).
 */
export function unmitigated(findings: Finding[], pack: RulePack): Finding[] {
  if (pack.scoring.model !== 'POINTS' || !pack.scoring.overrideOnlyMitigated) return [];
  return findings.filter((f) => f.figures.mitigable !== true);
}
