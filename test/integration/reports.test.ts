import ExcelJS from 'exceljs';
import { gql } from 'graphql-request';
import { TestApi, postRaw, startTestApi, config } from '../support/api';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { rollBackAndRelease } from '../support/runners';
import { signDevToken } from '../../src/auth/tokens';
import { Workflow, plainMembers } from '../support/workflow';
import { agreeing } from '../support/eventually';
import { QUOTA_TALLY_DIFFERENCES, TALLY_DIFFERENCES } from '../../src/reports/trail-agreement';
import { SqlParams } from '../../src/db/sql-params';
import { SubjectAbility, bodiesOf, buildAbility } from '../../src/policies/ability';
import { abilityToGroupSql, abilityToSql } from '../../src/policies/casl-sql';
import { Viewer } from '../../src/policies/viewer';
import { StageCount, stageCounts } from '../../src/reports/stage-counts';
import { lateSubjects } from '../../src/reports/late-subjects';
import { summaryRows } from '../../src/reports/summary-table';
import { deadlineStatuses } from '../../src/reports/deadlines';
import { deadlineSql, notSettledSql, ratingDeadlineSql, subjectTaskMetSql } from '../../src/reports/deadline-sql';
import { SUBJECT_TASK_NAMES } from '../../src/rules/deadlines';
import { rowsConcerning } from '../../src/policies/delegation-matrix';
import { loadViewer } from '../../src/policies/load-viewer';

let api: TestApi;
const DEMO_CITY = 'HT-TP';
const unitId = async (code: string) =>
  Buffer.from(`Unit:${(await api.db.query(`SELECT id FROM unit WHERE code = $1`, [code]))[0].id}`).toString('base64url');

beforeAll(async () => {
  api = await startTestApi();
  // Six members of Xã Vượng Lộc decided through the workflow: five GOOD, one EXCELLENT.
  const w = new Workflow(api, '2024');
  const members = await plainMembers(api, 'HT-CL-XVL', 6);
  for (const [i, m] of members.entries()) {
    const r = await w.proposedMember(m);
    const p = await w.decide('HT-CL-XVL-BT', r.id, i === 5 ? 'EXCELLENT' : 'GOOD');
    if (p.userErrors.length) throw new Error(JSON.stringify(p.userErrors));
  }
});
afterAll(async () => {
  await api.close();
});

const REPORT = gql`
  query ($within: ID, $compare: String) {
    report(cycle: "2024", within: $within, asOf: "2024-12-07", compareWith: $compare) {
      levels {
        kind
        level
        count
        share
      }
      stages {
        kind
        stage
        count
      }
      late
      authorities {
        authority {
          code
        }
        office
        kind
        decided
        good
        excellent
        maxExcellent
        breached
      }
      previous {
        kind
        level
        count
      }
    }
  }
`;

