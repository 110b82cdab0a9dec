import {
  CeilingFacts,
  Level,
  ProductResult,
  ceilingOf,
  civilServiceScore,
  countLevels,
  missingFacts,
  raisedQuota,
  quotaFigures,
  rulePack,
  unmitigated,
} from '../../src/rules';
import { effectivePack, settingProblem } from '../../src/rules/packs/effective-pack';

const p366 = rulePack('QD366-2025');

/** A subject with `points` split 30 + 70, every task done on time, 3 of 10 exceeded, the previous shortcomings remedied. */
const scored = (kind: CeilingFacts['kind'], points: number, over: Partial<CeilingFacts> = {}): CeilingFacts => ({
  kind,
  criteria: [
    { id: 'P1', points: Math.min(points, 30) },
    { id: 'P2', points: Math.max(points - 30, 0) },
  ],
  targets: { total: 10, done: 10, exceeded: 3 },
  previousShortcomings: { found: 2, remedied: 2 },
  ...over,
});
const ceiling = (f: CeilingFacts, pack = p366) => ceilingOf(f, pack).ceiling;
const capping = (f: CeilingFacts) =>
  ceilingOf(f, p366)
    .findings.filter((x) => x.caps)
    .map((x) => x.rule);
const units = (e: number, g: number, c: number, n: number) =>
  countLevels([
    ...Array(e).fill('EXCELLENT'),
    ...Array(g).fill('GOOD'),
    ...Array(c).fill('COMPLETE'),
    ...Array(n).fill('NOT_COMPLETE'),
  ] as Level[]);

describe('366-QĐ/TW Art. 11: bands of the score, every subject group', () => {
  it.each(['PARTY_MEMBER', 'LEADER', 'PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE'] as const)(
    '%s: 90 / 70 / 50 are the lower bounds',
    (kind) => {
      expect([90, 89.5, 70, 69.5, 50, 49.5].map((p) => ceiling(scored(kind, p)))).toEqual([
        'EXCELLENT',
        'GOOD',
        'GOOD',
        'COMPLETE',
        'COMPLETE',
        'NOT_COMPLETE',
      ]);
    },
  );

  it('says so when no points are recorded, and checks only the conditions', () => {
    const f = ceilingOf({ kind: 'PARTY_MEMBER', targets: { total: 10, done: 10, exceeded: 3 } }, p366);
    expect(f.findings.map((x) => x.rule)).toContain('points.not-recorded');
    expect(f.ceiling).toBe('EXCELLENT');
  });
});

describe('366-QĐ/TW Art. 11: conditions on tasks', () => {
  it.each([
    ['30% exceeded', { total: 10, done: 10, exceeded: 3 }, 'EXCELLENT'],
    ['29% exceeded', { total: 100, done: 100, exceeded: 29 }, 'GOOD'],
    ['one late', { total: 10, done: 10, exceeded: 5, short: 1 }, 'COMPLETE'],
    ['20% late', { total: 10, done: 10, exceeded: 5, short: 2 }, 'COMPLETE'],
    ['21% late', { total: 100, done: 100, exceeded: 50, short: 21 }, 'NOT_COMPLETE'],
    ['one not done', { total: 10, done: 9, exceeded: 5 }, 'NOT_COMPLETE'],
  ])('%s → %s', (_label, targets, expected) => {
    expect(ceiling(scored('PARTY_MEMBER', 95, { targets }))).toBe(expected);
  });

  it('measures a leader on the area led, not on the own tasks', () => {
    const leader = scored('LEADER', 95, {
      targets: { total: 10, done: 10, exceeded: 5 },
      leaderArea: { targets: { total: 10, done: 10, exceeded: 2 }, managedUnits: units(1, 3, 0, 0) },
    });
    expect(ceiling(leader)).toBe('GOOD');
    expect(capping(leader)).toEqual(['points.excellent.exceeded']);
  });

  it('EXCELLENT needs 100% of the previous review’s shortcomings remedied', () => {
    expect(ceiling(scored('PARTY_MEMBER', 95, { previousShortcomings: { found: 3, remedied: 2 } }))).toBe('GOOD');
    expect(ceiling(scored('PARTY_MEMBER', 95, { previousShortcomings: { found: 0, remedied: 0 } }))).toBe('EXCELLENT');
  });
});

