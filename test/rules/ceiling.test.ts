import { CeilingFacts, Grade, Level, ceilingOf, countLevels, missingFacts, rulePack } from '../../src/rules';

const p2023 = rulePack('QD124-2023');
const p2024 = rulePack('QD124-2024');

/** Individual criteria I1–I7 (I2, I4 result criteria): `result` grade for results, `other` for the rest. */
const individual = (result: Grade, other: Grade) =>
  ['I1', 'I2', 'I4', 'I5', 'I6', 'I7'].map((id) => ({ id, grade: id === 'I2' || id === 'I4' ? result : other }));
/** Collective criteria C1–C5 (C2, C4 result criteria). */
const collective = (result: Grade, other: Grade) =>
  ['C1', 'C2', 'C3', 'C4', 'C5'].map((id) => ({ id, grade: id === 'C2' || id === 'C4' ? result : other }));
/** A party organization's criteria: its party-building results (C3) count with the result criteria (004 §II.5.1.1 a). */
const partyOrg = (result: Grade, other: Grade) =>
  ['C1', 'C2', 'C3', 'C4', 'C5'].map((id) => ({ id, grade: ['C2', 'C3', 'C4'].includes(id) ? result : other }));
const levels = (e: number, g: number, c = 0, n = 0) =>
  countLevels([
    ...Array(e).fill('EXCELLENT'),
    ...Array(g).fill('GOOD'),
    ...Array(c).fill('COMPLETE'),
    ...Array(n).fill('NOT_COMPLETE'),
  ] as Level[]);

const member = (over: Partial<CeilingFacts> = {}): CeilingFacts => ({
  kind: 'PARTY_MEMBER',
  criteria: individual('OUTSTANDING', 'GOOD'),
  targets: { total: 10, done: 10, exceeded: 5 },
  ...over,
});
const rules = (facts: CeilingFacts, pack = p2023) =>
  ceilingOf(facts, pack)
    .findings.filter((f) => f.caps)
    .map((f) => f.rule);
const ceiling = (facts: CeilingFacts, pack = p2023) => ceilingOf(facts, pack).ceiling;