describe('aggregates', () => {
  it('count from the subject tally exactly what counting the rows in each caller’s scope gives', async () => {
    // The tallies, kept by the triggers through the decisions above, against counting the rows.
    expect(await api.db.query(TALLY_DIFFERENCES)).toEqual([]);
    expect(await api.db.query(QUOTA_TALLY_DIFFERENCES)).toEqual([]);
    const [cycle] = await api.db.query(`SELECT id::text AS id FROM cycle WHERE code = '2024'`);
    const today = new Date().toISOString().slice(0, 10);
    const byRows = async (ability: SubjectAbility, within: string | null) => {
      const p = new SqlParams();
      const rows: StageCount[] = await api.db.query(
        `SELECT a.kind, COALESCE(r.stage, 'NOT_STARTED') AS stage, r.decided_level AS level, count(*)::int AS n
           FROM rating_subject a LEFT JOIN rating r ON r.cycle_id = ${p.add(cycle.id)} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL
          WHERE ${abilityToSql(ability, 'read', p, 'a')} ${within ? `AND a.unit_path LIKE ${p.add(`${within}%`)}` : ''} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        p.values,
      );
      return rows;
    };
    // Subjects not settled by their unit's deadline, counted row by row (the report counts them from the tally).
    const lateByRows = async (ability: SubjectAbility, within: string | null, asOf: string) => {
      const p = new SqlParams();
      const c = p.add(cycle.id);
      const [{ late }] = await api.db.query(
        `SELECT count(*)::int AS late FROM rating_subject a JOIN unit u ON u.id = a.unit_id JOIN LATERAL ${ratingDeadlineSql(c, 'u')} d ON TRUE
           LEFT JOIN rating r ON r.cycle_id = ${c} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL
          WHERE ${abilityToSql(ability, 'read', p, 'a')} ${within ? `AND a.unit_path LIKE ${p.add(`${within}%`)}` : ''}
            AND ${notSettledSql('r')} AND d.due_on < ${p.add(asOf)}::date`,
        p.values,
      );
      return late as number;
    };
    // Each subject deadline's subjects met and not, counted row by row (the report counts the rated ones from the tally).
    const deadlinesByRows = async (ability: SubjectAbility, within: string | null = null) => {
      const p = new SqlParams();
      const c = p.add(cycle.id);
      const rows: { task: string; tier: string; met: number; notMet: number }[] = await api.db.query(
        `SELECT t.task, d.tier, count(*) FILTER (WHERE ${subjectTaskMetSql('t.task', 'r')})::int AS met,
                count(*) FILTER (WHERE NOT ${subjectTaskMetSql('t.task', 'r')})::int AS "notMet"
           FROM rating_subject a JOIN unit u ON u.id = a.unit_id CROSS JOIN unnest(${p.add(SUBJECT_TASK_NAMES)}::text[]) AS t(task)
           JOIN LATERAL ${deadlineSql(c, 'u', 't.task')} d ON TRUE
           LEFT JOIN rating r ON r.cycle_id = ${c} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL
          WHERE ${abilityToSql(ability, 'read', p, 'a')} ${within ? `AND a.unit_path LIKE ${p.add(`${within}%`)}` : ''} GROUP BY 1, 2`,
        p.values,
      );
      return rows.map((r) => `${r.task}/${r.tier}: ${r.met} met, ${r.notMet} not`).sort();
    };
    const scopedCycle = (ability: SubjectAbility) => ({
      ability,
      cycleId: cycle.id as string,
      where: (action: 'read', p: SqlParams, alias: string) => abilityToSql(ability, action, p, alias),
    });
    const subjectDeadlines = (list: { task: string; tier: string; met: number; notMet: number }[]) =>
      list
        .filter((d) => SUBJECT_TASK_NAMES.includes(d.task) && d.met + d.notMet > 0)
        .map((d) => `${d.task}/${d.tier}: ${d.met} met, ${d.notMet} not`)
        .sort();
    // Before every deadline of the cycle, past the grassroots' (5 December) only, past all (15 December).
    const asOfs = ['2024-12-01', '2024-12-07', '2024-12-20'];
    const sorted = (rows: StageCount[]) => rows.map((r) => `${r.kind}/${r.stage}/${r.level}=${r.n}`).sort();
    // Other test files change ratings, memberships and deadlines meanwhile: a comparison counts when every count taken
    // from the rows is the same before and after the answer.
    const stable = async <R, T>(rows: () => Promise<R>, answer: () => Promise<T>): Promise<[R, T]> => {
      for (;;) {
        const before = await rows();
        const got = await answer();
        if (JSON.stringify(await rows()) === JSON.stringify(before)) return [before, got];
      }
    };
    // Every holder of a post and some plain members, through the API: levels and stages as counting their rows gives.
    const people: { code: string }[] = await api.db.query(
      `SELECT DISTINCT p.code FROM post po JOIN person p ON p.id = po.person_id
       UNION SELECT code FROM (SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id ORDER BY m.id LIMIT 20) members`,
    );
    expect(people.length).toBeGreaterThan(50);
    for (const { code } of people) {
      const viewer = (await loadViewer(api.db.manager, code, today))!;
      const ability = buildAbility(viewer, await rowsConcerning(api.db.manager, cycle.id, bodiesOf(viewer)));
      const [[rows, lateRows, deadlineRows], { report, ...late }] = await stable(
        async () =>
          [
            await byRows(ability, null),
            await Promise.all(asOfs.map((asOf) => lateByRows(ability, null, asOf))),
            await deadlinesByRows(ability),
          ] as const,
        () =>
          api.as(code).request<any>(
            `{ report(cycle: "2024", asOf: "2024-12-07") { levels { kind level count } stages { kind stage count } deadlines { task tier met notMet } }
               ${asOfs.map((asOf, i) => `late${i}: report(cycle: "2024", asOf: "${asOf}") { late }`).join(' ')} }`,
          ),
      );
      expect([code, asOfs.map((_, i) => late[`late${i}`].late)]).toEqual([code, lateRows]);
      expect([code, subjectDeadlines(report.deadlines)]).toEqual([code, deadlineRows]);
      const stages = new Map<string, number>();
      for (const r of rows) stages.set(`${r.kind}/${r.stage}`, (stages.get(`${r.kind}/${r.stage}`) ?? 0) + r.n);
      expect([code, new Map(report.stages.map((x: any) => [`${x.kind}/${x.stage}`, x.count]))]).toEqual([code, stages]);
      for (const l of report.levels.filter((x: any) => !['NOT_RATED', 'PENDING'].includes(x.level))) {
        expect([code, l.kind, l.level, l.count]).toEqual([
          code,
          l.kind,
          l.level,
          rows.filter((r) => r.kind === l.kind && r.level === l.level).reduce((n, r) => n + r.n, 0),
        ]);
      }
    }
    // Members whose own subject lies outside the subtree they read (as after a move): counted one by one, once.
    const members: { personId: string; path: string; other: string }[] = await api.db.query(
      `SELECT m.person_id::text AS "personId", u.path, (SELECT o.path FROM unit o WHERE o.kind = 'PARTY_BRANCH' AND o.path NOT LIKE c.path || '%' ORDER BY o.id LIMIT 1) AS other
         FROM membership m JOIN unit u ON u.id = m.branch_id JOIN unit c ON c.id = u.parent_id JOIN rating r ON r.subject_kind = 'PARTY_MEMBER' AND r.subject_ref_id = m.id AND r.decided_level IS NOT NULL
        ORDER BY m.id LIMIT 5`,
    );
    expect(members.length).toBe(5);
    for (const m of members) {
      const viewer: Viewer = {
        personId: m.personId,
        code: 'SYNTHETIC',
        systemRoles: [],
        posts: [],
        membership: { branchId: '0', unitPath: m.other },
      };
      const ability = buildAbility(viewer, []);
      const scope = abilityToGroupSql(ability, 'read');
      const q = new SqlParams();
      const [{ n }] = await api.db.query(
        `SELECT count(*)::int AS n FROM rating_subject a WHERE ${scope.perSubject(q, 'a')} AND (${scope.groups(q, 'a')}) IS NOT TRUE`,
        q.values,
      );
      expect(n).toBe(1);
      for (const within of [null, m.path, m.other]) {
        const subtree = within ? { path: within, unitsThen: null } : null;
        const [[rows, lateRows, deadlineRows], [counted, late, deadlines]] = await stable(
          async () =>
            [
              await byRows(ability, within),
              await lateByRows(ability, within, '2024-12-20'),
              await deadlinesByRows(ability, within),
            ] as const,
          async () =>
            [
              await stageCounts(api.db.manager, ability, cycle.id, within),
              await lateSubjects(api.db.manager, { ability, cycleId: cycle.id }, subtree, '2024-12-20'),
              await deadlineStatuses(api.db.manager, scopedCycle(ability), subtree, '2024-12-20'),
            ] as const,
        );
        expect(sorted(counted)).toEqual(sorted(rows));
        expect(late).toBe(lateRows);
        expect(subjectDeadlines(deadlines)).toEqual(deadlineRows);
      }
    }
    // A member not yet rated whose branch they may not read: late on their own subjects alone, admitted one by one.
    const [unrated]: { personId: string; path: string; other: string }[] = await api.db.query(
      `SELECT m.person_id::text AS "personId", m.unit_path AS path,
              (SELECT o.path FROM unit o WHERE o.kind = 'PARTY_BRANCH' AND o.path NOT LIKE c.path || '%' ORDER BY o.id LIMIT 1) AS other
         FROM membership m JOIN unit u ON u.id = m.branch_id JOIN unit c ON c.id = u.parent_id
        WHERE NOT EXISTS (SELECT 1 FROM rating r WHERE r.subject_kind = 'PARTY_MEMBER' AND r.subject_ref_id = m.id)
        ORDER BY m.id LIMIT 1`,
    );
    const ability = buildAbility(
      { personId: unrated.personId, code: 'SYNTHETIC', systemRoles: [], posts: [], membership: { branchId: '0', unitPath: unrated.other } },
      [],
    );
    const own = { path: unrated.path, unitsThen: null };
    for (const asOf of asOfs) {
      const [lateRows, late] = await stable(
        () => lateByRows(ability, own.path, asOf),
        () => lateSubjects(api.db.manager, { ability, cycleId: cycle.id }, own, asOf),
      );
      expect([asOf, late]).toEqual([asOf, lateRows]);
      expect([asOf, late > 0]).toEqual([asOf, asOf > '2024-12-05']);
    }
  }, 180000);

  it('agree with counts computed from the raw rows', async () => {
    const within = await unitId('HT-CL-XVL');
    const data = (await api.as('ADMIN001').request<any>(REPORT, { within, compare: '2023' })).report;
    const raw = await api.db.query(
      `SELECT r.decided_level AS level, count(*)::int AS n FROM rating r JOIN cycle c ON c.id = r.cycle_id JOIN unit u ON u.code = 'HT-CL-XVL'
        WHERE c.code = '2024' AND r.subject_kind = 'PARTY_MEMBER' AND r.unit_path LIKE u.path || '%' AND r.annulled_at IS NULL AND r.decided_level IS NOT NULL
        GROUP BY 1`,
    );
    const get = (level: string) => data.levels.find((l: any) => l.kind === 'PARTY_MEMBER' && l.level === level);
    for (const { level, n } of raw) expect(get(level).count).toBe(n);
    expect(get('GOOD').count).toBe(5);
    expect(get('EXCELLENT')).toMatchObject({ count: 1, share: 1 / 6 });
    const [{ members }] = await api.db.query(
      `SELECT count(*)::int AS members FROM membership m JOIN unit u ON u.code = 'HT-CL-XVL' WHERE m.unit_path LIKE u.path || '%'`,
    );
    const memberTotal = data.stages.filter((s: any) => s.kind === 'PARTY_MEMBER').reduce((n: number, s: any) => n + s.count, 0);
    expect(memberTotal).toBe(members);
    expect(data.authorities).toContainEqual({
      authority: { code: 'HT-CL-XVL-DB' },
      office: null,
      kind: 'PARTY_MEMBER',
      decided: 6,
      good: 6,
      excellent: 1,
      maxExcellent: 1,
      breached: false,
    });
    expect(data.late).toBe(
      data.stages
        .filter((s: any) => !['DECIDED', 'PUBLISHED', 'NOT_RATED'].includes(s.stage))
        .reduce((n: number, s: any) => n + s.count, 0),
    );
    expect(data.previous.find((l: any) => l.kind === 'PARTY_MEMBER' && l.level === 'GOOD').count).toBe(0);
  });

  it('never shows a commune user another commune’s people', async () => {
    const within = await unitId('HT-CL-XVL');
    const other = (await api.as('HT-CL-XTL-BT').request<any>(REPORT, { within })).report;
    expect(other.levels.filter((l: any) => l.kind === 'PARTY_MEMBER' || l.kind === 'LEADER').every((l: any) => l.count === 0)).toBe(true);
    expect(other.authorities.filter((a: any) => a.kind === 'PARTY_MEMBER')).toEqual([]);
    const own = (await api.as('HT-CL-XVL-BT').request<any>(REPORT, { within })).report;
    expect(own.levels.find((l: any) => l.kind === 'PARTY_MEMBER' && l.level === 'GOOD').count).toBe(5);
  });

  it('returns a whole report page in a bounded number of SQL statements', async () => {
    const res = await postRaw(api.url, JSON.stringify({ query: REPORT, variables: { within: null, compare: '2023' } }), {
      authorization: `Bearer ${signDevToken('HT-BT', config)}`,
    });
    expect(res.json.errors).toBeUndefined();
    expect(res.json.extensions.sqlStatements).toBeLessThanOrEqual(12);
  });

  it('agree with the reporting views that BI tools read', async () => {
    const data = (await api.as('ADMIN001').request<any>(REPORT, { within: await unitId('HT-CL-XVL') })).report;
    const view = await api.db.query(
      `SELECT subject_kind AS kind, COALESCE(decided_level, CASE WHEN stage = 'NOT_RATED' THEN 'NOT_RATED' ELSE 'PENDING' END) AS level, sum(subjects)::int AS n
         FROM report_level_counts v, unit u WHERE u.code = 'HT-CL-XVL' AND v.cycle = '2024' AND v.unit_path LIKE u.path || '%' GROUP BY 1, 2`,
    );
    for (const l of data.levels) {
      const row = view.find((v: any) => v.kind === l.kind && v.level === l.level);
      expect([l.kind, l.level, l.count]).toEqual([l.kind, l.level, row?.n ?? 0]);
    }
  });
});

describe('the subject tally under concurrency', () => {
  it('stays exact when an import counts it again while a decision that opens a new group is in flight', async () => {
    const differ = () => api.db.query(TALLY_DIFFERENCES);
    const [r] = await api.db.query(
      `SELECT r.id, r.decided_level AS level FROM rating r JOIN unit u ON u.code = 'HT-CL-XVL' JOIN cycle c ON c.id = r.cycle_id AND c.code = '2024'
        WHERE r.subject_kind = 'PARTY_MEMBER' AND r.unit_path LIKE u.path || '%' AND r.decided_level = 'GOOD' AND r.annulled_at IS NULL ORDER BY r.id LIMIT 1`,
    );
    const decision = api.db.createQueryRunner();
    const rebuild = api.db.createQueryRunner();
    await Promise.all([decision.connect(), rebuild.connect()]);
    try {
      await decision.startTransaction();
      // NOT_COMPLETE is a level no member of the branch has: the trigger inserts a new group row.
      await decision.query(`UPDATE rating SET decided_level = 'NOT_COMPLETE' WHERE id = $1`, [r.id]);
      await rebuild.startTransaction();
      const rebuilt = rebuild.query(`SELECT subject_tally_rebuild()`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await decision.commitTransaction();
      await rebuilt;
      await rebuild.commitTransaction();
      expect(await differ()).toEqual([]);
    } finally {
      await rollBackAndRelease(decision, rebuild);
      await api.db.query(`UPDATE rating SET decided_level = $2 WHERE id = $1`, [r.id, r.level]);
    }
    expect(await differ()).toEqual([]);
  });

  it('lets a recount that has moved ratings finish while another waits its turn holding nothing', async () => {
    const first = api.db.createQueryRunner();
    const second = api.db.createQueryRunner();
    await Promise.all([first.connect(), second.connect()]);
    try {
      // As a reorganization does: the recount's lock, then ratings moved (the tally's trigger opens it for writing).
      await first.startTransaction();
      await first.query(`SELECT subject_tally_recount_begin()`);
      await first.query(`UPDATE rating SET updated_at = updated_at WHERE id = (SELECT min(id) FROM rating)`);
      await second.startTransaction();
      const rebuilt = second.query(`SELECT subject_tally_rebuild()`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // A rebuild that opened the tally before waiting (migration 0008's) held what this one needs: deadlock.
      await first.query(`SELECT subject_tally_rebuild()`);
      await first.commitTransaction();
      await rebuilt;
      await second.commitTransaction();
    } finally {
      await rollBackAndRelease(first, second);
    }
    expect(await api.db.query(TALLY_DIFFERENCES)).toEqual([]);
  });
});

describe('the subject tally, whoever writes', () => {
  it('moves a subject the writer’s own scope does not reach: its rating in scope, its membership not', async () => {
    const [r] = await api.db.query(
      `SELECT r.id FROM rating r JOIN cycle c ON c.id = r.cycle_id AND c.code = '2024'
        WHERE r.subject_kind = 'PARTY_MEMBER' AND r.decided_level = 'GOOD' AND r.annulled_at IS NULL ORDER BY r.id LIMIT 1`,
    );
    const q = api.db.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      // The rating alone under a path of its own (as the owner, in a transaction rolled back): a writer scoped to that
      // path reads and writes the rating under row-level security, and no membership there.
      await q.query(`UPDATE rating SET unit_path = '/zz/' WHERE id = $1`, [r.id]);
      await q.query(`SET LOCAL ROLE ${API_ROLE}`);
      await q.query(
        `SELECT set_config('app.scope_lo', '/zz/', true), set_config('app.scope_hi', '/zz0', true), set_config('app.scope_exact', 'on', true)`,
      );
      expect(await q.query(`SELECT count(*)::int AS n FROM membership`)).toEqual([{ n: 0 }]);
      expect(
        await q.query(`UPDATE rating SET decided_level = 'NOT_COMPLETE' WHERE id = $1 RETURNING decided_level AS level`, [r.id]),
      ).toEqual([[{ level: 'NOT_COMPLETE' }], 1]);
      await q.query(`RESET ROLE`);
      expect(await q.query(TALLY_DIFFERENCES)).toEqual([]);
    } finally {
      await rollBackAndRelease(q);
    }
  });
});

describe('summary tables', () => {
  it('counts a subject admitted one by one, outside every group the caller reads: their own, with their result', async () => {
    // The first of the six members of Xã Vượng Lộc decided before all (GOOD), as a viewer whose membership is in a
    // branch of another commune: their own subject is theirs to read, their branch's are not.
    const [member] = await plainMembers(api, 'HT-CL-XVL', 1);
    const [m] = await api.db.query(
      `SELECT m.person_id::text AS "personId", c.id::text AS commune, c.path AS "communePath",
              (SELECT o.path FROM unit o WHERE o.kind = 'PARTY_BRANCH' AND o.path NOT LIKE c.path || '%' ORDER BY o.id LIMIT 1) AS other,
              (SELECT id::text FROM cycle WHERE code = '2024') AS cycle
         FROM membership m JOIN person p ON p.id = m.person_id JOIN unit c ON c.code = 'HT-CL-XVL' WHERE p.code = $1`,
      [member],
    );
    const ability = buildAbility(
      { personId: m.personId, code: 'SYNTHETIC', systemRoles: [], posts: [], membership: { branchId: '0', unitPath: m.other } },
      [],
    );
    const rows = await summaryRows(
      api.db.manager,
      { cycleId: m.cycle, ability },
      { id: m.commune, path: m.communePath },
      'PARTY_MEMBER',
      null,
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.filter((r) => r.total > 0).map(({ total, good, pending }) => ({ total, good, pending }))).toEqual([
      { total: 1, good: 1, pending: 0 },
    ]);
  });

  it('gives one row per unit below, as GraphQL and as CSV with Vietnamese headers', async () => {
    const data = (
      await api.as('HT-CL-BT').request<any>(
        gql`
          query ($w: ID!) {
            summaryTable(cycle: "2024", within: $w, kind: PARTY_MEMBER) {
              rows {
                unit {
                  code
                }
                total
                excellent
                good
                pending
              }
              csv
            }
          }
        `,
        { w: await unitId('HT-CL') },
      )
    ).summaryTable;
    const xvl = data.rows.find((r: any) => r.unit.code === 'HT-CL-XVL');
    expect(xvl).toMatchObject({ excellent: 1, good: 5 });
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM membership m JOIN unit u ON u.code = 'HT-CL-XVL' WHERE m.unit_path LIKE u.path || '%'`,
    );
    expect(xvl.total).toBe(n);
    const [header, ...lines] = data.csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe(
      'Đơn vị,Tổng số,Hoàn thành xuất sắc nhiệm vụ,Tỷ lệ (%),Hoàn thành tốt nhiệm vụ,Tỷ lệ (%),Hoàn thành nhiệm vụ,Tỷ lệ (%),Không hoàn thành nhiệm vụ,Tỷ lệ (%),Không xếp loại,Chưa xếp loại',
    );
    expect(lines).toContain(`Xã Vượng Lộc,${xvl.total},1,16.7,5,83.3,0,0,0,0,0,${xvl.pending}`);
  });
});

describe('audit of delegated ratings', () => {
  /** Writes a decision straight into the table, as a faulty or bypassing process would have, for the audit to find. */
  async function plant(kind: string, code: string, level: string, delegation: string, extra: Record<string, unknown> = {}) {
    await api.db.query(
      `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, decided_level, decided_at,
                           authority_body_id, authority_office, delegation_id, quota_at_decision, override_reason, ceiling)
       SELECT d.cycle_id, s.kind, s.ref_id, s.code, s.unit_id, s.unit_path, s.person_id, 'DECIDED', $3, $5::timestamptz, d.delegate_body_id,
              COALESCE(d.delegate_office, ''), d.id, $6::jsonb, $7, $8
         FROM rating_subject s, delegation d WHERE s.kind = $1 AND s.code = $2 AND d.code = $4`,
      [
        kind,
        code,
        level,
        delegation,
        extra.decidedAt ?? '2024-12-01T09:00:00Z',
        extra.quota ? JSON.stringify(extra.quota) : null,
        extra.overrideReason ?? null,
        extra.ceiling ?? null,
      ],
    );
  }

  it('finds planted violations: missing consultation, quota breach by override, late decision, head above the unit', async () => {
    await plant('LEADER', 'HT-CL-CTUBND', 'GOOD', '2024/HT-CL/province-delegated-ubnd-chair');
    await plant('LEADER', 'HT-TP-BH-PCTMTTQ', 'EXCELLENT', '2024/HT-TP-BH/group4-leaders', {
      quota: { good: 5, maxExcellent: 1, excellent: 2 },
      overrideReason: 'Quyết định của Đảng ủy',
      ceiling: 'GOOD',
    });
    await plant('LEADER', 'HT-TP-BH-DTN-CT', 'GOOD', '2024/HT-TP-BH/group4-leaders', { decidedAt: '2024-12-20T09:00:00Z' });
    await plant('LEADERSHIP_COLLECTIVE', 'HT-TP-BH-MTTQ-TT', 'COMPLETE', '2024/HT-TP-BH/group4-collectives');
    await plant('LEADER', 'HT-TP-BH-CTMTTQ', 'GOOD', '2024/HT-TP-BH/group4-leaders');

    const Q = gql`
      {
        delegatedDecisions(cycle: "2024", first: 100) {
          totalCount
          nodes {
            subjectCode
            decidedLevel
            delegationSource
            authority {
              code
            }
            findings {
              rule
              source
              figures
            }
          }
        }
      }
    `;
    const nodes = (await api.as('HT-BTC-PB').request<any>(Q)).delegatedDecisions.nodes;
    const rules = (code: string) => nodes.find((n: any) => n.subjectCode === code)?.findings.map((f: any) => f.rule);
    expect(rules('HT-CL-CTUBND')).toContain('audit.consultation-missing');
    expect(nodes.find((n: any) => n.subjectCode === 'HT-CL-CTUBND')).toMatchObject({
      delegationSource: '003 §II.5.2',
      authority: { code: 'HT-CL-BTV' },
    });
    expect(rules('HT-TP-BH-PCTMTTQ')).toEqual(expect.arrayContaining(['audit.quota-breach', 'audit.override']));
    expect(rules('HT-TP-BH-DTN-CT')).toContain('audit.late');
    expect(rules('HT-TP-BH-CTMTTQ')).toContain('audit.head-above-unit');
    expect(rules('HT-TP-BH-MTTQ-TT')).toEqual([]);

    // A commune user audits nothing; the city's Organization Commission audits the city only.
    expect((await api.as('HT-TP-BH-BT').request<any>(Q)).delegatedDecisions.totalCount).toBe(0);
    const city = (await api.as('HT-TP-BTC-TB').request<any>(Q)).delegatedDecisions.nodes.map((n: any) => n.subjectCode);
    expect(city).toContain('HT-TP-BH-CTMTTQ');
    expect(city).not.toContain('HT-CL-CTUBND');
    // Within another district the city's auditor gets nothing — not its decisions, its subjects or its ratings — where the
    // administrator sees them all.
    const ELSEWHERE = gql`
      query ($within: ID) {
        delegatedDecisions(cycle: "2024", within: $within, first: 100) {
          totalCount
          nodes {
            subjectCode
          }
        }
        subjects(cycle: "2024", action: read, within: $within, first: 100) {
          totalCount
          nodes {
            code
          }
        }
        ratings(cycle: "2024", within: $within, first: 100) {
          totalCount
          nodes {
            id
          }
        }
      }
    `;
    const district = { within: await unitId('HT-CL') };
    const admin = await api.as('ADMIN001').request<any>(ELSEWHERE, district);
    expect(admin.delegatedDecisions.nodes.map((n: any) => n.subjectCode)).toContain('HT-CL-CTUBND');
    expect(admin.subjects.totalCount).toBeGreaterThan(0);
    expect(admin.ratings.totalCount).toBeGreaterThan(0);
    const none = { totalCount: 0, nodes: [] };
    expect(await api.as('HT-TP-BTC-TB').request<any>(ELSEWHERE, district)).toEqual({
      delegatedDecisions: none,
      subjects: none,
      ratings: none,
    });
    const csv = (
      await api.as('HT-BTC-PB').request<any>(gql`
        {
          delegatedDecisionsCsv(cycle: "2024")
        }
      `)
    ).delegatedDecisionsCsv;
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFLoại đối tượng,Mã,Tên,Mức xếp loại,Ngày quyết định,Cơ quan quyết định,Ủy quyền,Căn cứ,Hạn,Phát hiện',
    );
    expect(csv).toContain('audit.consultation-missing');
  });

  it("gives an administrator and a province's auditor, whose decisions are walked in the ratings' order, every delegated decision once in that order: forwards, backwards, within a unit", async () => {
    const oneByOne = async (within: string | null) =>
      (
        await api.db.query(
          `SELECT r.subject_kind || ' ' || r.subject_code AS subject FROM rating r JOIN cycle c ON c.id = r.cycle_id
             JOIN delegation d ON d.id = r.delegation_id AND d.delegator_body_id IS NOT NULL
            WHERE c.code = '2024' AND r.annulled_at IS NULL AND r.decided_level IS NOT NULL
              AND EXISTS (SELECT 1 FROM rating_subject s WHERE s.kind = r.subject_kind AND s.ref_id = r.subject_ref_id
                             AND ($1::text IS NULL OR s.unit_path LIKE (SELECT path FROM unit WHERE code = $1) || '%'))
            ORDER BY (r.subject_kind || ' ' || r.subject_code) COLLATE "C", r.id`,
          [within],
        )
      ).map((x: { subject: string }) => x.subject);
    const PAGE = gql`
      query ($within: ID, $first: Int, $after: String, $last: Int, $before: String) {
        delegatedDecisions(cycle: "2024", within: $within, first: $first, after: $after, last: $last, before: $before) {
          totalCount
          nodes {
            subjectKind
            subjectCode
          }
          pageInfo {
            hasNextPage
            hasPreviousPage
            startCursor
            endCursor
          }
        }
      }
    `;
    // The province's auditor audits the whole of the demo's one province: walked in the province's own order.
    const asked: [string, string | null][] = [
      ['ADMIN001', null],
      ['ADMIN001', DEMO_CITY],
      ['HT-BTC-PB', null],
      ['HT-BTC-PB', 'HT'],
    ];
    for (const [caller, within] of asked) {
      const vars = { within: within ? await unitId(within) : null };
      const { actual, expected } = await agreeing(async () => {
        const decisions = await oneByOne(within);
        const totals = new Set<number>();
        const forwards: string[] = [];
        const backwards: string[] = [];
        for (let after: string | null = null, more = true; more;) {
          const c: any = (await api.as(caller).request<any>(PAGE, { ...vars, first: 3, after })).delegatedDecisions;
          totals.add(c.totalCount);
          forwards.push(...c.nodes.map((n: any) => `${n.subjectKind} ${n.subjectCode}`));
          [after, more] = [c.pageInfo.endCursor, c.pageInfo.hasNextPage];
        }
        for (let before: string | null = null, more = true; more;) {
          const c: any = (await api.as(caller).request<any>(PAGE, { ...vars, last: 3, before })).delegatedDecisions;
          backwards.unshift(...c.nodes.map((n: any) => `${n.subjectKind} ${n.subjectCode}`));
          [before, more] = [c.pageInfo.startCursor, c.pageInfo.hasPreviousPage];
        }
        // The download: the same decisions, one line each, in the same order.
        const csv = (
          await api.as(caller).request<any>(
            gql`
              query ($within: ID) {
                delegatedDecisionsCsv(cycle: "2024", within: $within)
              }
            `,
            vars,
          )
        ).delegatedDecisionsCsv;
        const lines = csv
          .trim()
          .split('\r\n')
          .slice(1)
          .map((l: string) => l.split(',').slice(0, 2).join(' '));
        return {
          actual: { totals: [...totals], forwards, backwards, lines },
          expected: { totals: [decisions.length], forwards: decisions, backwards: decisions, lines: decisions },
        };
      });
      expect(expected.forwards.length).toBeGreaterThan(3);
      expect(actual).toEqual(expected);
    }
  });

  it('downloads every delegated decision a page at a time, as CSV and XLSX, and refuses a GraphQL CSV longer than a page', async () => {
    const paged = await startTestApi({ settings: { documentPageRows: 2 } });
    try {
      const token = signDevToken('ADMIN001', config);
      const download = (api: TestApi, ext: string) =>
        fetch(`${api.url.replace(/\/graphql$/, '')}/documents/delegated-decisions.${ext}?cycle=2024`, {
          headers: { authorization: `Bearer ${token}` },
        });
      const CSV = gql`
        {
          delegatedDecisionsCsv(cycle: "2024")
        }
      `;
      const { actual, expected } = await agreeing(async () => {
        const whole = (await api.as('ADMIN001').request<any>(CSV)).delegatedDecisionsCsv as string;
        // Its bytes, the byte-order mark included (`text()` drops it).
        const csv = Buffer.from(await (await download(paged, 'csv')).arrayBuffer()).toString('utf8');
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await (await download(paged, 'xlsx')).arrayBuffer()) as ArrayBuffer);
        const sheet = book.getWorksheet('Quyết định ủy quyền')!;
        const xlsx = sheet.getRows(4, sheet.rowCount - 3)!.map((r) => `${String(r.getCell(1).value)},${String(r.getCell(2).value)}`);
        const firstTwo = (text: string) =>
          text
            .trim()
            .split('\r\n')
            .slice(1)
            .map((l) => l.split(',').slice(0, 2).join(','));
        return { actual: { csv, xlsx }, expected: { csv: whole, xlsx: firstTwo(whole) } };
      });
      expect(expected.xlsx.length).toBeGreaterThan(4);
      expect(actual).toEqual(expected);
      const refused = await postRaw(paged.url, JSON.stringify({ query: '{ delegatedDecisionsCsv(cycle: "2024") }' }), {
        authorization: `Bearer ${token}`,
      });
      expect(refused.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'within', figures: { max: 2 } });
      expect(refused.json.errors[0].message).toContain('/documents/delegated-decisions.csv');
    } finally {
      await paged.close();
    }
  });
});

