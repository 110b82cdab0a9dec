import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestApi, startTestApi } from '../support/api';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { RATING_ORDER } from '../../src/data/rated-subject-parts';
import { kindPart, SUBJECT_ORDER } from '../../src/data/subjects';
import { currentRatingJoin } from '../../src/reports/current-rating';
import { deadlineSql, subjectTaskMetSql } from '../../src/reports/deadline-sql';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { PAGE_ORDER_WALKED } from '../../migrations/1732000000061-rating-page-order-walked';
import { dbIdOf } from '../support/ids';

/*
 * Lists of ratings and subjects count their rows from the subject tally (data/ratings.ts, data/subjects.ts): the count
 * must be what their pages hold.
 * On a generated country of its own, where no other test file writes while the pages are read.
 */
let scratch: ScratchDatabase;
let api: TestApi;
beforeAll(async () => {
  scratch = await scratchDatabase('list_counts');
  await promisify(execFile)('node', [path.join(__dirname, '../../dist/src/cli/generate.js'), '--scale', '600'], {
    env: { ...process.env, DATABASE_URL: scratch.url },
    timeout: 60000,
  });
  api = await startTestApi({ databaseUrl: scratch.url });
}, 90_000);
afterAll(async () => {
  await api?.close();
  await scratch.drop();
});