describe('individual standards (DOMAIN §7.3, 004 §II.5.2)', () => {
  it.each([
    ['all criteria at their best, 100% done, 50% exceeded', member(), 'EXCELLENT'],
    ['49% exceeded is not ≥ 50%', member({ targets: { total: 100, done: 100, exceeded: 49 } }), 'GOOD'],
    ['50% exceeded', member({ targets: { total: 100, done: 100, exceeded: 50 } }), 'EXCELLENT'],
    ['a result criterion only GOOD', member({ criteria: individual('GOOD', 'GOOD') }), 'GOOD'],
    ['another criterion only AVERAGE', member({ criteria: individual('OUTSTANDING', 'AVERAGE') }), 'GOOD'],
    ['a result criterion AVERAGE', member({ criteria: individual('AVERAGE', 'AVERAGE') }), 'COMPLETE'],
    ['any criterion POOR', member({ criteria: individual('OUTSTANDING', 'POOR') }), 'NOT_COMPLETE'],
    ['one task short on quality (10%)', member({ targets: { total: 10, done: 10, exceeded: 5, short: 1 } }), 'COMPLETE'],
    ['20% short is still COMPLETE', member({ targets: { total: 10, done: 10, exceeded: 5, short: 2 } }), 'COMPLETE'],
    ['30% short is below COMPLETE', member({ targets: { total: 10, done: 10, exceeded: 5, short: 3 } }), 'NOT_COMPLETE'],
    ['a task not done', member({ targets: { total: 10, done: 9, exceeded: 5 } }), 'NOT_COMPLETE'],
    ['more than 50% of tasks not done', member({ targets: { total: 10, done: 4, exceeded: 0 } }), 'NOT_COMPLETE'],
    ['civil servant rated GOOD', member({ civilServiceLevel: 'GOOD' }), 'GOOD'],
    ['civil servant rated COMPLETE', member({ civilServiceLevel: 'COMPLETE' }), 'COMPLETE'],
    ['disciplined', member({ discipline: { disciplined: true } }), 'NOT_COMPLETE'],
    ['disciplined, self-detected and remedied', member({ discipline: { disciplined: true, selfDetectedAndRemedied: true } }), 'EXCELLENT'],
    ['concluded degenerated', member({ degenerated: true }), 'NOT_COMPLETE'],
    ['51% low-confidence ballots', member({ confidenceVote: { cast: 100, low: 51 } }), 'NOT_COMPLETE'],
    ['50% low-confidence ballots', member({ confidenceVote: { cast: 100, low: 50 } }), 'EXCELLENT'],
    ['89% of colleagues say EXCELLENT', member({ colleagueBallots: { cast: 100, excellent: 89, good: 11, complete: 0 } }), 'GOOD'],
    ['90% of colleagues say EXCELLENT', member({ colleagueBallots: { cast: 100, excellent: 90, good: 10, complete: 0 } }), 'EXCELLENT'],
    ['79% residents positive', member({ residentBallots: { cast: 100, positive: 79, neutral: 0, negative: 21 } }), 'GOOD'],
    ['74% residents positive', member({ residentBallots: { cast: 100, positive: 74, neutral: 0, negative: 26 } }), 'COMPLETE'],
    ['69% residents positive', member({ residentBallots: { cast: 100, positive: 69, neutral: 0, negative: 31 } }), 'NOT_COMPLETE'],
  ])('%s → %s', (_label, facts, expected) => {
    expect(ceiling(facts)).toBe(expected);
  });

  it('explains every level it refuses with rule id, clause and figures', () => {
    const r = ceilingOf(member({ targets: { total: 100, done: 100, exceeded: 49 }, civilServiceLevel: 'GOOD' }), p2023);
    expect(r.ceiling).toBe('GOOD');
    expect(r.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'targets.excellent.exceeded',
          source: '004 §II.5.2.1',
          caps: 'GOOD',
          figures: expect.objectContaining({ exceeded: 49, total: 100 }),
        }),
        expect.objectContaining({ rule: 'individual.civil-service-level', caps: 'GOOD', figures: { civilServiceLevel: 'GOOD' } }),
      ]),
    );
    expect(r.findings.every((f) => f.messageVi.length > 0)).toBe(true);
  });
});