describe('366-QĐ/TW Art. 11: the triggers of each group', () => {
  it.each([
    ['member degraded', scored('PARTY_MEMBER', 95, { degenerated: true }), 'art11.individual.degraded', false],
    ['member disciplined', scored('PARTY_MEMBER', 95, { discipline: { disciplined: true } }), 'art11.individual.disciplined', false],
    [
      'member disciplined, self-detected and remedied',
      scored('PARTY_MEMBER', 95, { discipline: { disciplined: true, selfDetectedAndRemedied: true } }),
      'art11.individual.disciplined',
      true,
    ],
    ['member not exemplary', scored('PARTY_MEMBER', 95, { notExemplary: true }), 'art11.individual.not-exemplary', false],
    [
      'member with 6 of 10 tasks not done',
      scored('PARTY_MEMBER', 95, { targets: { total: 10, done: 4, exceeded: 0 } }),
      'art11.individual.tasks',
      false,
    ],
    [
      'member outside the political system, disciplined',
      scored('PARTY_MEMBER', 95, { outsidePoliticalSystem: true, discipline: { disciplined: true } }),
      'art11.individual.disciplined',
      false,
    ],
    [
      'leader: area 69% done',
      scored('LEADER', 95, { leaderArea: { targets: { total: 100, done: 69, exceeded: 0 }, managedUnits: units(0, 4, 0, 0) } }),
      'art11.leader.area',
      false,
    ],
    [
      'leader: area under force majeure',
      scored('LEADER', 95, {
        leaderArea: { targets: { total: 100, done: 69, exceeded: 0, forceMajeure: true }, managedUnits: units(0, 4, 0, 0) },
      }),
      'art11.leader.area',
      true,
    ],
    [
      'leader: core targets missed',
      scored('LEADER', 95, {
        leaderArea: { targets: { total: 10, done: 10, exceeded: 5, keyTargetsMissed: true }, managedUnits: units(0, 4, 0, 0) },
      }),
      'art11.leader.area',
      false,
    ],
    [
      'leader: 3 of 5 units NOT_COMPLETE',
      scored('LEADER', 95, { leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: units(0, 2, 0, 3) } }),
      'art11.leader.units',
      false,
    ],
    [
      'leader: 51 of 100 low confidence',
      scored('LEADER', 95, { confidenceVote: { cast: 100, low: 51 } }),
      'art11.leader.low-confidence',
      false,
    ],
    [
      'leader: corruption in the direct scope',
      scored('LEADER', 95, {
        leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: units(0, 1, 0, 0), corruption: { disciplined: true } },
      }),
      'art11.leader.corruption',
      false,
    ],
    [
      'collective: 69% of planned tasks',
      scored('PARTY_ORGANIZATION', 95, { targets: { total: 100, done: 69, exceeded: 0 } }),
      'art11.collective.tasks',
      false,
    ],
    [
      'collective: personnel violation',
      scored('LEADERSHIP_COLLECTIVE', 95, { personnelViolation: { disciplined: true } }),
      'art11.collective.personnel',
      false,
    ],
    ['collective: disunity', scored('LEADERSHIP_COLLECTIVE', 95, { degenerated: true }), 'art11.collective.disunited', false],
    [
      'collective: a member disciplined for duties here',
      scored('PARTY_ORGANIZATION', 95, { memberDisciplined: { disciplined: true } }),
      'art11.collective.member-disciplined',
      false,
    ],
  ])('%s → NOT_COMPLETE', (_label, facts, rule, mitigable) => {
    const c = ceilingOf(facts, p366);
    expect(c.ceiling).toBe('NOT_COMPLETE');
    const found = c.findings.filter((x) => x.rule === rule).pop();
    expect(found?.caps).toBe('NOT_COMPLETE');
    expect(found?.figures.mitigable).toBe(mitigable);
    expect(found?.source).toBe('366-QĐ/TW Art. 11');
  });

  it.each([
    ['exactly 70% of planned tasks', scored('PARTY_ORGANIZATION', 95, { targets: { total: 10, done: 7, exceeded: 0 } })],
    [
      'a member disciplined for a violation at a previous unit',
      scored('PARTY_ORGANIZATION', 95, { memberDisciplined: { disciplined: true, atPreviousUnit: true } }),
    ],
    [
      'a member disciplined for a violation unrelated to the duties',
      scored('PARTY_ORGANIZATION', 95, { memberDisciplined: { disciplined: true, unrelatedToDuty: true } }),
    ],
    ['exactly half the tasks not done', scored('PARTY_MEMBER', 95, { targets: { total: 10, done: 5, exceeded: 0 } })],
    [
      'exactly half the units NOT_COMPLETE',
      scored('LEADER', 95, { leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: units(0, 2, 0, 2) } }),
    ],
  ])('%s is no trigger', (_label, facts) => {
    expect(ceilingOf(facts, p366).findings.some((x) => x.rule.startsWith('art11.'))).toBe(false);
  });

  it('a collective with a subordinate unit or a member disciplined is not EXCELLENT, even where nothing triggers', () => {
    expect(ceiling(scored('PARTY_ORGANIZATION', 95, { subordinatesDisciplined: { count: 1, total: 10 } }))).toBe('GOOD');
    expect(ceiling(scored('PARTY_ORGANIZATION', 95, { subordinateCorruption: { disciplined: true } }))).toBe('GOOD');
    expect(ceiling(scored('PARTY_ORGANIZATION', 95, { memberDisciplined: { disciplined: true, atPreviousUnit: true } }))).toBe('EXCELLENT');
  });

  it('keeps the civil-service cap (335/2025/NĐ-CP) and the head cap (a U parameter), and has no professional-rating clause', () => {
    const civil = ceilingOf(scored('PARTY_MEMBER', 95, { civilServiceLevel: 'GOOD' }), p366);
    expect(civil.ceiling).toBe('GOOD');
    expect(civil.findings.find((x) => x.rule === 'individual.civil-service-level')?.source).toContain('335/2025/NĐ-CP');
    const head = scored('LEADER', 95, { head: { unitLevel: 'COMPLETE', unitProfessionalLevel: null } });
    expect(ceiling(head)).toBe('COMPLETE');
    expect(ceiling(head, effectivePack(p366, [{ parameters: { set: { 'scoring.headCap': false } }, source: 'NQ-01 §2' }]))).toBe(
      'EXCELLENT',
    );
    expect(missingFacts(head, 'EXCELLENT', p366)).toEqual([]);
  });
});

