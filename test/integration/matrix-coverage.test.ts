import { gql } from 'graphql-request';
import { DEMO } from '../../src/demo/demo-dataset';
import { TWO_LEVEL } from '../../src/demo/two-level-province';
import { coversSubjectInCycleSql, supersededSql } from '../../src/policies/delegation-matrix';
import { TestApi, startTestApi } from '../support/api';
import { agreeing } from '../support/eventually';
import { FULL_TARGETS, LEADER_CRITERIA, Workflow, ok, unanimous } from '../support/workflow';
import { dbIdOf } from '../support/ids';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const unitId = async (code: string) =>
  Buffer.from(`Unit:${(await api.db.query(`SELECT id FROM unit WHERE code = $1`, [code]))[0].id}`).toString('base64url');
const postId = async (code: string) =>
  Buffer.from(`Post:${(await api.db.query(`SELECT id FROM post WHERE code = $1`, [code]))[0].id}`).toString('base64url');

/** What a gap is named by. */
const GAP = `
  fragment Gap on CoverageGap {
    problem
    subject {
      kind
      code
    }
  }
`;

const COVERAGE = gql`
  query ($cycle: String!, $within: ID) {
    matrixCoverage(cycle: $cycle, within: $within) {
      subjects
      covered
      uncovered
      proposedOnly
      conflicting
      complete
      gaps(first: 20) {
        totalCount
        nodes {
          ...Gap
          unit {
            code
          }
          rows {
            code
            source
            power
            delegate {
              code
            }
          }
        }
      }
    }
  }
  ${GAP}
`;

describe('the coverage check of the delegation matrix', () => {
  it.each(['2023', '2024', '2025'])(
    'finds every subject of the demo province decided by exactly one authority in %s, the province itself proposed to the Central',
    async (cycle) => {
      const { matrixCoverage: c } = await api.as(DEMO.admin).request<any>(COVERAGE, { cycle, within: await unitId(DEMO.province) });
      const [{ n }] = await api.db.query(
        `SELECT count(*)::int n FROM rating_subject WHERE unit_path LIKE (SELECT path FROM unit WHERE code = 'HT') || '%'`,
      );
      expect(c).toMatchObject({ subjects: n, covered: n - 1, uncovered: 0, conflicting: 0, proposedOnly: 1, complete: true });
      expect(c.gaps.nodes).toEqual([
        {
          problem: 'PROPOSED_ONLY',
          subject: { kind: 'PARTY_ORGANIZATION', code: 'HT-DB' },
          unit: { code: 'HT' },
          rows: [{ code: `${cycle}/HT/self-rating`, source: '001 §I.1', power: 'PROPOSE', delegate: { code: 'HT-BTV' } }],
        },
      ]);
    },
  );

  it('finds every subject of the two-level province decided by exactly one authority in 2025 (43-HD/BTCTW §3), what the Central decides proposed', async () => {
    const { matrixCoverage: c } = await api
      .as(DEMO.admin)
      .request<any>(COVERAGE, { cycle: '2025', within: await unitId(TWO_LEVEL.province) });
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int n FROM rating_subject WHERE unit_path LIKE (SELECT path FROM unit WHERE code = 'QT') || '%'`,
    );
    expect(c).toMatchObject({ subjects: n, covered: n - 6, uncovered: 0, conflicting: 0, proposedOnly: 6, complete: true });
    expect(c.gaps.nodes.map((g: any) => [g.subject.kind, g.subject.code, g.rows.map((r: any) => r.code)])).toEqual(
      [
        ['PARTY_ORGANIZATION', 'QT-DB', ['2025/QT/self-rating']],
        ['LEADERSHIP_COLLECTIVE', 'QT-BTV-TT', ['2025/QT/standing-collective']],
        ...['QT-BT', 'QT-PBTTT', 'QT-CTHDND', 'QT-CTUBND'].map((code) => ['LEADER', code, ['2025/QT/centrally-managed-leaders']]),
      ].sort(),
    );
    // The province did not exist before the reform: the 2024 cycle's territory does not reach it.
    expect(
      (await api.as(DEMO.admin).request<any>(COVERAGE, { cycle: '2024', within: await unitId(TWO_LEVEL.province) })).matrixCoverage,
    ).toMatchObject({ subjects: 0 });
  });

  it('counts only the subjects the caller may audit: everything for an administrator, the district for its inspection commission, nothing for a ward secretary', async () => {
    const district = await unitId(DEMO.district);
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int n FROM rating_subject WHERE unit_path LIKE (SELECT path FROM unit WHERE code = 'HT-CL') || '%'`,
    );
    const auditor = (
      await api.db.query(
        `SELECT p.code FROM post po JOIN person p ON p.id = po.person_id JOIN body b ON b.id = po.body_id WHERE b.code = 'HT-CL-UBKT' LIMIT 1`,
      )
    )[0].code;
    expect((await api.as(auditor).request<any>(COVERAGE, { cycle: '2024' })).matrixCoverage).toMatchObject({
      subjects: n,
      uncovered: 0,
      conflicting: 0,
    });
    expect((await api.as(DEMO.admin).request<any>(COVERAGE, { cycle: '2024', within: district })).matrixCoverage.subjects).toBe(n);
    expect((await api.as(DEMO.wardSecretary).request<any>(COVERAGE, { cycle: '2024' })).matrixCoverage).toMatchObject({
      subjects: 0,
      complete: true,
    });
  });

  it('is part of the report', async () => {
    const data = await api.as(DEMO.admin).request<any>(
      gql`
        query ($w: ID) {
          report(cycle: "2024", within: $w, asOf: "2024-12-20") {
            coverage {
              uncovered
              conflicting
              complete
            }
          }
        }
      `,
      { w: await unitId(DEMO.city) },
    );
    expect(data.report.coverage).toEqual({ uncovered: 0, conflicting: 0, complete: true });
  });
});

