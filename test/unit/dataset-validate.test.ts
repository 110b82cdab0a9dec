import { ExistingData, validateDataset } from '../../src/dataset/validate';
import { buildDemoDataset } from '../../src/demo/demo-dataset';

const nothingStored: ExistingData = {
  units: new Map(),
  bodies: new Set(),
  collectives: new Set(),
  people: new Set(),
  cycles: new Set(),
  rulePacks: new Set(['QD124-2023', 'QD124-2024', 'QD366-2025']),
};

const small = () => ({
  version: 1,
  units: [
    { code: 'P', name: 'Tỉnh', kind: 'PROVINCE' },
    { code: 'C', name: 'Xã', kind: 'COMMUNE', parent: 'P' },
    { code: 'B', name: 'Chi bộ', kind: 'PARTY_BRANCH', parent: 'C' },
  ],
  bodies: [{ code: 'C-DU', name: 'Đảng ủy xã', kind: 'PARTY_ORGANIZATION', unit: 'C' }],
  collectives: [{ code: 'C-BTV', name: 'BTV', kind: 'PARTY_STANDING_COMMITTEE', body: 'C-DU' }],
  people: [{ code: 'A1', fullName: 'Nguyễn Văn An' }],
  memberships: [{ person: 'A1', branch: 'B', admittedOn: '2010-05-19', status: 'OFFICIAL' }],
  posts: [
    {
      code: 'C-BT',
      person: 'A1',
      unit: 'C',
      body: 'C-DU',
      collective: 'C-BTV',
      title: 'Bí thư',
      category: 'SECRETARY',
      role: 'HEAD',
      startsOn: '2020-01-01',
    },
  ],
  cycles: [
    {
      code: '2024',
      name: 'Năm 2024',
      year: 2024,
      period: 'YEAR',
      startsOn: '2024-01-01',
      endsOn: '2024-12-31',
      referenceDate: '2024-12-01',
      rulePack: 'QD124-2024',
    },
  ],
  delegations: [
    { code: 'D1', cycle: '2024', delegate: 'C-DU', power: 'DECIDE', subject: { kind: 'PARTY_MEMBER', scope: 'C' }, source: '004 §II.4.3' },
  ],
});