describe('the override under 366: only a mitigated trigger may be set aside', () => {
  const above = (f: CeilingFacts, level: Level) =>
    ceilingOf(f, p366).findings.filter(
      (x) =>
        x.caps && x.caps !== level && ['EXCELLENT', 'GOOD', 'COMPLETE'].indexOf(x.caps) > ['EXCELLENT', 'GOOD', 'COMPLETE'].indexOf(level),
    );

  it('refuses to set aside a band, a condition or an unmitigated trigger; allows a mitigated one', () => {
    const mitigated = scored('PARTY_MEMBER', 95, { discipline: { disciplined: true, selfDetectedAndRemedied: true } });
    expect(unmitigated(above(mitigated, 'GOOD'), p366)).toEqual([]);
    const plain = scored('PARTY_MEMBER', 95, { discipline: { disciplined: true } });
    expect(unmitigated(above(plain, 'GOOD'), p366).map((x) => x.rule)).toEqual(['art11.individual.disciplined']);
    const lowScore = scored('PARTY_MEMBER', 60);
    expect(unmitigated(above(lowScore, 'GOOD'), p366).map((x) => x.rule)).toEqual(['points.good']);
  });

  it('leaves the graded packs’ overrides as they were', () => {
    const f = ceilingOf({ kind: 'PARTY_MEMBER', discipline: { disciplined: true } }, rulePack('QD124-2024'));
    expect(unmitigated(f.findings, rulePack('QD124-2024'))).toEqual([]);
  });
});

