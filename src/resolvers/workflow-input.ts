import { isIsoDate } from '../dataset/field-reader';
import { Ballots } from '../services/rating-workflow';
import { refuse } from '../services/refusal';
import { CeilingFacts, CivilServiceResults, GRADES } from '../rules';
import { BallotsInput, CivilServiceResultsInput, CriterionInput, FactsInput, ShareInput, TargetsInput } from '../schema/rating-types';

/** Turns GraphQL inputs into the rules engine's shapes, refusing impossible figures with their path. */
export function toBallots(b: BallotsInput, field: string[]): Ballots {
  const votes = { EXCELLENT: b.excellent, GOOD: b.good, COMPLETE: b.complete, NOT_COMPLETE: b.notComplete };
  const cast = Object.values(votes).reduce((n, v) => n + v, 0);
  if (b.convened < 1 || Object.values(votes).some((v) => v < 0))
    refuse('BAD_BALLOTS', 'ballot counts must be ≥ 0 with at least one member convened', field, { convened: b.convened });
  if (cast > b.convened) refuse('BAD_BALLOTS', `${cast} ballots for ${b.convened} members convened`, field, { convened: b.convened, cast });
  if (b.heldOn != null && !isIsoDate(b.heldOn))
    refuse('BAD_BALLOTS', 'heldOn: not a date (YYYY-MM-DD)', [...field, 'heldOn'], { heldOn: b.heldOn });
  return { convened: b.convened, votes, heldOn: b.heldOn ?? null };
}

function share(s: ShareInput, field: string[]): { count: number; of: number } {
  if (s.of < 1 || s.count < 0 || s.count > s.of)
    refuse('BAD_FACTS', `need 0 ≤ count ≤ of, of ≥ 1 (got ${s.count} of ${s.of})`, field, { count: s.count, of: s.of });
  return s;
}

export function toTargets(t: TargetsInput, field: string[]): NonNullable<CeilingFacts['targets']> {
  if (t.total < 1 || t.done < 0 || t.done > t.total || t.exceeded < 0 || t.exceeded > t.done || t.short < 0 || t.short > t.done) {
    refuse('BAD_TARGETS', 'targets: need total ≥ 1 and 0 ≤ exceeded ≤ done ≤ total, 0 ≤ short ≤ done', field, {
      total: t.total,
      done: t.done,
      exceeded: t.exceeded,
      short: t.short,
    });
  }
  return { ...t };
}

export function toCriteria(list: CriterionInput[]): CriterionInput[] {
  list.forEach((c, i) => {
    if (c.grade != null && !GRADES.includes(c.grade as never))
      refuse('BAD_GRADE', `criteria[${i}].grade: "${c.grade}" is not one of ${GRADES.join(', ')}`, [
        'input',
        'criteria',
        String(i),
        'grade',
      ]);
  });
  const ids = list.map((c) => c.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) refuse('DUPLICATE_CRITERION', `criterion ${dup} given twice`, ['input', 'criteria']);
  return list;
}

/** Whole months within one year, 0 to 12. */
const monthsOfAYear = (n: number) => Number.isInteger(n) && n >= 0 && n <= 12;

/** A written comment, or null while none was given (blank counts as none). */
const written = (text: string | null | undefined) => (text?.trim() ? text : null);