describe('leaders and heads (DOMAIN §7.3–7.4)', () => {
  const leader = (over: Partial<CeilingFacts> = {}): CeilingFacts =>
    member({
      kind: 'LEADER',
      leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: levels(2, 5, 3) },
      ...over,
    });

  it.each([
    ['area all done, 50% exceeded, units 100% COMPLETE and 70% GOOD', leader(), 'EXCELLENT'],
    [
      'units only 69% GOOD or higher',
      leader({ leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: levels(0, 69, 31) } }),
      'GOOD',
    ],
    [
      'one managed unit NOT_COMPLETE',
      leader({ leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: levels(2, 5, 2, 1) } }),
      'GOOD',
    ],
    ['area 80% done', leader({ leaderArea: { targets: { total: 10, done: 8, exceeded: 0 }, managedUnits: levels(2, 5, 3) } }), 'GOOD'],
    [
      'area exactly 70% done is not > 70%',
      leader({ leaderArea: { targets: { total: 10, done: 7, exceeded: 0 }, managedUnits: levels(2, 5, 3) } }),
      'NOT_COMPLETE',
    ],
    [
      'area 60% done',
      leader({ leaderArea: { targets: { total: 10, done: 6, exceeded: 0 }, managedUnits: levels(2, 5, 3) } }),
      'NOT_COMPLETE',
    ],
    [
      'corruption disciplined in the area',
      leader({
        leaderArea: { targets: { total: 10, done: 10, exceeded: 5 }, managedUnits: levels(2, 5, 3), corruption: { disciplined: true } },
      }),
      'NOT_COMPLETE',
    ],
    ['51% of residents negative', leader({ residentBallots: { cast: 100, positive: 49, neutral: 0, negative: 51 } }), 'NOT_COMPLETE'],
  ])('%s → %s', (_label, facts, expected) => {
    expect(ceiling(facts)).toBe(expected);
  });

  it('counts residents’ negative ballots apart from neutral ones: "more than 50% negative" means negative ballots (004 §II.5.2.4)', () => {
    const rules = (positive: number, neutral: number, negative: number) =>
      ceilingOf(leader({ residentBallots: { cast: positive + neutral + negative, positive, neutral, negative } }), p2023).findings.map(
        (f) => f.rule,
      );
    expect(rules(45, 10, 45)).not.toContain('ballots.residents.negative');
    expect(rules(45, 4, 51)).toContain('ballots.residents.negative');
    expect(rules(45, 10, 45)).toContain('ballots.residents.complete');
  });

  it('caps a head at the level of the unit, unless transferred in and unconnected (004 §II.7.15)', () => {
    const head = (unitLevel: Level, transferredInUnconnected = false) =>
      leader({ head: { unitLevel, unitProfessionalLevel: 'EXCELLENT', transferredInUnconnected } });
    expect(ceiling(head('GOOD'))).toBe('GOOD');
    expect(rules(head('GOOD'))).toContain('head.cap');
    expect(ceiling(head('COMPLETE'))).toBe('COMPLETE');
    // Transferred in and unconnected: no cap where the pack has 004's exception; 003 §4.4 states the cap without it.
    expect(ceiling(head('COMPLETE', true), p2024)).toBe('EXCELLENT');
    const without003 = { ...p2024, headClause: { ...p2024.headClause, transferredInException: false } };
    expect(ceiling(head('COMPLETE', true), without003)).toBe('COMPLETE');
    expect(ceiling(head('EXCELLENT'))).toBe('EXCELLENT');
  });

  it('2023 and 2024 both need the unit rated professionally; only who rates it changed (000 §11(4))', () => {
    // Unit rated GOOD on the party side, EXCELLENT professionally; head transferred in: EXCELLENT in both years.
    const facts = leader({ head: { unitLevel: 'GOOD', unitProfessionalLevel: 'EXCELLENT', transferredInUnconnected: true } });
    expect(ceiling(facts, p2023)).toBe('EXCELLENT');
    expect(ceiling(facts, p2024)).toBe('EXCELLENT');
    // Rated EXCELLENT on the party side, professionally only GOOD: GOOD in both years, each with its clause and rater.
    const other = leader({ head: { unitLevel: 'EXCELLENT', unitProfessionalLevel: 'GOOD' } });
    for (const [pack, source, by] of [
      [p2023, '004 §II.5.2.1', 'the superior body'],
      [p2024, '000 §11(4)', 'the competent authority'],
    ] as const) {
      expect(ceiling(other, pack)).toBe('GOOD');
      expect(ceilingOf(other, pack).findings).toContainEqual(
        expect.objectContaining({ rule: 'head.excellent.unit-professional', source, message: expect.stringContaining(by) }),
      );
    }
  });

  it('asks for the professional rating before a head’s GOOD or EXCELLENT, and names who records it (DOMAIN §15.6)', () => {
    const unrated = leader({ head: { unitLevel: 'GOOD', unitProfessionalLevel: null } });
    expect(missingFacts(unrated, 'GOOD', p2024)).toEqual([
      expect.objectContaining({
        rule: 'head.professional-rating-required',
        source: '004 §II.5.2.2',
        figures: { fact: 'unitProfessionalLevel', recordedBy: 'recordProfessionalRating' },
      }),
    ]);
    expect(missingFacts(unrated, 'EXCELLENT', p2024)[0].source).toBe('000 §11(4)');
    expect(missingFacts(unrated, 'COMPLETE', p2024)).toEqual([]);
    // A secretary answers to the secretary clause: no professional rating is asked for.
    expect(missingFacts(leader({ head: { unitLevel: 'GOOD' } }), 'GOOD', p2024)).toEqual([]);
  });

  it('2023 vs 2024: the secretary clause is gone in 2024', () => {
    const secretary = leader({ secretary: { partyOrgLevel: 'GOOD' } });
    expect(ceiling(secretary, p2023)).toBe('GOOD');
    expect(rules(secretary, p2023)).toContain('secretary.excellent.party-org');
    expect(ceiling(secretary, p2024)).toBe('EXCELLENT');
    expect(ceiling(leader({ secretary: { partyOrgLevel: 'COMPLETE' } }), p2024)).toBe('COMPLETE');
    expect(ceiling(leader({ secretary: { partyOrgLevel: 'COMPLETE', outstandingResult: true } }), p2023)).toBe('EXCELLENT');
  });
});

