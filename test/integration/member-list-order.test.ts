import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, errorCodes, startTestApi } from '../support/api';
import { IMPORT_DATASET, leaderPost, secretaryPost } from '../support/own-dataset';
import { tallyDifferences } from '../../src/reports/trail-agreement';
import { SUBJECT_SEARCH } from '../../src/data/subjects';

/**
 * A unit's member list is by name, from the name each membership keeps of its person (migration 0040): set when a
 * membership is written, by any writer, and followed when the person is renamed. The people in scope are listed from
 * the same names and their posts' holders. Units of this file's own (ML-…); ML-5 holds two posts and no membership.
 */
let api: TestApi;
const NAMES: Record<string, string> = { 'ML-1': 'Trần Văn Cường', 'ML-2': 'Nguyễn Thị An', 'ML-3': 'Lê Văn Bình', 'ML-4': 'Phạm Thu Dung' };
beforeAll(async () => {
  api = await startTestApi();
  const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: {
      version: 1,
      units: [
        { code: 'ML', name: 'Xã ML', kind: 'COMMUNE' },
        { code: 'ML-CB', name: 'Chi bộ ML', kind: 'PARTY_BRANCH', parent: 'ML' },
      ],
      bodies: [{ code: 'ML-DB', name: 'Đảng bộ xã ML', kind: 'PARTY_ORGANIZATION', unit: 'ML' }],
      people: [
        { code: 'ML-BT', fullName: 'Đồng chí ML-BT' },
        { code: 'ML-5', fullName: 'Hoàng Văn Em' },
        ...Object.entries(NAMES).map(([code, fullName]) => ({ code, fullName })),
      ],
      posts: [
        secretaryPost('ML-BT', 'ML', 'ML-DB'),
        leaderPost('ML-5', 'ML', 'ML-DB', null, 'DEPUTY_SECRETARY', 'DEPUTY'),
        // A second post of the same person, in the same scope: still one person.
        { ...leaderPost('ML-5', 'ML-CB', 'ML-DB', null, 'BRANCH_SECRETARY', 'HEAD'), code: 'ML-5-POST-2' },
      ],
      memberships: Object.keys(NAMES).map((person) => ({ person, branch: 'ML-CB', admittedOn: '2001-03-02', status: 'OFFICIAL' })),
    },
  });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(() => api.close());

