import { eligibility, leaderNotRated, lessThanMonths, ratedPost, reviewOrderFindings, rulePack, unmetPrerequisites } from '../../src/rules';
import { addCalendarMonths } from '../../src/rules/dates';

const pack = rulePack('QD124-2024');
const REF = '2024-12-01';

describe('eligibility (DOMAIN §3, §15.5)', () => {
  it('counts 6 calendar months to the reference date, clamping month ends', () => {
    expect(addCalendarMonths('2024-06-01', 6)).toBe('2024-12-01');
    expect(addCalendarMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(lessThanMonths('2024-06-01', 6, REF)).toBe(false);
    expect(lessThanMonths('2024-06-02', 6, REF)).toBe(true);
  });

  it.each([
    [{ kind: 'PARTY_MEMBER', membership: { status: 'OFFICIAL', admittedOn: '2010-01-01' } }, true, null],
    [{ kind: 'PARTY_MEMBER', membership: { status: 'PROBATIONARY', admittedOn: '2024-06-01' } }, true, null],
    [{ kind: 'PARTY_MEMBER', membership: { status: 'PROBATIONARY', admittedOn: '2024-06-02' } }, false, 'NEW_MEMBER'],
    [{ kind: 'PARTY_MEMBER', membership: { status: 'EXEMPTED', admittedOn: '1980-01-01' } }, false, 'EXEMPTED'],
    [{ kind: 'PARTY_MEMBER', membership: { status: 'SUSPENDED', admittedOn: '1990-01-01' } }, false, 'SUSPENDED'],
    [{ kind: 'PARTY_ORGANIZATION', foundedOn: '2024-07-01' }, false, 'NEW_ORGANIZATION'],
    [{ kind: 'LEADERSHIP_COLLECTIVE', foundedOn: '2024-05-31' }, true, null],
    [{ kind: 'LEADER', appointedOn: '2024-10-01' }, false, 'NEW_APPOINTEE'],
    [{ kind: 'LEADER', appointedOn: '2020-10-01' }, true, null],
  ] as const)('%j → eligible %s (%s)', (facts, eligible, reason) => {
    const r = eligibility(facts as never, REF, pack);
    expect(r.eligible).toBe(eligible);
    expect(r.reason).toBe(reason);
    if (!eligible) expect(r.findings[0].source).toBe('004 §II.1.2, §II.7.11–7.12');
  });

  it('notes sick leave of 3 months or more and maternity leave: rated on time actually worked', () => {
    expect(eligibility({ kind: 'PARTY_MEMBER', sickLeaveMonths: 3 }, REF, pack).notes[0]).toMatchObject({
      rule: 'eligibility.actual-time-worked',
      source: '004 §II.7.12',
    });
    expect(eligibility({ kind: 'PARTY_MEMBER', sickLeaveMonths: 2 }, REF, pack).notes).toEqual([]);
    expect(eligibility({ kind: 'PARTY_MEMBER', maternityLeave: true }, REF, pack).notes).toHaveLength(1);
  });

  it('rates a person with concurrent posts once, at the highest post, or where more time was spent', () => {
    const r = ratedPost([
      { id: 'CTHDND', rank: 3, daysHeld: 300 },
      { id: 'BT', rank: 1, daysHeld: 100 },
    ]);
    expect(r.ratedAt.id).toBe('BT');
    expect(r.notRatedAt.map((p) => p.id)).toEqual(['CTHDND']);
    expect(r.finding).toMatchObject({ rule: 'eligibility.rated-once', source: '004 §II.7.5–7.7' });
    expect(
      ratedPost([
        { id: 'A', rank: 2, daysHeld: 100 },
        { id: 'B', rank: 2, daysHeld: 200 },
      ]).ratedAt.id,
    ).toBe('B');
  });

  it('never leaves a person unrated because the highest post is less than 6 months old: the highest post held long enough is rated', () => {
    const posts = [
      { id: 'BT', rank: 1, daysHeld: 60, startsOn: '2024-10-02' },
      { id: 'CTUBND', rank: 3, daysHeld: 900, startsOn: '2022-06-15' },
      { id: 'PCT', rank: 5, daysHeld: 1500, startsOn: '2020-10-22' },
    ];
    expect(leaderNotRated('BT', posts, REF, pack)).toEqual({ reason: 'NEW_APPOINTEE', source: '004 §II.1.2, §II.7.11–7.12' });
    expect(leaderNotRated('CTUBND', posts, REF, pack)).toBeNull();
    expect(leaderNotRated('PCT', posts, REF, pack)).toEqual({ reason: 'RATED_AT_OTHER_POST', source: '004 §II.7.5–7.7' });
    // Every post new: each is reviewed, none rated, each with its clause.
    expect(
      leaderNotRated(
        'BT',
        posts.map((p) => ({ ...p, startsOn: '2024-10-02' })),
        REF,
        pack,
      )?.reason,
    ).toBe('NEW_APPOINTEE');
  });
});

describe('order prerequisites (DOMAIN §10)', () => {
  it('lists what must be decided first, each with its clause', () => {
    const findings = unmetPrerequisites([
      { kind: 'LEADERSHIP_COLLECTIVE_OF_LEADER', subject: 'HT-TP-UBND-LD', decided: false },
      { kind: 'UNIT_OF_HEAD', subject: 'HT-TP-PTCKH', decided: true },
      { kind: 'CIVIL_SERVICE_RATING', subject: 'civil-service rating', decided: false },
    ]);
    expect(findings.map((f) => [f.rule, f.source])).toEqual([
      ['order.collective-before-leaders', '004 §II.7.3'],
      ['order.civil-service-first', '004 §II.7.3'],
    ]);
    expect(unmetPrerequisites([{ kind: 'MEMBERS_AND_SUBORDINATES', subject: 'members', decided: true }])).toEqual([]);
  });
});

describe('review order (004 §I.4.2; 003 §II.4.2)', () => {
  const review = (heldOn: string | null) => [
    { kind: 'COLLECTIVE_BEFORE_MEMBERS' as const, subject: 'HT-TP-UBND-LD', heldOn },
    { kind: 'BRANCH_BEFORE_COLLECTIVE' as const, subject: 'HT-M-0007', heldOn: '2024-11-18' },
  ];

  it('passes a prerequisite reviewed the same day or before, and lists one not yet held or held later', () => {
    expect(reviewOrderFindings(review('2024-11-20'), '2024-11-20')).toEqual([]);
    expect(reviewOrderFindings(review('2024-11-19'), '2024-11-20')).toEqual([]);
    const later = reviewOrderFindings(review('2024-11-21'), '2024-11-20');
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({
      rule: 'review-order.collective-before-individuals',
      source: '004 §I.4.2; 003 §II.4.2',
      figures: { waitingFor: 'HT-TP-UBND-LD', heldOn: '2024-11-21', reviewOn: '2024-11-20' },
    });
    expect(later[0].message).toBe(
      'HT-TP-UBND-LD was reviewed on 2024-11-21, after 2024-11-20: the collective is reviewed before the individuals',
    );
    const none = reviewOrderFindings(review(null), '2024-11-20');
    expect(none[0].messageVi).toBe('HT-TP-UBND-LD chưa kiểm điểm: kiểm điểm tập thể trước, cá nhân sau');
    // The branch review held the day after the leader’s review.
    expect(reviewOrderFindings(review('2024-11-10'), '2024-11-17').map((f) => f.rule)).toEqual(['review-order.branch-before-collective']);
  });

  it('gives each kind of prerequisite its own rule and clause', () => {
    const kinds = ['COLLECTIVE_BEFORE_MEMBERS', 'HEAD_BEFORE_DEPUTIES', 'BRANCH_BEFORE_COLLECTIVE', 'BODIES_BEFORE_PARTY'] as const;
    const findings = reviewOrderFindings(
      kinds.map((kind) => ({ kind, subject: kind, heldOn: null })),
      '2024-11-20',
    );
    expect(new Set(findings.map((f) => f.rule)).size).toBe(4);
    expect(findings.map((f) => f.source)).toEqual([
      '004 §I.4.2; 003 §II.4.2',
      '004 §I.4.2; 003 §II.4.2',
      '004 §I.4.2',
      '004 §I.4.2; 003 §II.4.2',
    ]);
  });
});