describe('dataset validation', () => {
  it('reads the seats a row selects or excepts, for leaders and members only', () => {
    const file: any = small();
    file.delegations.push(
      {
        code: 'D2',
        cycle: '2024',
        delegate: 'C-DU',
        power: 'DECIDE',
        subject: { kind: 'LEADER', scope: 'C', seats: ['EXECUTIVE'], except: { seats: ['STANDING'] } },
        source: '004 §II.6.2.1',
      },
      {
        code: 'D3',
        cycle: '2024',
        delegate: 'C-DU',
        power: 'DECIDE',
        subject: { kind: 'LEADER', scope: 'C', seats: ['CHAIR'] },
        source: '004 §II.6.2.1',
      },
      {
        code: 'D4',
        cycle: '2024',
        delegate: 'C-DU',
        power: 'DECIDE',
        subject: { kind: 'PARTY_ORGANIZATION', scope: 'C', except: { seats: ['EXECUTIVE'] } },
        source: '004 §II.4.3',
      },
    );
    const { problems, dataset } = validateDataset(file, nothingStored);
    expect(problems).toEqual([
      { path: 'delegations[2].subject.seats', message: '"CHAIR" is not one of EXECUTIVE, STANDING, BRANCH_COMMITTEE' },
      {
        path: 'delegations[3].subject.seats',
        message: 'seats select leaders and members (their seats in a committee of the row’s scope unit)',
      },
    ]);
    expect(dataset).toBeNull();
    file.delegations.splice(2, 2);
    expect(validateDataset(file, nothingStored).dataset!.delegations![1].subject).toMatchObject({
      seats: ['EXECUTIVE'],
      except: { seats: ['STANDING'] },
    });
  });

  it('nests a quarter in its year and a year in its term, within their dates', () => {
    const file: any = small();
    file.cycles.push(
      {
        ...file.cycles[0],
        code: '2024-Q1',
        period: 'QUARTER',
        partOf: '2024',
        startsOn: '2024-01-01',
        endsOn: '2024-03-31',
        referenceDate: '2024-03-31',
      },
      {
        ...file.cycles[0],
        code: '2024-Q5',
        period: 'QUARTER',
        partOf: '2024-Q1',
        startsOn: '2024-01-01',
        endsOn: '2024-03-31',
        referenceDate: '2024-03-31',
      },
      {
        ...file.cycles[0],
        code: '2025-Q1',
        period: 'QUARTER',
        partOf: '2024',
        startsOn: '2025-01-01',
        endsOn: '2025-03-31',
        referenceDate: '2025-03-31',
      },
      {
        ...file.cycles[0],
        code: '2024-Q2',
        period: 'QUARTER',
        partOf: 'NOPE',
        startsOn: '2024-04-01',
        endsOn: '2024-06-30',
        referenceDate: '2024-06-30',
      },
    );
    expect(validateDataset(file, nothingStored).problems).toEqual([
      { path: 'cycles[2].partOf', message: 'a QUARTER cycle is part of a YEAR cycle, not of QUARTER "2024-Q1"' },
      { path: 'cycles[3].partOf', message: '2025-01-01–2025-03-31 is not within "2024" (2024-01-01–2024-12-31)' },
      { path: 'cycles[4].partOf', message: 'unknown cycle code "NOPE"' },
    ]);
  });

  it('checks parameters set by path against the cycle’s pack (docs/rules.md)', () => {
    const file: any = small();
    file.cycles.push({ ...file.cycles[0], code: '2025', year: 2025, rulePack: 'QD366-2025' });
    file.ruleParameters = [
      { cycle: '2025', unit: 'P', source: 'HD-07/ThU §3', set: { 'scoring.excellentMin': 92, 'quota.rounding': 'NEAREST' } },
      { cycle: '2024', unit: 'P', source: 'HD-07/ThU §4', set: { 'scoring.excellentMin': 92 } },
      { cycle: '2025', unit: 'C', source: 'HD-07/ThU §5', set: { 'scoring.goodMin': 'seventy', 'quota.nothing': 1 } },
      { cycle: '2024', unit: 'C', source: 'HD-07/ThU §6', set: ['quota.ratio'] },
    ];
    // Problems of reading come first, then those of references.
    expect(validateDataset(file, { ...nothingStored, rulePacks: new Set(['QD124-2024', 'QD366-2025']) }).problems).toEqual([
      { path: 'ruleParameters[3].set', message: 'must map parameter paths (docs/rules.md) to numbers, booleans or strings' },
      {
        path: 'ruleParameters[1].set.scoring.excellentMin',
        message: 'QD124-2024 has no parameter scoring.excellentMin (docs/rules.md lists them)',
      },
      { path: 'ruleParameters[2].set.scoring.goodMin', message: 'scoring.goodMin takes a number, as its default 70' },
      { path: 'ruleParameters[2].set.quota.nothing', message: 'QD366-2025 has no parameter quota.nothing (docs/rules.md lists them)' },
    ]);
  });

  it('accepts a correct file and the whole demo dataset', () => {
    expect(validateDataset(small(), nothingStored).problems).toEqual([]);
    expect(validateDataset(buildDemoDataset(), nothingStored).problems).toEqual([]);
  });

  it('lists every problem with its path, not only the first', () => {
    const file: any = small();
    file.posts[0].collective = 'TP-BTV';
    file.posts[0].startsOn = '2020-02-30';
    file.memberships[0].status = 'ACTIVE';
    file.units[2].kind = 'VILLAGE';
    file.people.push({ code: 'A1', fullName: 'Trùng mã' });
    file.delegations[0].consult = ['NOPE'];
    file.cycles[0].rulePack = 'QD999';
    file.bodies[0].colour = 'red';
    const { problems, dataset } = validateDataset(file, nothingStored);
    expect(dataset).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'posts[0].collective', message: 'unknown collective code "TP-BTV"' },
        { path: 'posts[0].startsOn', message: '"2020-02-30" is not a date (YYYY-MM-DD)' },
        { path: 'memberships[0].status', message: expect.stringContaining('"ACTIVE" is not one of OFFICIAL') },
        { path: 'units[2].kind', message: expect.stringContaining('"VILLAGE" is not one of') },
        { path: 'people[1].code', message: 'duplicate code "A1" (first at people[0])' },
        { path: 'delegations[0].consult[0]', message: 'unknown body code "NOPE"' },
        { path: 'cycles[0].rulePack', message: expect.stringContaining('unknown rule pack "QD999"') },
        { path: 'bodies[0].colour', message: expect.stringContaining('unknown field') },
      ]),
    );
  });

  it('finds cycles in the tree, through stored units too', () => {
    const file: any = small();
    file.units = [
      { code: 'X', name: 'X', kind: 'COMMUNE', parent: 'Y' },
      { code: 'Y', name: 'Y', kind: 'COMMUNE', parent: 'X' },
    ];
    const { problems } = validateDataset(file, nothingStored);
    expect(problems.filter((p) => p.message.includes('cycle')).map((p) => p.path)).toEqual(['units[0].parent', 'units[1].parent']);

    const stored: ExistingData = {
      ...nothingStored,
      units: new Map([
        ['S', { kind: 'PROVINCE', parent: 'T' }],
        ['T', { kind: 'CITY', parent: null }],
      ]),
    };
    const moved = validateDataset({ version: 1, units: [{ code: 'T', name: 'T', kind: 'CITY', parent: 'S' }] }, stored);
    expect(moved.problems).toEqual([{ path: 'units[0].parent', message: 'makes a cycle in the tree through "T"' }]);
  });

  it('resolves references against what the database already holds', () => {
    const stored: ExistingData = {
      ...nothingStored,
      units: new Map([
        ['B', { kind: 'PARTY_BRANCH', parent: null }],
        ['C', { kind: 'COMMUNE', parent: null }],
      ]),
      people: new Set(['A1']),
    };
    expect(
      validateDataset({ version: 1, memberships: [{ person: 'A1', branch: 'B', admittedOn: '2010-01-01', status: 'OFFICIAL' }] }, stored)
        .problems,
    ).toEqual([]);
    expect(
      validateDataset({ version: 1, memberships: [{ person: 'A1', branch: 'C', admittedOn: '2010-01-01', status: 'OFFICIAL' }] }, stored)
        .problems,
    ).toEqual([{ path: 'memberships[0].branch', message: '"C" is a COMMUNE; members are held in PARTY_BRANCH or GRASSROOTS_PARTY_ORG' }]);
  });

  it('checks dates against each other and the version', () => {
    const file: any = small();
    file.version = 2;
    file.posts[0].endsOn = '2019-01-01';
    file.memberships[0].officialOn = '2009-01-01';
    const { problems } = validateDataset(file, nothingStored);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'version', message: 'must be 1' },
        { path: 'posts[0].endsOn', message: '2019-01-01 is before startsOn 2020-01-01' },
        { path: 'memberships[0].officialOn', message: '2009-01-01 is before admittedOn 2010-05-19' },
      ]),
    );
  });

  it('refuses what is not a dataset at all', () => {
    expect(validateDataset('hello', nothingStored).problems).toEqual([
      { path: '(file)', message: 'must be an object with version and sections' },
    ]);
    expect(validateDataset({ version: 1, units: {} }, nothingStored).problems).toEqual([{ path: 'units', message: 'must be a list' }]);
  });
});