/** A connection's page as the lists below read it: the rows shown and where the next page starts. */
interface Page {
  nodes: unknown[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Every page of a list, `size` rows at a time, forwards or backwards (from the end), joined in the list's order: `read`
 * asks one page by its arguments, `show` says what each row is.
 */
async function everyPage<T>(
  read: (page: { first?: number; after?: string | null; last?: number; before?: string | null }) => Promise<Page>,
  show: (node: T) => string,
  backwards: boolean,
  size: number,
): Promise<string[]> {
  const shown: string[] = [];
  let cursor: string | null = null;
  do {
    const { nodes, pageInfo } = await read(backwards ? { last: size, before: cursor } : { first: size, after: cursor });
    const rows = (nodes as T[]).map(show);
    if (backwards) shown.unshift(...rows);
    else shown.push(...rows);
    cursor = backwards ? (pageInfo.hasPreviousPage ? pageInfo.startCursor : null) : pageInfo.hasNextPage ? pageInfo.endCursor : null;
  } while (cursor);
  return shown;
}

/**
 * The secretary's member list of the commune (or the people in their scope), two at a time: the names, page after page
 * (from the end: backwards).
 */
const listed = (backwards = false, list: 'members' | 'people' = 'members'): Promise<string[]> =>
  everyPage<{ fullName?: string; person?: { fullName: string } }>(
    async (page) => {
      const data: any = await api.as('ML-BT').request<any>(
        list === 'members'
          ? `query($first: Int, $after: String, $last: Int, $before: String) { unit(code: "ML") {
               list: members(first: $first, after: $after, last: $last, before: $before) {
                 pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { person { fullName } } } } }`
          : `query($first: Int, $after: String, $last: Int, $before: String) {
               list: people(first: $first, after: $after, last: $last, before: $before) {
                 pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { fullName } } }`,
        page,
      );
      return list === 'members' ? data.unit.list : data.list;
    },
    (n) => n.person?.fullName ?? n.fullName ?? '',
    backwards,
    2,
  );
const byName = (names: string[]) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('the member list by name', () => {
  it('lists the members of an import by their names, page after page', async () => {
    expect(await listed()).toEqual(byName(Object.values(NAMES)));
    expect(await listed(true)).toEqual(byName(Object.values(NAMES)));
  });

  it('follows a person renamed, by the API’s import or past it', async () => {
    const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
      dataset: { version: 1, people: [{ code: 'ML-3', fullName: 'Vũ Văn Bình' }] },
    });
    expect(res.importDataset.userErrors).toEqual([]);
    await api.db.query(`UPDATE person SET full_name = 'Bùi Thị An' WHERE code = 'ML-2'`);
    const now = { ...NAMES, 'ML-2': 'Bùi Thị An', 'ML-3': 'Vũ Văn Bình' };
    expect(await listed()).toEqual(byName(Object.values(now)));
    const [row] = await api.db.query(`SELECT m.person_name FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = 'ML-2'`);
    expect(row.person_name).toBe('Bùi Thị An');
  });

  it('keeps the person’s name and code whatever a writer puts in the copy, and writes them for a membership inserted past the API', async () => {
    await api.db.query(`UPDATE membership SET person_name = 'AAA' WHERE person_id = (SELECT id FROM person WHERE code = 'ML-4')`);
    // Read and written on one connection, in a transaction rolled back: a member added past the API would leave the
    // shared database's subject tally behind its rows (another file checks that they agree).
    const q = api.db.createQueryRunner();
    await q.startTransaction();
    try {
      const names = async () =>
        (
          await q.query(
            `SELECT p.code, m.person_name AS name FROM membership m JOIN person p ON p.id = m.person_id WHERE m.unit_path LIKE (SELECT path FROM unit WHERE code = 'ML-CB') || '%' ORDER BY p.code`,
          )
        ).map((r: { code: string; name: string }) => `${r.code} ${r.name}`);
      expect(await names()).toContain('ML-4 Phạm Thu Dung');
      // A membership written straight into the table, for a person who had none.
      await q.query(
        `INSERT INTO membership (person_id, branch_id, unit_path, admitted_on, status)
         SELECT p.id, u.id, u.path, '2010-01-01', 'OFFICIAL' FROM person p, unit u WHERE p.code = 'ML-BT' AND u.code = 'ML-CB'`,
      );
      expect(await names()).toContain('ML-BT Đồng chí ML-BT');
      // The member's subject reads the code from the membership too (migration 0041): it follows the person's, whatever
      // a writer puts in the copy.
      const subjectOf = async (code: string) =>
        (
          await q.query(
            `SELECT s.code, s.label FROM subject_party_member s JOIN membership m ON m.id = s.ref_id JOIN person p ON p.id = m.person_id WHERE p.code = $1`,
            [code],
          )
        )[0];
      await q.query(`UPDATE membership SET person_code = 'XXX' WHERE person_id = (SELECT id FROM person WHERE code = 'ML-1')`);
      expect(await subjectOf('ML-1')).toEqual({ code: 'ML-1', label: 'Trần Văn Cường' });
      await q.query(`UPDATE person SET code = 'ML-1-NEW' WHERE code = 'ML-1'`);
      expect(await subjectOf('ML-1-NEW')).toEqual({ code: 'ML-1-NEW', label: 'Trần Văn Cường' });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('lists the people in scope by name — members and holders of posts, each once — from the same names', async () => {
    // The secretary becomes a member too: in scope through a post and a membership.
    const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
      dataset: { version: 1, memberships: [{ person: 'ML-BT', branch: 'ML-CB', admittedOn: '2010-01-01', status: 'OFFICIAL' }] },
    });
    expect(res.importDataset.userErrors).toEqual([]);
    const { people }: any = await api.as('ML-BT').request<any>(`{ people(first: 1) { totalCount } }`);
    const everyone = byName([
      ...Object.values({ ...NAMES, 'ML-2': 'Bùi Thị An', 'ML-3': 'Vũ Văn Bình' }),
      'Đồng chí ML-BT',
      'Hoàng Văn Em',
    ]);
    expect(people.totalCount).toBe(everyone.length);
    expect(await listed(false, 'people')).toEqual(everyone);
    expect(await listed(true, 'people')).toEqual(everyone);
  });

  it('searches the people in scope by part of the name or by code — members and holders of posts, each once', async () => {
    const searched = async (search: string) => {
      const { people }: any = await api
        .as('ML-BT')
        .request<any>(`query($s: String) { people(first: 10, search: $s) { totalCount nodes { code fullName } } }`, { s: search });
      return { count: people.totalCount, names: people.nodes.map((n: { fullName: string }) => n.fullName) };
    };
    // Case folded as on the person's own name; ML-5 holds two posts and no membership.
    expect(await searched('văn')).toEqual({ count: 3, names: byName(['Trần Văn Cường', 'Vũ Văn Bình', 'Hoàng Văn Em']) });
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM person WHERE code LIKE 'ML-%' AND full_name ILIKE '%VŨ%'`);
    expect((await searched('VŨ')).count).toBe(n);
    expect(await searched('ML-5')).toEqual({ count: 1, names: ['Hoàng Văn Em'] });
    expect(await searched('ML-1')).toEqual({ count: 1, names: ['Trần Văn Cường'] });
    expect(await searched('nobody')).toEqual({ count: 0, names: [] });
  });

  it('searches names without their diacritics when the term has none, and as written when it has them', async () => {
    const searched = async (search: string) => {
      const { people }: any = await api
        .as('ML-BT')
        .request<any>(`query($s: String) { people(first: 10, search: $s) { totalCount nodes { fullName } } }`, { s: search });
      expect(people.totalCount).toBe(people.nodes.length);
      return people.nodes.map((n: { fullName: string }) => n.fullName);
    };
    const withVan = byName(['Trần Văn Cường', 'Vũ Văn Bình', 'Hoàng Văn Em']);
    expect(await searched('van')).toEqual(withVan);
    expect(await searched('VAN')).toEqual(withVan);
    expect(await searched('Văn')).toEqual(withVan);
    expect(await searched('Vân')).toEqual([]);
    expect(await searched('truong')).toEqual([]);
    expect(await searched('cuong')).toEqual(['Trần Văn Cường']);
    // Đ folds to d; a holder of posts without a membership is matched on the same folding.
    expect(await searched('dong chi')).toEqual(['Đồng chí ML-BT']);
    expect(await searched('hoang van')).toEqual(['Hoàng Văn Em']);
    expect(await searched('HOÀNG')).toEqual(['Hoàng Văn Em']);
    expect(await searched('v_n')).toEqual([]);
  });

  it('searches subjects by label the same way', async () => {
    const searched = async (search: string): Promise<string[]> =>
      (
        await api
          .as('ML-BT')
          .request<any>(`query($s: String) { subjects(cycle: "2024", action: read, first: 20, search: $s) { nodes { kind code } } }`, {
            s: search,
          })
      ).subjects.nodes.map((n: { kind: string; code: string }) => `${n.kind} ${n.code}`);
    const withVan = ['PARTY_MEMBER ML-1', 'PARTY_MEMBER ML-3'];
    expect(await searched('van')).toEqual(withVan);
    expect(await searched('Văn')).toEqual(withVan);
    expect(await searched('Vân')).toEqual([]);
    expect(await searched('cuong')).toEqual(['PARTY_MEMBER ML-1']);
  });

  it('folds every Vietnamese letter with a diacritic, in either case, to its base letter', async () => {
    const letters: Record<string, string> = {
      a: 'àáảãạăằắẳẵặâầấẩẫậ',
      e: 'èéẻẽẹêềếểễệ',
      i: 'ìíỉĩị',
      o: 'òóỏõọôồốổỗộơờớởỡợ',
      u: 'ùúủũụưừứửữự',
      y: 'ỳýỷỹỵ',
      d: 'đ',
    };
    const written = Object.values(letters).join('');
    const base = Object.entries(letters)
      .map(([b, all]) => b.repeat([...all].length))
      .join('');
    const [row] = await api.db.query(`SELECT fold_name($1) AS lower, fold_name(upper($1)) AS upper`, [written]);
    expect(row).toEqual({ lower: base, upper: base });
  });

  it('primes the person loader with whole people only: a page that reads part of them leaves other fields their values', async () => {
    const posts = `posts { code person { code fullName gender birthDate } }`;
    const alone: any = await api.as('ML-BT').request<any>(`{ unit(code: "ML") { ${posts} } }`);
    const after: any = await api
      .as('ML-BT')
      .request<any>(`{ unit(code: "ML") { members(first: 10) { nodes { person { code } } } ${posts} } }`);
    // The secretary holds a post there and is on the page (a member since the test above).
    expect(after.unit.members.nodes.map((n: any) => n.person.code)).toContain('ML-BT');
    expect(alone.unit.posts.map((p: any) => p.person.code)).toContain('ML-BT');
    expect(after.unit.posts).toEqual(alone.unit.posts);
  });

  it('keeps a post holder’s name on the post, whatever a writer puts in the copy, and follows the holder renamed', async () => {
    const holders = async (run: (sql: string) => Promise<{ code: string; name: string }[]>) =>
      (await run(`SELECT code, holder_name AS name FROM post WHERE code LIKE 'ML-5%' ORDER BY code`)).map((r) => `${r.code} ${r.name}`);
    expect(await holders((sql) => api.db.query(sql))).toEqual(['ML-5-POST Hoàng Văn Em', 'ML-5-POST-2 Hoàng Văn Em']);
    // Written past the API, in a transaction rolled back: the copy is the person's name again, and a post inserted for a
    // person has their name.
    const q = api.db.createQueryRunner();
    await q.startTransaction();
    try {
      await q.query(`UPDATE post SET holder_name = 'AAA' WHERE code = 'ML-5-POST'`);
      await q.query(
        `INSERT INTO post (code, person_id, unit_id, unit_path, title, category, role, starts_on)
         SELECT 'ML-5-POST-3', p.id, u.id, u.path, 'Ủy viên', 'MEMBER', 'MEMBER', '2021-01-01' FROM person p, unit u WHERE p.code = 'ML-5' AND u.code = 'ML'`,
      );
      await q.query(`UPDATE person SET full_name = 'Âu Văn Em' WHERE code = 'ML-5'`);
      expect(await holders((sql) => q.query(sql))).toEqual(['ML-5-POST Âu Văn Em', 'ML-5-POST-2 Âu Văn Em', 'ML-5-POST-3 Âu Văn Em']);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
    // Renamed by the API's import: the people in scope list the holder (two posts, no membership) under the new name.
    const rename = (fullName: string) =>
      api.as(DEMO.admin).request<any>(IMPORT_DATASET, { dataset: { version: 1, people: [{ code: 'ML-5', fullName }] } });
    expect((await rename('Âu Văn Em')).importDataset.userErrors).toEqual([]);
    try {
      const everyone = byName([...Object.values({ ...NAMES, 'ML-2': 'Bùi Thị An', 'ML-3': 'Vũ Văn Bình' }), 'Đồng chí ML-BT', 'Âu Văn Em']);
      expect(await listed(false, 'people')).toEqual(everyone);
      expect(await listed(true, 'people')).toEqual(everyone);
    } finally {
      expect((await rename('Hoàng Văn Em')).importDataset.userErrors).toEqual([]);
    }
  });

  it('leaves the report tally counting the rows (a member added past the API would not be in it)', async () => {
    expect(await tallyDifferences(api.db.manager, { auditTrail: () => true })).toBe(0);
  });
});

/**
 * Whole provinces, unsearched, walk the people in the order of their names (migration 0052's indexes, data/people.ts):
 * the same page, name then person, as a smaller scope sorts. A province of this file's own (MLT-…): two members of one
 * name, a holder of a post who is no member, and a member who holds a post too.
 */
describe('the people of whole provinces, walked in their order', () => {
  const PEOPLE: Record<string, string> = {
    'MLT-1': 'Lê Văn Bình',
    'MLT-2': 'Lê Văn Bình',
    'MLT-3': 'Nguyễn Thị An',
    'MLT-4': 'Phạm Thu Dung',
    'MLT-5': 'Trần Văn Cường',
    'MLT-6': 'Hoàng Văn Em',
    'MLT-BT': 'Đồng chí MLT-BT',
    'MLT-8': 'Khổng Thị Xuyến',
    'MLT-7': 'Khổng Thị Xuyến',
    // Found by name and by code alike: listed and counted once.
    'MLT-9': 'Đào Thị MLT-9',
  };
  beforeAll(async () => {
    const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
      dataset: {
        version: 1,
        units: [
          { code: 'MLT', name: 'Tỉnh MLT', kind: 'PROVINCE' },
          { code: 'MLT-X', name: 'Xã MLT', kind: 'COMMUNE', parent: 'MLT' },
          { code: 'MLT-CB', name: 'Chi bộ MLT', kind: 'PARTY_BRANCH', parent: 'MLT-X' },
        ],
        bodies: [
          { code: 'MLT-TU', name: 'Đảng bộ tỉnh MLT', kind: 'PARTY_ORGANIZATION', unit: 'MLT' },
          { code: 'MLT-DB', name: 'Đảng bộ xã MLT', kind: 'PARTY_ORGANIZATION', unit: 'MLT-X' },
        ],
        people: Object.entries(PEOPLE).map(([code, fullName]) => ({ code, fullName })),
        posts: [
          secretaryPost('MLT-BT', 'MLT', 'MLT-TU'),
          leaderPost('MLT-6', 'MLT-X', 'MLT-DB', null, 'DEPUTY_SECRETARY', 'DEPUTY'),
          leaderPost('MLT-1', 'MLT-X', 'MLT-DB', null, 'SECRETARY', 'HEAD'),
        ],
        memberships: ['MLT-1', 'MLT-2', 'MLT-3', 'MLT-4', 'MLT-5', 'MLT-8', 'MLT-7', 'MLT-9'].map((person) => ({
          person,
          branch: 'MLT-CB',
          admittedOn: '2005-06-07',
          status: 'OFFICIAL',
        })),
      },
    });
    expect(res.importDataset.userErrors).toEqual([]);
  });

  /** Every page of `people`, `size` at a time, forwards or backwards: "code name" in the order shown. */
  const pages = (as: string, within: string | null, backwards: boolean, size = 2, search: string | null = null): Promise<string[]> =>
    everyPage<{ code: string; fullName: string }>(
      async (page) =>
        (
          await api.as(as).request<any>(
            `query($within: ID, $search: String, $first: Int, $after: String, $last: Int, $before: String) {
               people(within: $within, search: $search, first: $first, after: $after, last: $last, before: $before) {
                 pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { code fullName } } }`,
            { within, search, ...page },
          )
        ).people,
      (n) => `${n.code} ${n.fullName}`,
      backwards,
      size,
    );

  it('lists them page by page, both ways, by name and then by person, as the administrator within the province and as its secretary', async () => {
    // The order by the names' bytes (COLLATE "C"), then the person's id: two members of one name keep their import order.
    const expected: string[] = (
      await api.db.query(`SELECT code, full_name FROM person WHERE code LIKE 'MLT-%' ORDER BY full_name COLLATE "C", id`)
    ).map((r: { code: string; full_name: string }) => `${r.code} ${r.full_name}`);
    expect(expected).toHaveLength(Object.keys(PEOPLE).length);
    expect(expected.indexOf('MLT-1 Lê Văn Bình')).toBe(expected.indexOf('MLT-2 Lê Văn Bình') - 1);
    const { unit } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT") { id } }`);
    for (const backwards of [false, true]) {
      expect(await pages(DEMO.admin, unit.id, backwards)).toEqual(expected);
      expect(await pages('MLT-BT', null, backwards)).toEqual(expected);
      expect(await pages('MLT-BT', null, backwards, 3)).toEqual(expected);
    }
    // A commune inside it is sorted, not walked: the same order.
    const { unit: commune } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT-X") { id } }`);
    expect(await pages(DEMO.admin, commune.id, false)).toEqual(expected.filter((x) => !x.startsWith('MLT-BT ')));
  });

  it('counts them as a smaller scope counts its rows: the members (from the subject tally) and the holders of posts who are no members', async () => {
    const count = async (as: string, within: string | null) =>
      (await api.as(as).request<any>(`query($within: ID) { people(within: $within, first: 1) { totalCount } }`, { within })).people
        .totalCount;
    const { unit } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT") { id } }`);
    const { unit: commune } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT-X") { id } }`);
    // Eight members, and two holders who are no members (the province's secretary, a commune's deputy).
    const people = Object.keys(PEOPLE).length;
    expect(await count('MLT-BT', null)).toBe(people);
    expect(await count(DEMO.admin, unit.id)).toBe(people);
    // A commune's are counted row by row: the province's secretary is not among them.
    expect(await count(DEMO.admin, commune.id)).toBe(people - 1);
    const [{ n }] = await api.db.query(`SELECT ((SELECT count(*) FROM membership)
      + (SELECT count(DISTINCT po.person_id) FROM post po WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = po.person_id)))::int AS n`);
    expect(await count(DEMO.admin, null)).toBe(n);
  });

  it('searches them the same way, walked for the names that match and found apart by code, as a commune sorts its own', async () => {
    const { unit } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT") { id } }`);
    const { unit: commune } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT-X") { id } }`);
    const found: Record<string, string[]> = {
      van: ['MLT-6 Hoàng Văn Em', 'MLT-1 Lê Văn Bình', 'MLT-2 Lê Văn Bình', 'MLT-5 Trần Văn Cường'],
      Văn: ['MLT-6 Hoàng Văn Em', 'MLT-1 Lê Văn Bình', 'MLT-2 Lê Văn Bình', 'MLT-5 Trần Văn Cường'],
      Vân: [],
      'MLT-4': ['MLT-4 Phạm Thu Dung'],
      'MLT-6': ['MLT-6 Hoàng Văn Em'],
      'MLT-9': ['MLT-9 Đào Thị MLT-9'],
      'MLT-BT': ['MLT-BT Đồng chí MLT-BT'],
      'dong chi': ['MLT-BT Đồng chí MLT-BT'],
      // The term's own % and _ are matched literally.
      '%': [],
      'l_ van': [],
      nobody: [],
    };
    for (const [search, expected] of Object.entries(found)) {
      for (const backwards of [false, true]) {
        expect([search, await pages(DEMO.admin, unit.id, backwards, 3, search)]).toEqual([search, expected]);
        expect([search, await pages('MLT-BT', null, backwards, 1, search)]).toEqual([search, expected]);
        const inCommune = expected.filter((x) => !x.startsWith('MLT-BT '));
        expect([search, await pages(DEMO.admin, commune.id, backwards, 2, search)]).toEqual([search, inCommune]);
      }
      for (const [as, within] of [
        ['MLT-BT', null],
        [DEMO.admin, unit.id],
      ]) {
        const { people } = await api
          .as(as)
          .request<any>(`query($s: String, $within: ID) { people(first: 1, search: $s, within: $within) { totalCount } }`, {
            s: search,
            within,
          });
        expect([search, as, people.totalCount]).toEqual([search, as, expected.length]);
      }
    }
    // A term too long is refused before any statement, walked or not.
    const long = await api
      .as('MLT-BT')
      .request<any>(`query($s: String) { people(first: 1, search: $s) { nodes { code } } }`, { s: 'x'.repeat(101) })
      .catch((e: unknown) => e);
    expect(errorCodes(long)).toEqual(['BAD_USER_INPUT']);
  });

  it('knows every name a membership or a post keeps, whoever wrote it', async () => {
    const q = api.db.createQueryRunner();
    await q.startTransaction();
    try {
      const known = async (name: string) => (await q.query(`SELECT folded FROM known_name WHERE name = $1`, [name]))[0]?.folded ?? null;
      expect(await known('Phạm Thu Dung')).toBe('pham thu dung');
      // Renamed past the API: the membership's copy follows (migration 0040), and the name is known.
      await q.query(`UPDATE person SET full_name = 'Đinh Thị Mới' WHERE code = 'MLT-4'`);
      expect(await known('Đinh Thị Mới')).toBe('dinh thi moi');
      // A post's holder renamed: the post's copy follows (migration 0052), and the name is known.
      await q.query(`UPDATE person SET full_name = 'Ông Văn Hậu' WHERE code = 'MLT-6'`);
      expect(await known('Ông Văn Hậu')).toBe('ong van hau');
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });

  it('finds the country’s subjects by name or code, as the administrator: the names’ bearers sorted, or the codes walked', async () => {
    /** Every page of the administrator's subjects searched, `size` at a time, forwards or backwards, within a unit or the country. */
    const subjects = (search: string, backwards: boolean, within: string | null = null, size = 1): Promise<string[]> =>
      everyPage<{ kind: string; code: string; label: string }>(
        async (page) =>
          (
            await api.as(DEMO.admin).request<any>(
              `query($s: String, $within: ID, $first: Int, $after: String, $last: Int, $before: String) {
                 subjects(cycle: "2024", action: read, search: $s, within: $within, first: $first, after: $after, last: $last, before: $before) {
                   pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { kind code label } } }`,
              { s: search, within, ...page },
            )
          ).subjects,
        (n) => `${n.kind} ${n.code} ${n.label}`,
        backwards,
        size,
      );
    const { unit } = await api.as(DEMO.admin).request<any>(`{ unit(code: "MLT") { id } }`);
    const bearers = ['PARTY_MEMBER MLT-7 Khổng Thị Xuyến', 'PARTY_MEMBER MLT-8 Khổng Thị Xuyến'];
    const found: Record<string, string[]> = {
      xuyen: bearers,
      'Thị Xuyến': bearers,
      'Thị Xuyên': [],
      'MLT-8': ['PARTY_MEMBER MLT-8 Khổng Thị Xuyến'],
      'khong thi xuyen': bearers,
      x_yen: [],
      // By name and by code: found and counted once.
      'MLT-9': ['PARTY_MEMBER MLT-9 Đào Thị MLT-9'],
    };
    const counted = async (search: string, within: string | null) =>
      (
        await api
          .as(DEMO.admin)
          .request<any>(
            `query($s: String, $within: ID) { subjects(cycle: "2024", action: read, search: $s, within: $within, first: 1) { totalCount } }`,
            {
              s: search,
              within,
            },
          )
      ).subjects.totalCount;
    const sortedUpTo = SUBJECT_SEARCH.sortedUpTo;
    try {
      // Sorted (fewer bearers than the bound), then walked (a bound of one bearer), against the rows matched one by one
      // within the province.
      for (const bound of [sortedUpTo, 1]) {
        SUBJECT_SEARCH.sortedUpTo = bound;
        for (const [search, expected] of Object.entries(found)) {
          expect([bound, search, await subjects(search, false, unit.id, 2)]).toEqual([bound, search, expected]);
          for (const backwards of [false, true])
            expect([bound, search, await subjects(search, backwards)]).toEqual([bound, search, expected]);
          expect([search, await counted(search, null), await counted(search, unit.id)]).toEqual([search, expected.length, expected.length]);
        }
      }
    } finally {
      SUBJECT_SEARCH.sortedUpTo = sortedUpTo;
    }
    // The country's subjects of other kinds are matched by label, as the kinds a province holds.
    const leaders = await subjects('Bí thư MLT', false);
    expect(leaders).toEqual(await subjects('Bí thư MLT', false, unit.id));
    expect(leaders.length).toBeGreaterThan(0);
    expect(await counted('Bí thư MLT', null)).toBe(leaders.length);
  });
});
