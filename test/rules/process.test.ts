import { dossierState, draftReportFindings, rulePack, smallCollectiveFindings, workingDaysBetween } from '../../src/rules';

const p366 = rulePack('QD366-2025');

describe('the draft report before the review meeting (004 §I.4.1.1; 43-HD/BTCTW)', () => {
  it.each([
    // Monday 1 Dec 2025 to Thursday 4 Dec: Mon, Tue, Wed.
    ['2025-12-01', '2025-12-04', 3],
    ['2025-12-01', '2025-12-03', 2],
    // Friday to Wednesday: Fri, Mon, Tue — the weekend does not count.
    ['2025-11-28', '2025-12-03', 3],
    ['2025-11-29', '2025-12-03', 2],
    ['2025-12-03', '2025-12-03', 0],
    ['2025-12-05', '2025-12-03', 0],
  ])('from %s to %s: %i working days', (from, to, n) => {
    expect(workingDaysBetween(from, to)).toBe(n);
  });

  it('asks a collective for the day the draft went out, and at least 3 working days; an individual for neither', () => {
    expect(draftReportFindings(p366, true, '2025-12-01', '2025-12-04')).toEqual([]);
    expect(draftReportFindings(p366, true, '2025-12-01', '2025-12-03')).toEqual([
      expect.objectContaining({
        rule: 'review.draft-report-notice',
        source: '43-HD/BTCTW',
        figures: { draftSentOn: '2025-12-01', heldOn: '2025-12-03', workingDays: 2, needed: 3 },
      }),
    ]);
    expect(draftReportFindings(p366, true, null, '2025-12-03')).toEqual([
      expect.objectContaining({ rule: 'review.draft-report-date', figures: { needed: 3 } }),
    ]);
    expect(draftReportFindings(p366, false, null, '2025-12-03')).toEqual([]);
    expect(draftReportFindings(rulePack('QD124-2023'), true, '2023-12-01', '2023-12-04')[0]).toMatchObject({
      source: '004 §I.4.1.1',
      figures: { workingDays: 1 },
    });
  });

  it('checks nothing where a locality sets no notice', () => {
    const none = { ...p366, process: { ...p366.process, draftReportWorkingDays: 0 } };
    expect(draftReportFindings(none, true, null, '2025-12-03')).toEqual([]);
  });
});

describe('a collective of fewer than 3 members (004 §II.7.4; 43-HD/BTCTW)', () => {
  it.each([
    [3, null, '2025-12-03', []],
    [2, null, '2025-12-03', ['review.small-collective-host']],
    [2, { code: 'QT-CBCQ-CB', heldOn: '2025-12-03' }, '2025-12-03', []],
    [2, { code: 'QT-CBCQ-CB', heldOn: '2025-12-02' }, '2025-12-03', ['review.small-collective-same-meeting']],
    [1, { code: 'QT-CBCQ-CB', heldOn: null }, '2025-12-03', ['review.small-collective-same-meeting']],
  ] as const)('%i members, host %j, held on %s: %j', (members, host, heldOn, rules) => {
    expect(smallCollectiveFindings(p366, members, host, heldOn).map((f) => f.rule)).toEqual(rules);
  });

  it('is the locality’s to set, and cites 004 in the 2023 pack', () => {
    expect(smallCollectiveFindings({ ...p366, process: { ...p366.process, smallCollectiveMembers: 0 } }, 1, null, '2025-12-03')).toEqual(
      [],
    );
    expect(smallCollectiveFindings(rulePack('QD124-2023'), 2, null, '2023-12-03')[0]).toMatchObject({
      source: '004 §II.7.4',
      figures: { members: 2, atLeast: 3 },
    });
  });
});

describe('the state of a dossier item (003 §4.5; 43-HD/BTCTW Mẫu 04)', () => {
  it.each([
    ['2024-12-01', '2024-12-10', '2025-01-01', 'PRESENT'],
    ['2024-12-10', '2024-12-10', '2025-01-01', 'PRESENT'],
    ['2024-12-11', '2024-12-10', '2025-01-01', 'LATE'],
    [null, '2024-12-10', '2024-12-10', 'DUE'],
    [null, '2024-12-10', '2024-12-11', 'MISSING'],
    [null, null, '2025-01-01', 'DUE'],
    ['2024-12-11', null, '2025-01-01', 'PRESENT'],
  ] as const)('received %s, due %s, on %s: %s', (received, due, today, state) => {
    expect(dossierState(received, due, today)).toBe(state);
  });
});