describe('the quota of 366: rounding and the raise to 25%', () => {
  it('rounds down by default and as a locality sets it', () => {
    expect(quotaFigures(p366.quota, 0, { EXCELLENT: 0, GOOD: 7, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(1);
    const nearest = effectivePack(p366, [{ parameters: { set: { 'quota.rounding': 'NEAREST' } }, source: 'HD-02 §1' }]);
    expect(quotaFigures(nearest.quota, 0, { EXCELLENT: 0, GOOD: 8, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(2);
    expect(quotaFigures(nearest.quota, 0, { EXCELLENT: 0, GOOD: 7, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(1);
    const up = effectivePack(p366, [{ parameters: { set: { 'quota.rounding': 'UP' } }, source: 'HD-02 §1' }]);
    expect(quotaFigures(up.quota, 0, { EXCELLENT: 0, GOOD: 6, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(2);
    expect(quotaFigures(up.quota, 0, { EXCELLENT: 0, GOOD: 5, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(1);
  });

  it('a recorded decision raises 20% to 25% and is cited; a graded pack has no raise', () => {
    const raised = raisedQuota(p366.quota, 'QĐ 12-QĐ/ĐU');
    expect(raised.ratio).toBe(0.25);
    expect(raised.source).toBe('366-QĐ/TW Art. 11; decision QĐ 12-QĐ/ĐU');
    expect(quotaFigures(raised, 0, { EXCELLENT: 0, GOOD: 8, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(2);
    expect(quotaFigures(p366.quota, 0, { EXCELLENT: 0, GOOD: 8, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(1);
    expect(raisedQuota(rulePack('QD124-2024').quota, 'QĐ 1').ratio).toBe(0.2);
  });

  it('has no small-group exception unless a locality sets one', () => {
    expect(quotaFigures(p366.quota, 3, { EXCELLENT: 0, GOOD: 3, COMPLETE: 0, NOT_COMPLETE: 0 }).maxExcellent).toBe(0);
  });
});

describe('the civil-service level from task results (335/2025/NĐ-CP)', () => {
  const rule = p366.civilService!;
  const product = (over: Partial<ProductResult> = {}): ProductResult => ({ units: 10, quantity: 1, majorErrors: 0, delays: 0, ...over });

  it.each([
    ['everything delivered on time and to quality', 30, [product()], 100, 'EXCELLENT'],
    ['one major error costs 25% of the quality third', 30, [product({ majorErrors: 1 })], 94.16, 'EXCELLENT'],
    ['one delay costs 25% of the timeliness third', 20, [product({ delays: 1 })], 84.16, 'GOOD'],
    ['objective causes exempt both', 20, [product({ majorErrors: 2, delays: 3, objectiveCause: true })], 90, 'EXCELLENT'],
    ['four errors leave no quality points, never fewer', 20, [product({ majorErrors: 9 })], 66.66, 'COMPLETE'],
    [
      'products weigh by their converted units',
      20,
      [product({ units: 30 }), product({ units: 10, quantity: 0, majorErrors: 4, delays: 4 })],
      72.5,
      'GOOD',
    ],
    ['half the quantity, late and poor', 10, [product({ quantity: 0.5, majorErrors: 2, delays: 2 })], 45, 'NOT_COMPLETE'],
    ['general points above the part count as the part', 45, [product({ quantity: 0.9 })], 97.66, 'EXCELLENT'],
  ] as const)('%s', (_label, general, products, points, level) => {
    const s = civilServiceScore({ generalPoints: general, products: [...products] }, rule);
    expect([s.points, s.level]).toEqual([points, level]);
  });

  it('caps the party level when no level is imported; an imported level wins', () => {
    const results = { generalPoints: 20, products: [product({ delays: 1 })] };
    const computed = ceilingOf(scored('PARTY_MEMBER', 95, { civilServiceResults: results }), p366);
    expect(computed.ceiling).toBe('GOOD');
    expect(computed.findings.find((x) => x.rule === 'individual.civil-service-level')?.figures).toMatchObject({
      civilServiceLevel: 'GOOD',
      computedPoints: 84.16,
    });
    expect(computed.findings.find((x) => x.rule === 'civil-service.computed')).toMatchObject({
      source: '335/2025/NĐ-CP',
      figures: { points: 84.16 },
    });
    expect(ceiling(scored('PARTY_MEMBER', 95, { civilServiceResults: results, civilServiceLevel: 'EXCELLENT' }))).toBe('EXCELLENT');
    // The graded packs compute nothing: only an imported level caps.
    expect(
      ceilingOf({ kind: 'PARTY_MEMBER', civilServiceResults: results }, rulePack('QD124-2024')).findings.some((x) =>
        x.rule.startsWith('civil-service'),
      ),
    ).toBe(false);
  });
});

describe('the parts of a cycle (366-QĐ/TW Art. 15)', () => {
  const year = scored('PARTY_MEMBER', 95, {
    parts: [
      { cycle: 'Q1', level: 'NOT_COMPLETE' },
      { cycle: 'Q2', level: 'GOOD' },
      { cycle: 'Q3', level: null },
    ],
  });

  it('binds the year to its quarters only where a locality sets the rule', () => {
    expect(ceiling(year)).toBe('EXCELLENT');
    const bound = effectivePack(p366, [{ parameters: { set: { 'periods.partNotCompleteBarsExcellent': true } }, source: 'HD-05/ĐU §2' }]);
    const c = ceilingOf(year, bound);
    expect(c.ceiling).toBe('GOOD');
    expect(c.findings.find((x) => x.rule === 'periods.part-not-complete')).toMatchObject({
      source: 'HD-05/ĐU §2',
      figures: { parts: 'Q1' },
      caps: 'GOOD',
    });
    expect(ceiling(scored('PARTY_MEMBER', 95, { parts: [{ cycle: 'Q1', level: 'COMPLETE' }] }), bound)).toBe('EXCELLENT');
  });
});

describe('pack parameters set by a locality', () => {
  it('sets a value by its path and cites the locality’s clause in the findings', () => {
    const local = effectivePack(p366, [{ parameters: { set: { 'scoring.excellentMin': 92 } }, source: 'HD-07/ThU §3' }]);
    const f = ceilingOf(scored('PARTY_MEMBER', 91), local);
    expect(f.ceiling).toBe('GOOD');
    expect(f.findings.find((x) => x.rule === 'points.excellent')?.source).toBe('HD-07/ThU §3');
  });

  it('refuses a path the pack does not have and a value of another type', () => {
    expect(settingProblem(p366, 'scoring.nothing', 1)).toMatch(/no parameter scoring.nothing/);
    expect(settingProblem(p366, 'scoring.excellentMin', 'ninety')).toMatch(/takes a number/);
    expect(settingProblem(rulePack('QD124-2024'), 'scoring.excellentMin', 90)).toMatch(/QD124-2024 has no parameter/);
    expect(settingProblem(p366, 'quota.raisedRatio', 0.3)).toBeNull();
    expect(settingProblem(p366, 'quota.rounding', 'SIDEWAYS')).toMatch(/takes one of DOWN, NEAREST, UP/);
    expect(settingProblem(p366, 'process.reverifier', 'ABOVE_SUBJECT')).toBeNull();
    expect(settingProblem(p366, 'process.reverifier', 'ANYONE')).toMatch(/ABOVE_DECIDER, ABOVE_SUBJECT/);
  });

  it('cites the locality’s clause where it sets how the review is run', () => {
    const set = effectivePack(p366, [
      { parameters: { set: { 'process.draftReportWorkingDays': 5, 'process.reverifier': 'ABOVE_SUBJECT' } }, source: '12-HD/TU §2' },
    ]);
    expect(set.process).toMatchObject({
      draftReportWorkingDays: 5,
      draftReportSource: '12-HD/TU §2',
      reverifier: 'ABOVE_SUBJECT',
      reverificationSource: '12-HD/TU §2',
    });
  });

  it('lists every parameter with a status and a source, each path naming a value of the pack', () => {
    for (const pack of [p366, rulePack('QD124-2023'), rulePack('QD124-2024')]) {
      for (const x of pack.parameters) {
        expect(['TEXT', 'Q', 'R', 'U']).toContain(x.status);
        expect(x.source.length).toBeGreaterThan(0);
        expect(
          settingProblem(
            pack,
            x.path,
            x.path.split('.').reduce<any>((o, k) => o[k], pack),
          ),
        ).toBeNull();
      }
    }
  });
});
