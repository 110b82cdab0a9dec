import { reviewOrderFindings, suspendedMemberReviewFindings, suspensionNote, votesBetweenPlaces } from '../../src/rules';

describe('votes differing between places (004 §II.7.3)', () => {
  const at = (...levels: string[]) => levels.map((level, i) => ({ subject: `P${i + 1}`, level: level as 'GOOD' }));
  it.each([
    ['no place voted', at(), 0],
    ['one place', at('GOOD'), 0],
    ['two places agreeing', at('GOOD', 'GOOD'), 0],
    ['two places differing', at('GOOD', 'COMPLETE'), 1],
    ['three places, one differing', at('EXCELLENT', 'EXCELLENT', 'GOOD'), 1],
  ])('%s: %i finding', (_label, votes, n) => {
    expect(votesBetweenPlaces(votes, null)).toHaveLength(n);
  });

  it('names each place and level, and keeps what the competent level considered', () => {
    const [f] = votesBetweenPlaces(at('GOOD', 'COMPLETE'), '  Đã xem xét  ');
    expect(f).toMatchObject({
      rule: 'votes.differ-between-places',
      source: '004 §II.7.3',
      figures: { places: 'P1: GOOD; P2: COMPLETE', levels: 'GOOD, COMPLETE', considered: 'Đã xem xét' },
    });
    expect(f.caps).toBeUndefined();
    expect(votesBetweenPlaces(at('GOOD', 'COMPLETE'), ' ')[0].figures.considered).toBeNull();
  });
});

describe('a committee member suspended from committee activity (004 §II.7.16)', () => {
  const s = { body: 'BTV', suspendedOn: '2024-09-01', decisionRef: '15-QĐ/TU' };
  it.each([
    ['the branch reviewed the same day', '2024-11-21', '2024-11-21', 0],
    ['the branch reviewed the day before', '2024-11-20', '2024-11-21', 1],
    ['the branch reviewed the day after', '2024-11-22', '2024-11-21', 1],
    ['the branch not reviewed', null, '2024-11-21', 1],
  ])('%s: %i finding', (_label, branchHeldOn, heldOn, n) => {
    const found = suspendedMemberReviewFindings(s, 'M1', branchHeldOn, heldOn);
    expect(found).toHaveLength(n);
    found.forEach((f) => expect(f).toMatchObject({ rule: 'review.suspended-committee-member', source: '004 §II.7.16' }));
  });

  it('keeps a note of the time reviewed, and none without a suspension', () => {
    expect(suspensionNote(s)).toEqual([expect.objectContaining({ rule: 'review.time-before-suspension', figures: s })]);
    expect(suspensionNote(undefined)).toEqual([]);
  });

  it('a leader reviewed at the branch waits for the branch only', () => {
    const waits = [
      { kind: 'COLLECTIVE_BEFORE_MEMBERS' as const, subject: 'C', heldOn: null },
      { kind: 'HEAD_BEFORE_DEPUTIES' as const, subject: 'H', heldOn: null },
      { kind: 'BRANCH_BEFORE_COLLECTIVE' as const, subject: 'M', heldOn: '2024-11-22' },
    ];
    expect(reviewOrderFindings(waits, '2024-11-21').map((f) => f.figures.waitingFor)).toEqual(['C', 'H', 'M']);
    expect(reviewOrderFindings(waits, '2024-11-21', true).map((f) => f.figures.waitingFor)).toEqual(['M']);
    expect(reviewOrderFindings(waits, '2024-11-22', true)).toEqual([]);
  });
});