/** Every subject of a cycle with how many rows in force decide and propose it, one by one: what the groups must add up to. */
const coverageOneByOne = (cycle: string) =>
  api.db.query<{ kind: string; code: string; unit_path: string; n: number; proposers: number }[]>(
    `SELECT a.kind, a.code, a.unit_path, dec.n, dec.proposers
       FROM rating_subject a, cycle c CROSS JOIN LATERAL (
         WITH cov AS (SELECT d.* FROM delegation d JOIN unit su ON su.id = d.scope_unit_id WHERE ${coversSubjectInCycleSql('c.id', 'd', 'su', 'a')})
         SELECT count(*) FILTER (WHERE x.power = 'DECIDE')::int AS n, count(*) FILTER (WHERE x.power = 'PROPOSE')::int AS proposers
           FROM cov x WHERE x.power = 'PROPOSE' OR NOT ${supersededSql('cov', 'x')}) dec
      WHERE c.code = $1
        AND EXISTS (SELECT 1 FROM delegation t WHERE t.cycle_id = c.id AND t.scope_unit_id = ANY (string_to_array(trim(both '/' from a.unit_path), '/')::bigint[]))`,
    [cycle],
  );

/** Every page of a connection, in order. */
async function allPages<T>(read: (after: string | null) => Promise<{ nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string } }>) {
  const out: T[] = [];
  for (let after: string | null = null; ;) {
    const page = await read(after);
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

const GAPS = gql`
  query ($cycle: String!, $within: ID, $after: String, $problem: CoverageProblem) {
    matrixCoverage(cycle: $cycle, within: $within) {
      gaps(first: 100, after: $after, problem: $problem) {
        totalCount
        nodes {
          ...Gap
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${GAP}
`;

const AUDITABLE = gql`
  query ($cycle: String!, $within: ID, $after: String) {
    subjects(cycle: $cycle, action: audit, within: $within, first: 100, after: $after) {
      nodes {
        kind
        code
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

describe('the coverage check counted by groups of the subject tally', () => {
  const problemOf = (s: { n: number; proposers: number }) =>
    s.n > 1 ? 'SEVERAL_AUTHORITIES' : s.n === 1 ? null : s.proposers > 0 ? 'PROPOSED_ONLY' : 'NO_AUTHORITY';

  it.each([
    ['2023', 'admin', null],
    ['2024', 'admin', 'HT-CL'],
    ['2025', 'admin', null],
    ['2025', 'admin', 'HT-TP'],
    ['2024', 'districtAuditor', null],
    ['2025', 'provinceAuditor', null],
    ['2025', 'wardSecretary', null],
  ])('gives in %s, for the %s within %s, the totals and the gaps that each subject counted alone gives', async (cycle, who, within) => {
    const auditorOf = async (body: string) =>
      (
        await api.db.query(
          `SELECT p.code FROM post po JOIN person p ON p.id = po.person_id JOIN body b ON b.id = po.body_id WHERE b.code = $1 ORDER BY po.id LIMIT 1`,
          [body],
        )
      )[0].code as string;
    const caller =
      who === 'admin'
        ? DEMO.admin
        : who === 'wardSecretary'
          ? DEMO.wardSecretary
          : await auditorOf(who === 'districtAuditor' ? 'HT-CL-UBKT' : 'HT-UBKT');
    const as = api.as(caller);
    const withinId = within ? await unitId(within) : null;
    const inTreeOrder = (a: { path: string; kind: string; code: string }, b: typeof a) =>
      Buffer.compare(Buffer.from(`${a.path} ${a.kind} ${a.code}`), Buffer.from(`${b.path} ${b.kind} ${b.code}`));
    const PROBLEMS = [null, 'NO_AUTHORITY', 'PROPOSED_ONLY', 'SEVERAL_AUTHORITIES'];
    // The totals, every gap, then the gaps of each problem alone, each page's total the number of its gaps; beside the
    // subjects the caller may audit, each tested alone.
    const { actual, expected } = await agreeing(async () => {
      const auditable = await allPages(async (after) => (await as.request<any>(AUDITABLE, { cycle, within: withinId, after })).subjects);
      const mine = new Set(auditable.map((s: any) => `${s.kind} ${s.code}`));
      const subjects = (await coverageOneByOne(cycle)).filter((s) => mine.has(`${s.kind} ${s.code}`));
      const count = (problem: string | null) => subjects.filter((s) => problemOf(s) === problem).length;
      const gapsOf = (problem: string | null) =>
        subjects
          .filter((s) => (problem ? problemOf(s) === problem : problemOf(s)))
          .map((s) => ({ path: s.unit_path, kind: s.kind, code: s.code, problem: problemOf(s) }))
          .sort(inTreeOrder)
          .map((s) => `${s.kind} ${s.code} ${s.problem}`);
      const { matrixCoverage: c } = await as.request<any>(COVERAGE, { cycle, within: withinId });
      const pages = [];
      for (const problem of PROBLEMS) {
        const totals = new Set<number>();
        const gaps = await allPages(async (after) => {
          const page = (await as.request<any>(GAPS, { cycle, within: withinId, after, problem })).matrixCoverage.gaps;
          totals.add(page.totalCount);
          return page;
        });
        pages.push({ totals: [...totals], gaps: gaps.map((g: any) => `${g.subject.kind} ${g.subject.code} ${g.problem}`) });
      }
      return {
        actual: {
          totals: [c.subjects, c.covered, c.uncovered, c.proposedOnly, c.conflicting],
          pages,
        },
        expected: {
          totals: [subjects.length, count(null), count('NO_AUTHORITY'), count('PROPOSED_ONLY'), count('SEVERAL_AUTHORITIES')],
          pages: PROBLEMS.map((problem) => ({ totals: [gapsOf(problem).length], gaps: gapsOf(problem) })),
        },
      };
    });
    expect(actual).toEqual(expected);
    if (who !== 'wardSecretary') expect(expected.totals[0]).toBeGreaterThan(0);
  });
});

/**
 * A province of this file's own (codes CV…, cycle CV-2024): a management list, a row narrowed to it,
 * a row with both kinds of exception, and the gaps and conflicts the check must name.
 */
const province = (extraDelegations: object[] = []) => ({
  version: 1,
  units: [
    { code: 'CV', name: 'Tỉnh Phủ Kín', kind: 'PROVINCE' },
    { code: 'CV-X', name: 'Xã Phủ Kín', kind: 'COMMUNE', parent: 'CV' },
    { code: 'CV-CBCQ', name: 'Chi bộ Cơ quan', kind: 'PARTY_BRANCH', parent: 'CV' },
  ],
  bodies: [
    { code: 'CV-BTV', name: 'Ban Thường vụ Tỉnh ủy', kind: 'PARTY_STANDING_COMMITTEE', unit: 'CV' },
    { code: 'CV-UB', name: 'Ủy ban nhân dân tỉnh', kind: 'PEOPLES_COMMITTEE', unit: 'CV' },
  ],
  people: ['BT', 'CT', 'X1', 'X2', 'X3', 'X4'].map((p) => ({ code: `CV-${p}`, fullName: `Người ${p}` })),
  memberships: ['BT', 'CT', 'X1', 'X2', 'X3', 'X4'].map((p) => ({
    person: `CV-${p}`,
    branch: 'CV-CBCQ',
    admittedOn: '2000-01-01',
    officialOn: '2001-01-01',
    status: 'OFFICIAL',
  })),
  posts: [
    {
      code: 'CV-BT',
      person: 'CV-BT',
      unit: 'CV',
      body: 'CV-BTV',
      title: 'Bí thư Tỉnh ủy',
      category: 'SECRETARY',
      role: 'HEAD',
      startsOn: '2020-01-01',
    },
    {
      code: 'CV-CT',
      person: 'CV-CT',
      unit: 'CV',
      body: 'CV-UB',
      title: 'Chủ tịch UBND tỉnh',
      category: 'UBND_CHAIR',
      role: 'HEAD',
      startsOn: '2020-01-01',
    },
    ...[
      ['X1', 'SECRETARY'],
      ['X2', 'UBND_CHAIR'],
      ['X3', 'UBND_VICE_CHAIR'],
      ['X4', 'FRONT_CHAIR'],
    ].map(([p, category]) => ({
      code: `CV-X-${p}`,
      person: `CV-${p}`,
      unit: 'CV-X',
      title: category,
      category,
      role: p === 'X3' ? 'DEPUTY' : 'HEAD',
      startsOn: '2020-01-01',
    })),
  ],
  cycles: [
    {
      code: 'CV-2024',
      name: 'Năm 2024',
      year: 2024,
      period: 'YEAR',
      startsOn: '2024-01-01',
      endsOn: '2024-12-31',
      referenceDate: '2024-12-01',
      rulePack: 'QD124-2024',
    },
  ],
  managementLists: [
    {
      code: 'CV-2024/CV-BTV/communes',
      cycle: 'CV-2024',
      body: 'CV-BTV',
      subject: { kind: 'LEADER', categories: ['SECRETARY', 'UBND_CHAIR'], scope: 'CV', within: 'CHILDREN' },
      source: '003 §II.5.2',
    },
  ],
  delegations: [
    {
      code: 'CV-2024/listed',
      cycle: 'CV-2024',
      delegate: 'CV-BTV',
      power: 'DECIDE',
      subject: { kind: 'LEADER', scope: 'CV', within: 'CHILDREN', listedBy: 'CV-BTV' },
      source: '003 §II.5.2',
    },
    {
      code: 'CV-2024/others',
      cycle: 'CV-2024',
      delegate: 'CV-UB',
      power: 'DECIDE',
      source: '003 §II.5.1',
      consult: ['CV-BTV'],
      subject: { kind: 'LEADER', scope: 'CV', within: 'CHILDREN', except: { listedBy: 'CV-BTV', categories: ['FRONT_CHAIR'] } },
    },
    {
      code: 'CV-2024/members',
      cycle: 'CV-2024',
      delegate: 'CV-BTV',
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: 'CV' },
      source: '004 §II.4.3',
    },
    ...extraDelegations,
  ],
});

const IMPORT = gql`
  mutation ($d: JSONObject!, $strict: Boolean) {
    importDataset(input: { dataset: $d, requireFullCoverage: $strict }) {
      coverage {
        cycle
        subjects
        covered
        uncovered
        conflicting
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

describe('selectors that say "on the management list of" and "except", and a matrix with holes', () => {
  beforeAll(async () => {
    const data = await api.as(DEMO.admin).request<any>(IMPORT, { d: province() });
    expect(data.importDataset.userErrors).toEqual([]);
    // Six members, four commune leaders and two provincial ones no row reaches; the front chair is excepted from the only row that reaches it.
    expect(data.importDataset.coverage).toEqual([{ cycle: 'CV-2024', subjects: 12, covered: 9, uncovered: 3, conflicting: 0 }]);
  });

  it('gives the listed titles to the body whose list they are on, the rest less the exceptions to the other row', async () => {
    const can = gql`
      query ($s: ID!) {
        canI(action: decide, cycle: "CV-2024", subject: $s) {
          allowed
        }
      }
    `;
    const cases: [string, string, boolean][] = [
      ['CV-BT', 'CV-X-X1', true],
      ['CV-BT', 'CV-X-X2', true],
      ['CV-BT', 'CV-X-X3', false],
      ['CV-BT', 'CV-X-X4', false],
      ['CV-CT', 'CV-X-X1', false],
      ['CV-CT', 'CV-X-X2', false],
      ['CV-CT', 'CV-X-X3', true],
      ['CV-CT', 'CV-X-X4', false],
    ];
    for (const [caller, subject, allowed] of cases) {
      expect([caller, subject, (await api.as(caller).request<any>(can, { s: await postId(subject) })).canI.allowed]).toEqual([
        caller,
        subject,
        allowed,
      ]);
    }
    // The same conditions in SQL: the lists of subjects each may decide.
    const list = gql`
      {
        subjects(cycle: "CV-2024", action: decide, first: 20) {
          nodes {
            kind
            code
          }
        }
      }
    `;
    const leaders = async (caller: string) =>
      (await api.as(caller).request<any>(list)).subjects.nodes
        .filter((n: any) => n.kind === 'LEADER')
        .map((n: any) => n.code)
        .sort();
    expect(await leaders('CV-BT')).toEqual(['CV-X-X1', 'CV-X-X2']);
    expect(await leaders('CV-CT')).toEqual(['CV-X-X3']);
  });

  it('opens the consultation a row requires at the self-rating, with no compiling body and no proposal, and holds the decision for it (003 §II.5.2)', async () => {
    const w = new Workflow(api, 'CV-2024');
    const opened = await w.open(DEMO.admin, 'LEADER', 'CV-X-X3');
    const assessed = ok(await w.selfAssess('CV-X3', opened.id, { criteria: LEADER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    expect(assessed.consultations).toEqual([
      expect.objectContaining({ source: '003 §II.5.1', opinionLevel: null, body: { code: 'CV-BTV' } }),
    ]);
    ok(await w.review('CV-X3', opened.id, '2024-11-20'));
    const early = await w.decide('CV-CT', opened.id, 'GOOD');
    expect(early.userErrors).toEqual([
      expect.objectContaining({
        code: 'CONSULTATION_MISSING',
        rule: 'consultation.required',
        source: '003 §II.5.1',
        figures: expect.objectContaining({ body: 'CV-BTV' }),
      }),
    ]);
    // Going ahead without the opinion is a recorded deviation with its reason.
    const reason = 'Ban Thường vụ không cho ý kiến trong thời hạn';
    // The test province records one member of its people's committee: one is convened.
    const decided = ok(
      await w.decide('CV-CT', opened.id, 'GOOD', {
        deviations: [{ consultation: assessed.consultations[0].id, reason }],
        ballots: unanimous('GOOD', 1),
      }),
    );
    expect(decided).toMatchObject({ decidedLevel: 'GOOD', authority: { code: 'CV-UB' }, delegation: { code: 'CV-2024/others' } });
    expect(await api.db.query(`SELECT deviation_reason FROM consultation WHERE rating_id = $1`, [dbIdOf(opened.id)])).toEqual([
      { deviation_reason: reason },
    ]);
  });

  it('names each subject without a deciding authority, and each with several, with the rows and their clauses; a strict import with a conflict changes nothing', async () => {
    const gaps = async () =>
      (await api.as(DEMO.admin).request<any>(COVERAGE, { cycle: 'CV-2024', within: await unitId('CV') })).matrixCoverage;
    const before = await gaps();
    expect(before).toMatchObject({ subjects: 12, covered: 9, uncovered: 3, conflicting: 0, complete: false });
    expect(before.gaps.nodes.map((g: any) => [g.subject.code, g.problem, g.rows.length])).toEqual([
      ['CV-BT', 'NO_AUTHORITY', 0],
      ['CV-CT', 'NO_AUTHORITY', 0],
      ['CV-X-X4', 'NO_AUTHORITY', 0],
    ]);

    const conflict = {
      code: 'CV-2024/conflict',
      cycle: 'CV-2024',
      delegate: 'CV-UB',
      power: 'DECIDE',
      subject: { kind: 'LEADER', categories: ['SECRETARY'], scope: 'CV', within: 'CHILDREN' },
      source: '003 §II.5.1',
    };
    const strict = (await api.as(DEMO.admin).request<any>(IMPORT, { d: province([conflict]), strict: true })).importDataset;
    expect(strict.coverage).toEqual([]);
    expect(strict.userErrors.map((e: any) => e.code)).toEqual([
      'IMPORT_INVALID',
      'IMPORT_INVALID',
      'IMPORT_INVALID',
      'IMPORT_INVALID',
      'IMPORT_INVALID',
    ]);
    expect(strict.userErrors[0].message).toContain('cycle CV-2024: 3 subjects that no row decides and 1 that several rows decide');
    expect(strict.userErrors.map((e: any) => e.message)).toContainEqual(
      'delegations: cycle CV-2024: LEADER CV-X-X1 (SECRETARY): several rows decide it: CV-2024/conflict (003 §II.5.1), CV-2024/listed (003 §II.5.2)',
    );
    expect(await api.db.query(`SELECT 1 FROM delegation WHERE code = 'CV-2024/conflict'`)).toEqual([]);

    const lenient = (await api.as(DEMO.admin).request<any>(IMPORT, { d: province([conflict]) })).importDataset;
    expect(lenient.coverage).toEqual([{ cycle: 'CV-2024', subjects: 12, covered: 8, uncovered: 3, conflicting: 1 }]);
    const after = await gaps();
    expect(after.gaps.nodes.find((g: any) => g.problem === 'SEVERAL_AUTHORITIES')).toEqual({
      problem: 'SEVERAL_AUTHORITIES',
      subject: { kind: 'LEADER', code: 'CV-X-X1' },
      unit: { code: 'CV-X' },
      rows: [
        { code: 'CV-2024/conflict', source: '003 §II.5.1', power: 'DECIDE', delegate: { code: 'CV-UB' } },
        { code: 'CV-2024/listed', source: '003 §II.5.2', power: 'DECIDE', delegate: { code: 'CV-BTV' } },
      ],
    });
  });
});