const RATINGS = (count: boolean) => `query ($after: String, $stages: [Stage!], $within: ID, $reRated: Boolean) {
  list: ratings(cycle: "GEN-2025", first: 100, after: $after, stages: $stages, within: $within, reRated: $reRated) {
    ${count ? 'totalCount' : ''}
    nodes { kind: stage }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SUBJECTS = (
  count: boolean,
) => `query ($after: String, $action: SubjectAction!, $kinds: [SubjectKind!], $within: ID, $search: String) {
  list: subjects(cycle: "GEN-2025", first: 100, after: $after, action: $action, kinds: $kinds, within: $within, search: $search) {
    ${count ? 'totalCount' : ''}
    nodes { kind }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The count a caller's first page answers, and what each row they page through to the end holds (a stage, a kind). */
async function pagedThrough(
  code: string,
  query: (count: boolean) => string,
  filter: Record<string, unknown>,
): Promise<{ count: number; kinds: string[] }> {
  let after: string | null = null;
  let count = -1;
  const kinds: string[] = [];
  for (;;) {
    const { list }: { list: any } = await api.as(code).request(query(after === null), { ...filter, after });
    if (after === null) count = list.totalCount;
    kinds.push(...list.nodes.map((n: { kind: string }) => n.kind));
    if (!list.pageInfo.hasNextPage) return { count, kinds };
    after = list.pageInfo.endCursor;
  }
}

const one = async <T>(sql: string): Promise<T> => (await api.db.query(sql))[0] as T;

/** The first commune by id, with its secretary's person code and its id for `within`. */
async function firstCommune(): Promise<{ id: string; code: string; path: string; secretary: string; within: string }> {
  const commune = await one<{ id: string; code: string; path: string }>(
    `SELECT id, code, path FROM unit WHERE kind = 'COMMUNE' ORDER BY id LIMIT 1`,
  );
  const { secretary } = await one<{ secretary: string }>(
    `SELECT p.code AS secretary FROM post po JOIN person p ON p.id = po.person_id WHERE po.code = '${commune.code}-BT'`,
  );
  return { ...commune, secretary, within: Buffer.from(`Unit:${commune.id}`).toString('base64url') };
}

describe('the count of a list of ratings or subjects', () => {
  it('is the number of rows its pages hold, for callers from the whole country to a commune, with every filter', async () => {
    const { secretary, within } = await firstCommune();
    const { member } = await one<{ member: string }>(
      `SELECT p.code AS member FROM membership m JOIN person p ON p.id = m.person_id
        WHERE NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id) ORDER BY m.id LIMIT 1`,
    );
    const lists: [(count: boolean) => string, Record<string, unknown>][] = [
      [RATINGS, {}],
      [RATINGS, { stages: ['DECIDED', 'OPEN'] }],
      [RATINGS, { within }],
      [RATINGS, { within, stages: ['PUBLISHED'] }],
      [RATINGS, { reRated: false }],
      [RATINGS, { reRated: true, within }],
      [SUBJECTS, { action: 'read' }],
      [SUBJECTS, { action: 'decide', within }],
      [SUBJECTS, { action: 'read', kinds: ['LEADER', 'PARTY_ORGANIZATION'] }],
      [SUBJECTS, { action: 'audit', search: 'G0' }],
    ];
    const seen: Record<string, number> = {};
    for (const code of ['GEN-ADMIN', 'GP01-BT', 'GP01-BTC', secretary, member]) {
      for (const [query, filter] of lists) {
        const { count, kinds } = await pagedThrough(code, query, filter);
        expect({ code, filter, count }).toEqual({ code, filter, count: kinds.length });
        for (const asked of [filter.stages, filter.kinds])
          if (Array.isArray(asked)) expect(kinds.filter((k) => !asked.includes(k))).toEqual([]);
        if (query === RATINGS) seen[code] = Math.max(seen[code] ?? 0, kinds.length);
      }
    }
    // Every caller read something, the country more than one commune (a member reads their branch).
    expect(seen['GEN-ADMIN']).toBeGreaterThan(seen['GP01-BT'] / 2);
    expect(seen['GP01-BT']).toBeGreaterThan(seen[secretary]);
    expect(seen[secretary]).toBeGreaterThan(1);
    expect(seen[member]).toBeGreaterThan(0);
  });
});

/**
 * The plan of `sql` as the API's role under row-level security in the scope of one subtree, `prefix` (the whole country
 * by default, the administrator's), sorts off unless `sorts`.
 */
const planInScope = (sql: string, prefix = '/', sorts = false) =>
  api.db.transaction(async (em) => {
    if (!sorts) await em.query(`SET LOCAL enable_sort = off`);
    await em.query(`SET LOCAL ROLE ${API_ROLE}`);
    const hi = prefix === '/' ? '0' : `${prefix.slice(0, -1)}0`;
    await em.query(
      `SELECT set_config('app.scope_prefixes', $1, true), set_config('app.scope_exact', 'on', true),
              set_config('app.scope_lo', $2, true), set_config('app.scope_hi', $3, true)`,
      [`{${prefix}}`, prefix, hi],
    );
    const plan = await em.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`);
    return plan.map((p) => p['QUERY PLAN']).join('\n');
  });

/** The ids of the ratings a caller reads, page after page to the end. */
async function ratingsPagedThrough(code: string): Promise<string[]> {
  const walked: string[] = [];
  for (let after: string | null = null; ;) {
    const res: any = await api
      .as(code)
      .request(
        `query ($after: String) { ratings(cycle: "GEN-2025", first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    walked.push(...res.ratings.nodes.map((n: { id: string }) => dbIdOf(n.id)));
    if (!res.ratings.pageInfo.hasNextPage) return walked;
    after = res.ratings.pageInfo.endCursor;
  }
}

describe('the ratings page of a caller whose ratings span provinces', () => {
  it('walks the order’s index, and gives every rating once in the order a sort gives', async () => {
    const walked = await ratingsPagedThrough('GEN-ADMIN');
    const ordered = `SELECT r.id::text AS id FROM rating r JOIN cycle c ON c.id = r.cycle_id AND c.code = 'GEN-2025'
      WHERE r.annulled_at IS NULL ORDER BY ${RATING_ORDER}, r.id`;
    expect(walked).toEqual((await api.db.query<{ id: string }[]>(ordered)).map((r) => r.id));
    // The index answers the page's order (migration 0044 wrote its expression apart from RATING_ORDER).
    const plan = await api.db.transaction(async (em) => {
      await em.query(`SET LOCAL enable_sort = off`);
      return em.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT r.id FROM rating r WHERE r.cycle_id = (SELECT id FROM cycle WHERE code = 'GEN-2025') AND r.annulled_at IS NULL
          AND ${PAGE_ORDER_WALKED('r')} ORDER BY ${RATING_ORDER}, r.id LIMIT 51`,
      );
    });
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('rating_page_order_idx');
    // A page after a cursor, as the API's role under row-level security (the administrator's scope): the walk starts at
    // the cursor. On an expression with `||`, which is not leakproof, the cursor was a filter behind the policy's
    // conditions and every page walked from the cycle's first rating (migration 0049).
    const deep = await planInScope(
      `SELECT r.id FROM rating r WHERE r.cycle_id = (SELECT id FROM cycle WHERE code = 'GEN-2025') AND r.annulled_at IS NULL
         AND ${PAGE_ORDER_WALKED('r')} AND (${RATING_ORDER}, r.id) > ('PARTY_MEMBER G', 0::bigint) ORDER BY ${RATING_ORDER}, r.id LIMIT 51`,
    );
    expect(deep).toMatch(/Index Cond: .*ROW\(page_key, id\) >/);
  });

  it('walks one province’s own order for its secretary, and gives every rating once in the order a sort gives', async () => {
    const [province] = await api.db.query<{ path: string }[]>(`SELECT path FROM unit WHERE code = 'GP01'`);
    const walked = await ratingsPagedThrough('GP01-BT');
    const ordered = `SELECT r.id::text AS id FROM rating r JOIN cycle c ON c.id = r.cycle_id AND c.code = 'GEN-2025'
      WHERE r.annulled_at IS NULL AND r.unit_path >= $1 AND r.unit_path < $2 ORDER BY ${RATING_ORDER}, r.id`;
    const inProvince = await api.db.query<{ id: string }[]>(ordered, [province.path, `${province.path.slice(0, -1)}0`]);
    expect(walked.length).toBeGreaterThan(100);
    expect(walked).toEqual(inProvince.map((r) => r.id));
    // The province's ratings lie together in the country's order: walking that order to them read every province before.
    const plan = await planInScope(
      `SELECT r.id FROM rating r WHERE r.cycle_id = (SELECT id FROM cycle WHERE code = 'GEN-2025') AND r.annulled_at IS NULL
         AND r.province_path = '${province.path}' ORDER BY ${RATING_ORDER}, r.id LIMIT 51`,
      province.path,
    );
    expect(plan).toContain('rating_province_order_idx');
  });

  it('is never walked for a caller whose ratings are one commune’s: their subtree is read by path and sorted', async () => {
    const [commune] = await api.db.query<{ path: string }[]>(`SELECT path FROM unit WHERE kind = 'COMMUNE' ORDER BY id DESC LIMIT 1`);
    // Under row-level security the planner cannot see the policy's bounds; sorts forbidden, a page-order walk through
    // the country, testing each rating, would be its only way (1.6 s a page for a commune at the end of the order).
    const sql = `SELECT r.id FROM rating r WHERE r.cycle_id = (SELECT id FROM cycle WHERE code = 'GEN-2025') AND r.annulled_at IS NULL
      ORDER BY ${RATING_ORDER}, r.id LIMIT 51`;
    expect(await planInScope(sql, commune.path)).not.toContain('rating_page_order_idx');
    expect(await planInScope(sql, commune.path, true)).toContain('rating_scope_idx');
  });
});

describe('the member page of a province', () => {
  it('walks the name order, and gives every member once in the order a sort gives, forwards and backwards', async () => {
    const [province] = await api.db.query<{ id: string; path: string }[]>(`SELECT id, path FROM unit WHERE code = 'GP01'`);
    const query = (size: 'first' | 'last', cursor: 'after' | 'before') =>
      `query ($at: String) { unit(code: "GP01") { members(${size}: 100, ${cursor}: $at) {
         nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    const walk = async (backwards: boolean) => {
      const walked: string[] = [];
      for (let at: string | null = null; ;) {
        const res: any = await api.as('GP01-BT').request(query(backwards ? 'last' : 'first', backwards ? 'before' : 'after'), { at });
        const page = res.unit.members;
        walked.splice(backwards ? 0 : walked.length, 0, ...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo[backwards ? 'hasPreviousPage' : 'hasNextPage']) return walked;
        at = page.pageInfo[backwards ? 'startCursor' : 'endCursor'];
      }
    };
    const sorted = (
      await api.db.query<{ id: string }[]>(
        `SELECT id::text AS id FROM membership WHERE unit_path >= $1 AND unit_path < $2 ORDER BY person_name COLLATE "C", membership.id`,
        [province.path, `${province.path.slice(0, -1)}0`],
      )
    ).map((r) => Buffer.from(`Membership:${r.id}`).toString('base64url'));
    expect(sorted.length).toBeGreaterThan(100);
    expect(await walk(false)).toEqual(sorted);
    expect(await walk(true)).toEqual(sorted);
  });
});

describe('the subjects page of the whole country', () => {
  const pages = async (first: 'first' | 'last', kinds: string[] | null) => {
    const walked: string[] = [];
    const [size, cursor, next, more] =
      first === 'first' ? ['first', 'after', 'endCursor', 'hasNextPage'] : ['last', 'before', 'startCursor', 'hasPreviousPage'];
    for (let at: string | null = null; ;) {
      const res: any = await api.as('GEN-ADMIN').request(
        `query ($at: String, $kinds: [SubjectKind!]) { subjects(cycle: "GEN-2025", action: read, ${size}: 100, ${cursor}: $at, kinds: $kinds) {
             nodes { id } pageInfo { ${more} ${next} } } }`,
        { at, kinds },
      );
      // A subject's global id is its row's: Body, Collective, Membership or Post, and the row's id.
      const keys = res.subjects.nodes.map((n: { id: string }) => Buffer.from(n.id, 'base64url').toString());
      walked.splice(first === 'first' ? walked.length : 0, 0, ...keys);
      if (!res.subjects.pageInfo[more]) return walked;
      at = res.subjects.pageInfo[next];
    }
  };

  it('walks each kind in its order, and gives every subject once in the order a sort gives, forwards and backwards', async () => {
    const ordered = (kinds: string[] | null) =>
      api.db
        .query<{ key: string }[]>(
          `SELECT CASE a.kind WHEN 'PARTY_ORGANIZATION' THEN 'Body' WHEN 'LEADERSHIP_COLLECTIVE' THEN 'Collective' WHEN 'PARTY_MEMBER' THEN 'Membership' ELSE 'Post' END
             || ':' || a.ref_id AS key FROM rating_subject a ${kinds ? 'WHERE a.kind = ANY($1)' : ''} ORDER BY ${SUBJECT_ORDER('a')}, a.ref_id`,
          kinds ? [kinds] : [],
        )
        .then((rows) => rows.map((r) => r.key));
    const all = await ordered(null);
    expect(all.length).toBeGreaterThan(1000);
    expect(await pages('first', null)).toEqual(all);
    expect(await pages('last', null)).toEqual(all);
    expect(await pages('first', ['PARTY_MEMBER', 'LEADER'])).toEqual(await ordered(['PARTY_MEMBER', 'LEADER']));
    // A page of the members after a cursor, as the API's role under row-level security (the administrator's scope):
    // the members' index takes the cursor as its condition. On `kind || ' ' || code`, which is not leakproof, the cursor
    // was a filter behind the policy's and a deep page read every member before it (migration 0050).
    const { sortKey } = kindPart('PARTY_MEMBER', 'a');
    const deep = await planInScope(
      `SELECT a.ref_id FROM subject_party_member a WHERE (${sortKey}, a.ref_id) > ('G', 0::bigint) ORDER BY ${sortKey}, a.ref_id LIMIT 21`,
    );
    expect(deep).toMatch(
      /membership_subject_order_idx on membership.*\n\s*Index Cond: \(ROW\(\(person_code\)::text( COLLATE "C")?, id\) >/,
    );
  });
});

describe('the overdue page of the whole country', () => {
  const walk = async (direction: 'first' | 'last', filter: Record<string, unknown>, caller = 'GEN-ADMIN') => {
    const [size, cursor, next, more] =
      direction === 'first' ? ['first', 'after', 'endCursor', 'hasNextPage'] : ['last', 'before', 'startCursor', 'hasPreviousPage'];
    const walked: string[] = [];
    let count = -1;
    for (let at: string | null = null; ;) {
      const res: any = await api.as(caller).request(
        `query ($at: String, $kinds: [SubjectKind!], $tasks: [String!]!, $days: Int!, $asOf: String!, $within: ID) {
           overdue(cycle: "GEN-2025", asOf: $asOf, ${size}: 100, ${cursor}: $at, kinds: $kinds, tasks: $tasks, dueWithinDays: $days, within: $within) {
             ${at === null ? 'totalCount' : ''} nodes { task dueOn daysLate subject { id kind code } } pageInfo { ${more} ${next} } } }`,
        { at, kinds: null, tasks: ['RATING_DONE'], days: 0, asOf: '2026-03-01', within: null, ...filter },
      );
      if (at === null) count = res.overdue.totalCount;
      const keys = res.overdue.nodes.map(
        (n: any) => `${n.dueOn} ${n.task} ${n.subject.kind} ${n.subject.code} ${Buffer.from(n.subject.id, 'base64url').toString()}`,
      );
      walked.splice(direction === 'first' ? walked.length : 0, 0, ...keys);
      if (!res.overdue.pageInfo[more]) return { count, walked };
      at = res.overdue.pageInfo[next];
    }
  };
  /** What a sort of every subject and task gives (the page's order written out: deadline, task, kind, code, id). */
  const sorted = async ({
    kinds = null,
    tasks = ['RATING_DONE'],
    days = 0,
    asOf = '2026-03-01',
    under = '/',
  }: {
    kinds?: string[] | null;
    tasks?: string[];
    days?: number;
    asOf?: string;
    under?: string;
  }) =>
    (
      await api.db.query<{ key: string }[]>(
        `SELECT d.due_on::text || ' ' || t.task || ' ' || a.kind || ' ' || a.code || ' ' ||
                CASE a.kind WHEN 'PARTY_ORGANIZATION' THEN 'Body' WHEN 'LEADERSHIP_COLLECTIVE' THEN 'Collective'
                            WHEN 'PARTY_MEMBER' THEN 'Membership' ELSE 'Post' END || ':' || a.ref_id AS key
           FROM rating_subject a JOIN unit u ON u.id = a.unit_id JOIN cycle c ON c.code = 'GEN-2025'
           CROSS JOIN unnest($1::text[]) AS t(task) JOIN LATERAL ${deadlineSql('c.id', 'u', 't.task')} d ON TRUE
           ${currentRatingJoin('c.id')}
          WHERE NOT ${subjectTaskMetSql('t.task', 'r')} AND d.due_on <= $4::date + $2::int AND ($3::text[] IS NULL OR a.kind = ANY($3))
            AND starts_with(a.unit_path, $5)
          ORDER BY (d.due_on::text || ' ' || t.task || ' ' || a.kind || ' ' || a.code) COLLATE "C", a.ref_id`,
        [tasks, days, kinds, asOf, under],
      )
    ).map((r) => r.key);

  it('walks each deadline and kind in its order, and gives every late subject once in the order a sort gives', async () => {
    const dueWithin = { tasks: ['REVIEW_DONE', 'RATING_DONE'], asOf: '2025-12-10', days: 10 };
    for (const filter of [{}, { kinds: ['PARTY_MEMBER', 'LEADER'] }, dueWithin]) {
      const expected = await sorted(filter);
      expect(expected.length).toBeGreaterThan(100);
      const forwards = await walk('first', filter);
      expect(forwards).toEqual({ count: expected.length, walked: expected });
      expect((await walk('last', filter)).walked).toEqual(expected);
    }
    // The country's two deadlines (2025-12-05 and -15): one passed on the day asked, one due within the days asked.
    expect((await sorted(dueWithin)).length).toBeGreaterThan((await sorted({ ...dueWithin, days: 0 })).length);
  });

  it('within a unit, or for a caller who reads a part of the country, gives the late subjects there in that order, counted from the tally', async () => {
    const { secretary, within, ...commune } = await firstCommune();
    const filters = [{}, { kinds: ['PARTY_MEMBER', 'LEADER'] }, { tasks: ['REVIEW_DONE', 'RATING_DONE'], asOf: '2025-12-10', days: 10 }];
    for (const filter of filters) {
      const expected = await sorted({ ...filter, under: commune.path });
      expect(expected.length).toBeGreaterThan(0);
      for (const [caller, asked] of [
        ['GEN-ADMIN', { within }],
        ['GP01-BT', { within }],
        [secretary, {}],
      ] as const) {
        const forwards = await walk('first', { ...filter, ...asked }, caller);
        expect({ caller, filter, ...forwards }).toEqual({ caller, filter, count: expected.length, walked: expected });
        expect((await walk('last', { ...filter, ...asked }, caller)).walked).toEqual(expected);
      }
    }
    // The province's secretary, without a unit: more than the commune, in the order a sort of the country gives.
    const province = await walk('first', {}, 'GP01-BT');
    expect(province.count).toBe(province.walked.length);
    expect(province.walked).toEqual(await sorted({}));
  });

  it('lists the subjects whose consultations are not all answered, from those consultations, in the order a sort gives', async () => {
    const { secretary, within, ...commune } = await firstCommune();
    const [{ cycle }] = await api.db.query<{ cycle: string }[]>(`SELECT id AS cycle FROM cycle WHERE code = 'GEN-2025'`);
    // Twelve current ratings asked for an opinion, four in the commune and eight elsewhere; one in three answered.
    const asked = await api.db.query<{ id: string }[]>(
      `(SELECT id FROM rating WHERE cycle_id = $1 AND annulled_at IS NULL AND starts_with(unit_path, $2) ORDER BY id LIMIT 4)
        UNION ALL (SELECT id FROM rating WHERE cycle_id = $1 AND annulled_at IS NULL AND NOT starts_with(unit_path, $2) ORDER BY id DESC LIMIT 8)`,
      [cycle, commune.path],
    );
    await api.db.query(
      `INSERT INTO cycle_deadline (cycle_id, tier, task, due_on, source) VALUES ($1, 'GRASSROOTS', 'CONSULTATIONS_IN', '2025-11-20', 'test')`,
      [cycle],
    );
    await api.db.query(
      `INSERT INTO consultation (rating_id, body_id, source, given_at)
       SELECT a.id, (SELECT min(id) FROM body), 'test', CASE WHEN a.n % 3 = 0 THEN now() END FROM unnest($1::bigint[]) WITH ORDINALITY AS a(id, n)`,
      [asked.map((r) => r.id)],
    );
    try {
      for (const tasks of [['CONSULTATIONS_IN'], ['CONSULTATIONS_IN', 'RATING_DONE']]) {
        const inCommune = await sorted({ tasks, under: commune.path });
        const country = await sorted({ tasks });
        expect(inCommune.filter((k) => k.includes('CONSULTATIONS_IN')).length).toBeGreaterThan(0);
        expect(country.filter((k) => k.includes('CONSULTATIONS_IN')).length).toBe(8);
        for (const [caller, unit, expected] of [
          ['GEN-ADMIN', null, country],
          ['GEN-ADMIN', within, inCommune],
          ['GP01-BT', null, country],
          [secretary, null, inCommune],
        ] as const) {
          const forwards = await walk('first', { tasks, within: unit }, caller);
          expect({ caller, tasks, ...forwards }).toEqual({ caller, tasks, count: expected.length, walked: expected });
          expect((await walk('last', { tasks, within: unit }, caller)).walked).toEqual(expected);
        }
      }
    } finally {
      await api.db.query(`DELETE FROM consultation WHERE source = 'test'`);
      await api.db.query(`DELETE FROM cycle_deadline WHERE source = 'test'`);
    }
  });
});

describe('the quota report of each deciding authority', () => {
  it('counts the decided ratings the caller may read, within a unit or not, as the rows give them', async () => {
    const { secretary, within, ...commune } = await firstCommune();
    const rows = async (under: string) =>
      (
        await api.db.query<{ key: string }[]>(
          `SELECT b.code || ' ' || r.subject_kind || ' ' || count(*) || ' ' || count(*) FILTER (WHERE r.decided_level IN ('GOOD', 'EXCELLENT')) || ' ' ||
                  count(*) FILTER (WHERE r.decided_level = 'EXCELLENT') AS key
             FROM rating r JOIN body b ON b.id = r.authority_body_id
            WHERE r.annulled_at IS NULL AND r.decided_level IS NOT NULL AND starts_with(r.unit_path, $1)
            GROUP BY b.code, r.subject_kind, r.authority_office, r.peer_group`,
          [under],
        )
      )
        .map((r) => r.key)
        .sort();
    const reported = async (caller: string, unit: string | null) =>
      (
        await api.as(caller).request<any>(
          `query ($within: ID) { report(cycle: "GEN-2025", asOf: "2026-03-01", within: $within) {
             authorities { authority { code } kind decided good excellent } } }`,
          { within: unit },
        )
      ).report.authorities
        .map((a: any) => `${a.authority.code} ${a.kind} ${a.decided} ${a.good} ${a.excellent}`)
        .sort();
    // `good` counts GOOD and above, as the quota does (rules/quota.ts).
    const inCommune = await rows(commune.path);
    expect(inCommune.length).toBeGreaterThan(0);
    expect(await reported('GEN-ADMIN', within)).toEqual(inCommune);
    expect(await reported('GP01-BT', within)).toEqual(inCommune);
    expect(await reported(secretary, within)).toEqual(inCommune);
    expect(await reported(secretary, null)).toEqual(inCommune);
    expect(await reported('GP01-BT', null)).toEqual(await rows('/'));
  });
});

describe('the scope counts of the whole country', () => {
  it('count each kind’s subjects, and none for a kind that has none, in the country or within a unit', async () => {
    // A unit below the province with its members (this country has one province).
    const unit = await one<{ id: string; path: string }>(
      `SELECT u.id, u.path FROM unit u WHERE u.depth = 1 ORDER BY (SELECT count(*) FROM membership m WHERE m.unit_path LIKE u.path || '%') DESC LIMIT 1`,
    );
    for (const within of [null, unit]) {
      const { myScope } = await api
        .as('GEN-ADMIN')
        .request<{ myScope: { kind: string; read: number; audit: number; decide: number }[] }>(
          `query ($within: ID) { myScope(cycle: "GEN-2025", within: $within) { kind read audit decide } }`,
          { within: within && Buffer.from(`Unit:${within.id}`).toString('base64url') },
        );
      const counts = await api.db.query<{ kind: string; n: number }[]>(
        `SELECT k.kind, count(a.ref_id)::int AS n FROM unnest($1::text[]) k(kind)
           LEFT JOIN rating_subject a ON a.kind = k.kind AND ($2::text IS NULL OR a.unit_path LIKE $2 || '%') GROUP BY k.kind`,
        [myScope.map((x) => x.kind), within?.path ?? null],
      );
      expect(counts.find((c) => c.n === 0)).toBeDefined();
      expect(counts.find((c) => c.n > 20)).toBeDefined();
      for (const row of myScope) {
        const n = counts.find((c) => c.kind === row.kind)!.n;
        // An administrator reads and audits every subject and decides none.
        expect(row).toEqual({ kind: row.kind, read: n, audit: n, decide: 0 });
      }
    }
  });
});

const PEOPLE = (count: boolean) => `query ($after: String, $within: ID, $search: String) {
  list: people(first: 100, after: $after, within: $within, search: $search) {
    ${count ? 'totalCount' : ''}
    nodes { kind: code }
    pageInfo { hasNextPage endCursor }
  }
}`;

/*
 * The people's totals (data/people.ts): whole provinces' members summed from the subject tally, searched across the
 * country from the name-order index (migration 0055), each source once; the country's subjects searched likewise.
 */
describe('the totals of the people and of searched lists', () => {
  it('are the number of rows their pages hold, searched or not, from the whole country to a commune', async () => {
    const { secretary } = await one<{ secretary: string }>(
      `SELECT p.code AS secretary FROM post po JOIN person p ON p.id = po.person_id
        WHERE po.code = (SELECT code || '-BT' FROM unit WHERE kind = 'COMMUNE' ORDER BY id LIMIT 1)`,
    );
    const { member } = await one<{ member: string }>(`SELECT person_code AS member FROM membership ORDER BY id LIMIT 1`);
    const searches = [null, 'thi', 'nguyen van', 'Nguyễn', member, 'zzqq'];
    const seen: Record<string, number> = {};
    for (const code of ['GEN-ADMIN', 'GP01-BT', secretary]) {
      for (const search of searches) {
        const people = await pagedThrough(code, PEOPLE, { search });
        expect({ code, search, count: people.count }).toEqual({ code, search, count: people.kinds.length });
        expect(new Set(people.kinds).size).toBe(people.kinds.length);
        seen[`${code} ${search}`] = people.count;
        if (search === null) continue;
        const subjects = await pagedThrough(code, SUBJECTS, { action: 'read', search });
        expect({ code, search, count: subjects.count }).toEqual({ code, search, count: subjects.kinds.length });
      }
    }
    // The terms found someone, the country more than a commune; a member's code, that member alone.
    expect(seen['GEN-ADMIN thi']).toBeGreaterThan(seen[`${secretary} thi`]);
    expect(seen[`${secretary} thi`]).toBeGreaterThan(0);
    expect(seen['GEN-ADMIN nguyen van']).toBeGreaterThan(0);
    expect(seen[`GEN-ADMIN ${member}`]).toBe(1);
    expect(seen['GEN-ADMIN zzqq']).toBe(0);
  });

  // Last in this file: it empties the cycles.
  it('counts the members one by one where there is no cycle, hence no tally', async () => {
    const before = await pagedThrough('GEN-ADMIN', PEOPLE, {});
    expect(before.count).toBe(before.kinds.length);
    await api.db.query(`TRUNCATE cycle CASCADE`);
    for (const code of ['GEN-ADMIN', 'GP01-BT']) {
      const people = await pagedThrough(code, PEOPLE, {});
      expect({ code, count: people.count }).toEqual({ code, count: people.kinds.length });
    }
    expect((await pagedThrough('GEN-ADMIN', PEOPLE, {})).count).toBe(before.count);
  });
});