describe('party organizations (DOMAIN §7.1)', () => {
  const org = (over: Partial<CeilingFacts> = {}): CeilingFacts => ({
    kind: 'PARTY_ORGANIZATION',
    criteria: partyOrg('OUTSTANDING', 'GOOD'),
    subordinates: levels(2, 6, 2),
    sameLevelBodies: ['GOOD', 'EXCELLENT'],
    ...over,
  });

  it.each([
    ['80% of members GOOD or higher, all COMPLETE', org(), 'EXCELLENT'],
    ['79% of members GOOD or higher', org({ subordinates: levels(0, 79, 21) }), 'GOOD'],
    ['50% GOOD', org({ subordinates: levels(0, 50, 50) }), 'GOOD'],
    ['49% GOOD', org({ subordinates: levels(0, 49, 51) }), 'COMPLETE'],
    ['one member NOT_COMPLETE', org({ subordinates: levels(2, 6, 1, 1) }), 'COMPLETE'],
    ['a same-level body only COMPLETE', org({ sameLevelBodies: ['COMPLETE'] }), 'GOOD'],
    ['a same-level body NOT_COMPLETE', org({ sameLevelBodies: ['NOT_COMPLETE'] }), 'COMPLETE'],
    ['a result criterion GOOD', org({ criteria: collective('GOOD', 'GOOD') }), 'GOOD'],
    ['party-building results only GOOD (004 §II.5.1.1 a)', org({ criteria: collective('OUTSTANDING', 'GOOD') }), 'GOOD'],
    ['a criterion POOR', org({ criteria: collective('OUTSTANDING', 'POOR') }), 'NOT_COMPLETE'],
    [
      'a committee member disciplined, self-remedied',
      org({ memberDisciplined: { disciplined: true, selfDetectedAndRemedied: true } }),
      'GOOD',
    ],
    ['a committee member disciplined', org({ memberDisciplined: { disciplined: true } }), 'NOT_COMPLETE'],
    ['the committee disciplined', org({ discipline: { disciplined: true } }), 'NOT_COMPLETE'],
    ['a subordinate org disciplined for corruption', org({ subordinateCorruption: { disciplined: true } }), 'NOT_COMPLETE'],
    ['21% of subordinate units disciplined', org({ subordinatesDisciplined: { count: 21, total: 100 } }), 'NOT_COMPLETE'],
    ['20% of subordinate units disciplined', org({ subordinatesDisciplined: { count: 20, total: 100 } }), 'GOOD'],
    [
      '49% of targets with key targets missed',
      org({ targets: { total: 100, done: 49, exceeded: 0, keyTargetsMissed: true } }),
      'NOT_COMPLETE',
    ],
    [
      '49% of targets, key targets missed, force majeure',
      org({ targets: { total: 100, done: 49, exceeded: 0, keyTargetsMissed: true, forceMajeure: true } }),
      'EXCELLENT',
    ],
    [
      '50% of targets with key targets missed',
      org({ targets: { total: 100, done: 50, exceeded: 0, keyTargetsMissed: true } }),
      'EXCELLENT',
    ],
  ])('%s → %s', (_label, facts, expected) => {
    expect(ceiling(facts)).toBe(expected);
  });
});