export function toFacts(f: FactsInput): Partial<CeilingFacts> {
  const out: Partial<CeilingFacts> = {};
  const path = (name: string) => ['input', 'facts', name];
  if (f.civilServiceLevel) out.civilServiceLevel = f.civilServiceLevel;
  if (f.managerComment?.trim()) out.managerComment = { text: f.managerComment, recordedAt: new Date().toISOString() };
  if (f.sickLeaveMonths != null) {
    if (!monthsOfAYear(f.sickLeaveMonths))
      refuse('BAD_FACTS', 'sickLeaveMonths: whole months of the year, 0 to 12', path('sickLeaveMonths'), {
        sickLeaveMonths: f.sickLeaveMonths,
      });
    out.sickLeaveMonths = f.sickLeaveMonths;
  }
  if (f.maternityLeave != null) out.maternityLeave = f.maternityLeave;
  if (f.previousOrganization) {
    const { name, months, comment } = f.previousOrganization;
    if (!name.trim() || !monthsOfAYear(months))
      refuse('BAD_FACTS', 'previousOrganization: a name, and whole months of the year from 0 to 12', path('previousOrganization'), {
        months,
      });
    out.previousOrganization = { name, months, comment: written(comment) };
  }
  if (f.temporaryBranch) {
    if (!f.temporaryBranch.name.trim()) refuse('BAD_FACTS', 'temporaryBranch: the branch’s name', path('temporaryBranch'));
    out.temporaryBranch = { name: f.temporaryBranch.name, comment: written(f.temporaryBranch.comment) };
  }
  if (f.civilServiceResults) out.civilServiceResults = civilServiceResults(f.civilServiceResults, path('civilServiceResults'));
  if (f.colleagueBallots) {
    const b = toBallots(f.colleagueBallots, path('colleagueBallots'));
    out.colleagueBallots = {
      cast: b.convened,
      excellent: b.votes.EXCELLENT ?? 0,
      good: b.votes.GOOD ?? 0,
      complete: b.votes.COMPLETE ?? 0,
    };
  }
  if (f.residentBallots) {
    const { positive, neutral, negative } = f.residentBallots;
    const cast = positive + neutral + negative;
    if (cast < 1 || [positive, neutral, negative].some((n) => n < 0))
      refuse('BAD_FACTS', 'residentBallots: counts ≥ 0 with at least one ballot cast', path('residentBallots'), {
        positive,
        neutral,
        negative,
      });
    out.residentBallots = { cast, positive, neutral, negative };
  }
  if (f.lowConfidence) {
    const s = share(f.lowConfidence, path('lowConfidence'));
    out.confidenceVote = { cast: s.of, low: s.count };
  }
  if (f.discipline) out.discipline = { ...f.discipline };
  if (f.degenerated != null) out.degenerated = f.degenerated;
  if (f.transferredInUnconnected != null) out.head = { unitLevel: null, transferredInUnconnected: f.transferredInUnconnected };
  if (f.outstandingResult != null) out.secretary = { partyOrgLevel: null, outstandingResult: f.outstandingResult };
  if (f.areaTargets || f.managedUnits) {
    if (!f.areaTargets || !f.managedUnits) refuse('BAD_FACTS', 'areaTargets and managedUnits go together', path('areaTargets'));
    const units = toBallots(f.managedUnits, path('managedUnits'));
    out.leaderArea = {
      targets: toTargets(f.areaTargets, path('areaTargets')),
      managedUnits: {
        EXCELLENT: units.votes.EXCELLENT ?? 0,
        GOOD: units.votes.GOOD ?? 0,
        COMPLETE: units.votes.COMPLETE ?? 0,
        NOT_COMPLETE: units.votes.NOT_COMPLETE ?? 0,
      },
    };
  }
  if (f.memberDisciplined) out.memberDisciplined = { ...f.memberDisciplined };
  if (f.subordinateCorruption) out.subordinateCorruption = { ...f.subordinateCorruption };
  if (f.subordinatesDisciplined) {
    const s = share(f.subordinatesDisciplined, path('subordinatesDisciplined'));
    out.subordinatesDisciplined = { count: s.count, total: s.of };
  }
  if (f.previousShortcomings) {
    const { found, remedied } = f.previousShortcomings;
    if (found < 0 || remedied < 0 || remedied > found)
      refuse('BAD_FACTS', 'previousShortcomings: 0 ≤ remedied ≤ found', path('previousShortcomings'), { found, remedied });
    out.previousShortcomings = { found, remedied };
  }
  if (f.personnelViolation) out.personnelViolation = { ...f.personnelViolation };
  if (f.notExemplary != null) out.notExemplary = f.notExemplary;
  if (f.outsidePoliticalSystem != null) out.outsidePoliticalSystem = f.outsidePoliticalSystem;
  return out;
}

/** Task results as the decree counts them: general points of 0 or more (the pack caps them at its general part), each product with units, a quantity share and counts. */
function civilServiceResults(r: CivilServiceResultsInput, field: string[]): CivilServiceResults {
  if (!(r.generalPoints >= 0 && r.generalPoints <= 100))
    refuse('BAD_FACTS', 'civilServiceResults.generalPoints: from 0 to the general part (30 under 335/2025/NĐ-CP)', field, {
      generalPoints: r.generalPoints,
    });
  if (r.products.length === 0) refuse('BAD_FACTS', 'civilServiceResults.products: at least one product of the period', field);
  r.products.forEach((p, i) => {
    if (!(p.units > 0) || !(p.quantity >= 0 && p.quantity <= 1) || p.majorErrors < 0 || p.delays < 0) {
      refuse(
        'BAD_FACTS',
        `civilServiceResults.products[${i}]: units > 0, quantity from 0 to 1, errors and delays ≥ 0`,
        [...field, 'products', String(i)],
        { ...p },
      );
    }
  });
  return {
    generalPoints: r.generalPoints,
    products: r.products.map((p) => ({
      units: p.units,
      quantity: p.quantity,
      majorErrors: p.majorErrors,
      delays: p.delays,
      objectiveCause: p.objectiveCause,
    })),
  };
}