describe("the tallies' triggers, one row at a time and many", () => {
  it('move the counts an UPDATE of one rating moves (level, annulment, scope, nothing), and of several, as a recount finds them', async () => {
    const runner = api.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // A rating of each kind of subject: the one-row path looks each kind up in its own view.
      const ratings: { id: string; kind: string }[] = await runner.query(
        `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, stage)
         SELECT DISTINCT ON (s.kind) c.id, s.kind, s.ref_id, s.code, s.unit_id, s.unit_path, 'PROPOSED'
           FROM rating_subject s JOIN cycle c ON c.code = '2024'
          WHERE NOT EXISTS (SELECT 1 FROM rating r WHERE r.cycle_id = c.id AND r.subject_kind = s.kind AND r.subject_ref_id = s.ref_id)
          ORDER BY s.kind, s.ref_id
         RETURNING id, subject_kind AS kind`,
      );
      expect(ratings.map((r) => r.kind).sort()).toEqual(['LEADER', 'LEADERSHIP_COLLECTIVE', 'PARTY_MEMBER', 'PARTY_ORGANIZATION']);
      const steps = [
        `stage = 'DECIDED', decided_level = 'GOOD', decided_at = now(), authority_body_id = COALESCE(authority_body_id, (SELECT min(id) FROM body))`,
        `decided_level = CASE decided_level WHEN 'EXCELLENT' THEN 'GOOD' ELSE 'EXCELLENT' END`,
        `annulled_at = now()`,
        `annulled_at = now() + interval '1 day'`,
        `annulled_at = NULL`,
        `authority_office = COALESCE(authority_office, '') || '-moved', peer_group = 'moved'`,
        `updated_at = updated_at`,
        `stage = 'PROPOSED', decided_level = NULL, decided_at = NULL`,
      ];
      for (const step of steps) {
        for (const r of ratings) {
          await runner.query(`UPDATE rating SET ${step} WHERE id = $1`, [r.id]);
          expect([r.kind, step, await runner.query(TALLY_DIFFERENCES)]).toEqual([r.kind, step, []]);
          expect([r.kind, step, await runner.query(QUOTA_TALLY_DIFFERENCES)]).toEqual([r.kind, step, []]);
        }
      }
      // Several rows in one statement take the set-based body.
      await runner.query(`UPDATE rating SET stage = 'DECIDED', decided_level = 'GOOD', decided_at = now() WHERE id = ANY ($1)`, [
        ratings.map((r) => r.id),
      ]);
      expect(await runner.query(TALLY_DIFFERENCES)).toEqual([]);
      expect(await runner.query(QUOTA_TALLY_DIFFERENCES)).toEqual([]);
    } finally {
      await rollBackAndRelease(runner);
    }
  });
});