describe('leadership collectives (DOMAIN §7.2)', () => {
  const coll = (over: Partial<CeilingFacts> = {}): CeilingFacts => ({
    kind: 'LEADERSHIP_COLLECTIVE',
    criteria: collective('OUTSTANDING', 'GOOD'),
    ...over,
  });
  it.each([
    ['results OUTSTANDING, others GOOD', coll(), 'EXCELLENT'],
    ['results GOOD, others AVERAGE', coll({ criteria: collective('GOOD', 'AVERAGE') }), 'GOOD'],
    ['results AVERAGE', coll({ criteria: collective('AVERAGE', 'AVERAGE') }), 'COMPLETE'],
    ['disunited', coll({ degenerated: true }), 'NOT_COMPLETE'],
    ['a member disciplined', coll({ memberDisciplined: { disciplined: true } }), 'NOT_COMPLETE'],
    ['a member disciplined, self-remedied', coll({ memberDisciplined: { disciplined: true, selfDetectedAndRemedied: true } }), 'GOOD'],
    ['a subordinate organization disciplined (004 §II.5.1.2 b)', coll({ subordinateCorruption: { disciplined: true } }), 'COMPLETE'],
    [
      'a subordinate organization disciplined, self-remedied',
      coll({ subordinateCorruption: { disciplined: true, selfDetectedAndRemedied: true } }),
      'GOOD',
    ],
  ])('%s → %s', (_label, facts, expected) => {
    expect(ceiling(facts)).toBe(expected);
  });
});

describe('comments a member is rated with (004 §II.7.13–7.14)', () => {
  const member = (facts: Partial<CeilingFacts>): CeilingFacts => ({ kind: 'PARTY_MEMBER', ...facts });
  const rules = (f: CeilingFacts) => missingFacts(f, 'COMPLETE', p2024).map((x) => [x.rule, x.source]);

  it.each([
    [5, null, []],
    [6, null, [['member.previous-organization-comment', '004 §II.7.13']]],
    [12, null, [['member.previous-organization-comment', '004 §II.7.13']]],
    [6, 'Nhận xét', []],
  ])('a member who moved after %i months there, comment %p: %j', (months, comment, expected) => {
    expect(rules(member({ previousOrganization: { name: 'Chi bộ A', months, comment } }))).toEqual(expected);
  });

  it('asks the temporary branch’s comment, and asks nothing of a leader', () => {
    expect(rules(member({ temporaryBranch: { name: 'Chi bộ B', comment: null } }))).toEqual([
      ['member.temporary-branch-comment', '004 §II.7.14'],
    ]);
    expect(rules(member({ temporaryBranch: { name: 'Chi bộ B', comment: 'Nhận xét' } }))).toEqual([]);
    expect(rules({ kind: 'LEADER', temporaryBranch: { name: 'Chi bộ B', comment: null } })).toEqual([]);
  });
});

describe('where a discipline counts (004 §II.7.8–7.10)', () => {
  const coll = (memberDisciplined: CeilingFacts['memberDisciplined']): CeilingFacts => ({
    kind: 'LEADERSHIP_COLLECTIVE',
    criteria: collective('OUTSTANDING', 'GOOD'),
    targets: { total: 10, done: 10, exceeded: 5 },
    memberDisciplined,
  });
  const notes = (f: CeilingFacts, pack = p2023) =>
    ceilingOf(f, pack)
      .findings.filter((x) => !x.caps && x.rule.startsWith('discipline.'))
      .map((x) => [x.rule, x.source]);

  it.each([
    ['a member disciplined here', { disciplined: true }, 'NOT_COMPLETE', []],
    [
      'for a violation at the previous unit (7.9)',
      { disciplined: true, atPreviousUnit: true },
      'EXCELLENT',
      [['discipline.previous-unit', '004 §II.7.9']],
    ],
    [
      'for a violation of an earlier period (7.8, 7.10)',
      { disciplined: true, committedInEarlierPeriod: true },
      'EXCELLENT',
      [['discipline.earlier-period', '004 §II.7.8, §II.7.10']],
    ],
    ['not disciplined, flags alone', { disciplined: false, atPreviousUnit: true }, 'EXCELLENT', []],
  ])('a leadership collective, %s → %s', (_label, d, expected, noted) => {
    expect(ceiling(coll(d))).toBe(expected);
    expect(notes(coll(d))).toEqual(noted);
  });

  it('a person’s own violation counts against them wherever it was committed, but only in its own period', () => {
    expect(ceiling(member({ discipline: { disciplined: true, atPreviousUnit: true } }))).toBe('NOT_COMPLETE');
    const earlier = member({ discipline: { disciplined: true, committedInEarlierPeriod: true } });
    expect(ceiling(earlier)).toBe('EXCELLENT');
    expect(notes(earlier)).toEqual([['discipline.earlier-period', '004 §II.7.8, §II.7.10']]);
  });
});
