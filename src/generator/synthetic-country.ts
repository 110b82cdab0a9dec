import { Client } from 'pg';
import { analyzeTables } from '../db/planner-statistics';
import { SeededRandom } from '../demo/random';
import { vietnameseName } from '../demo/vietnamese-names';
import { CopyWriter } from './copy-writer';
import { IndexBuilders, TableLoad } from './table-load';

/** How big a generated country is: provinces × communes × branches × members. */
export interface Shape {
  provinces: number;
  communesPerProvince: number;
  branchesPerCommune: number;
  membersPerBranch: number;
}

export function shapeFor(scale: string): Shape {
  if (scale === 'national') return { provinces: 34, communesPerProvince: 98, branchesPerCommune: 16, membersPerBranch: 105 };
  if (scale === 'province') return { provinces: 1, communesPerProvince: 98, branchesPerCommune: 17, membersPerBranch: 102 };
  const members = Number(scale);
  if (!Number.isInteger(members) || members < 100)
    throw new Error(`--scale must be province, national or a number of members ≥ 100 (got "${scale}")`);
  const branches = Math.max(1, Math.round(members / 50));
  const communes = Math.max(1, Math.ceil(branches / 10));
  return {
    provinces: Math.max(1, Math.ceil(communes / 50)),
    communesPerProvince: Math.min(50, communes),
    branchesPerCommune: 10,
    membersPerBranch: 50,
  };
}

export const GENERATED_CYCLE = 'GEN-2025';
/** In the first communes of each province, members are left at PROPOSED, ready for the benchmark's deciders. */
export const DECIDABLE_MEMBERS_PER_COMMUNE = 400;
export const DECIDABLE_COMMUNES = 4;

export interface Summary {
  seconds: number;
  rows: Record<string, number>;
}

const LEVEL_ROLL: [number, string][] = [
  [0.1, 'EXCELLENT'],
  [0.78, 'GOOD'],
  [0.97, 'COMPLETE'],
  [1, 'NOT_COMPLETE'],
];
const CRITERIA = JSON.stringify({
  criteria: [
    { id: 'I1', grade: 'GOOD' },
    { id: 'I2', grade: 'OUTSTANDING' },
    { id: 'I7', grade: 'GOOD' },
  ],
  targets: { total: 10, done: 10, exceeded: 5 },
});

/** Every day from 1950 to 2025 as an ISO date, made once: formatting dates per row was the generator's hottest spot. */
const DAYS: string[] = [];
for (let t = Date.UTC(1950, 0, 1); t <= Date.UTC(2025, 11, 31); t += 86400000) DAYS.push(new Date(t).toISOString().slice(0, 10));
const span = (from: string, to: string) => [DAYS.indexOf(from), DAYS.indexOf(to)] as const;
const ADMITTED = span('1975-01-01', '2025-05-31');
const BORN = span('1950-01-01', '2003-12-31');
/** A random day in [from, to), given as indices into DAYS. */
const randomDay = (rng: SeededRandom, [from, to]: readonly [number, number]) => DAYS[from + Math.floor(rng.next() * (to - from))];

/**
 * Generates a synthetic country into an empty database with COPY: the tree, party organizations,
 * leaders, members, a cycle with its delegation matrix, and ratings at every stage and level.
 * Members stream through three COPY connections at once (people, memberships, ratings), each table
 * loaded in one transaction with its indexes built after the rows (TableLoad), so memory stays flat
 * whatever the scale and a failed load leaves those tables as they were.
 */
/** The ancestors of a unit path, itself included, as an array literal: what `person.scope_ancestors` holds (migration 0009). */
function ancestorsOf(path: string): string {
  const ends = [...path].flatMap((c, i) => (c === '/' ? [i + 1] : []));
  return `{${ends.map((e) => path.slice(0, e)).join(',')}}`;
}

export async function generateCountry(url: string, shape: Shape, progress: (line: string) => void): Promise<Summary> {
  const started = Date.now();
  // Connections of its own, on the URL meant for bulk loads (db/connect.ts `bulkUrl`).
  const clients = Array.from({ length: 5 }, () => new Client({ connectionString: url }));
  const [main, peopleClient, membershipClient, ratingClient, tallyClient] = clients;
  const rng = new SeededRandom(2025);
  const rows: Record<string, number> = {};
  const opened = clients.map((c) => c.connect().then(() => c));
  try {
    await Promise.all(opened);
    // Foreign keys are checked by the generator's construction; skipping the triggers makes COPY several times faster.
    // COPY of millions of rows is one statement: no statement timeout for the generator's connections.
    for (const c of clients) await c.query(`SET session_replication_role = replica; SET statement_timeout = 0`);
    // Every connection works in one transaction, committed at the end: a failed or killed run leaves (almost) nothing behind.
    await main.query('BEGIN');
    await tallyClient.query('BEGIN');
    await main.query(
      `INSERT INTO cycle (id, code, name, year, period, starts_on, ends_on, reference_date, rule_pack) VALUES (1, $1, 'Năm 2025 (dữ liệu tổng hợp)', 2025, 'YEAR', '2025-01-01', '2025-12-31', '2025-12-01', 'QD124-2024')`,
      [GENERATED_CYCLE],
    );
    await main.query(
      `INSERT INTO cycle_deadline (cycle_id, tier, task, due_on, source) VALUES (1, 'GRASSROOTS', 'RATING_DONE', '2025-12-05', '000 §7'), (1, 'PROVINCE', 'RATING_DONE', '2025-12-15', '001 §VI.1')`,
    );

    const units = await CopyWriter.open(main, 'unit', ['id', 'code', 'name', 'kind', 'parent_id', 'path', 'depth']);
    const bodies: unknown[][] = [];
    const posts: unknown[][] = [];
    // The names the memberships and posts keep, once (migration 0053), folded by the database as they are written.
    const knownNames = new Set<string>();
    // The quota tally (migration 0051), counted as the decided ratings are written: the commune's organization decides its members.
    const decidedBy = new Map<string, number>();
    const delegations: unknown[][] = [];
    const peopleLoad = await TableLoad.begin(peopleClient, 'person', [
      'id',
      'code',
      'full_name',
      'gender',
      'birth_date',
      'system_roles',
      'scope_ancestors',
    ]);
    const membershipLoad = await TableLoad.begin(membershipClient, 'membership', [
      'id',
      'person_id',
      'branch_id',
      'unit_path',
      'admitted_on',
      'official_on',
      'status',
      'person_name',
      'person_code',
    ]);
    const ratingLoad = await TableLoad.begin(
      ratingClient,
      'rating',
      [
        'id',
        'cycle_id',
        'subject_kind',
        'subject_ref_id',
        'subject_code',
        'unit_id',
        'unit_path',
        'person_id',
        'stage',
        'not_rated_reason',
        'self_level',
        'review_held_on',
        'proposed_level',
        'decided_level',
        'decided_at',
        'authority_body_id',
        'authority_office',
        'delegation_id',
      ],
      // A self-assessment's facts, the same for every rating past OPEN: read once by PostgreSQL rather than per row.
      { facts: CRITERIA },
    );
    const [people, memberships] = [peopleLoad.rows, membershipLoad.rows];
    // The subject tally (migration 0008) is written with the rows: rebuilding it afterwards would take 18 s at national scale.
    const tally = new UnitTally(
      await CopyWriter.open(tallyClient, 'subject_tally', [
        'cycle_id',
        'kind',
        'unit_path',
        'unit_depth',
        'category',
        'stage',
        'level',
        'n',
      ]),
    );
    let unitId = 0;
    let bodyId = 0;
    let personId = 0;
    let ratingId = 0;
    let delegationId = 0;
    let postId = 0;
    const total = shape.provinces * shape.communesPerProvince * shape.branchesPerCommune * shape.membersPerBranch;
    let lastReport = Date.now();

    people.write([++personId, 'GEN-ADMIN', 'Quản trị hệ thống', null, null, '{ADMIN}', '{}']);
    for (let p = 1; p <= shape.provinces; p++) {
      const pId = ++unitId;
      const pPath = `/${pId}/`;
      const pCode = `GP${String(p).padStart(2, '0')}`;
      units.write([pId, pCode, `Tỉnh tổng hợp ${p}`, 'PROVINCE', null, pPath, 0]);
      const pOrg = ++bodyId;
      const pBtv = ++bodyId;
      const pBtc = ++bodyId;
      bodies.push(
        [pOrg, `${pCode}-DB`, `Đảng bộ tỉnh ${p}`, 'PARTY_ORGANIZATION', pId, null],
        [pBtv, `${pCode}-BTV`, `Ban Thường vụ Tỉnh ủy ${p}`, 'PARTY_STANDING_COMMITTEE', pId, pOrg],
        [pBtc, `${pCode}-BTC`, `Ban Tổ chức Tỉnh ủy ${p}`, 'ORGANIZATION_COMMISSION', pId, pOrg],
      );
      delegations.push([
        ++delegationId,
        `${GENERATED_CYCLE}/${pCode}/communes`,
        1,
        null,
        pBtv,
        'DECIDE',
        'PARTY_ORGANIZATION',
        '{}',
        pId,
        'CHILDREN',
        pBtc,
        '001 §I.1',
      ]);
      // The province's secretary and a staff member of its Organization Commission (who audits).
      for (const [suffix, title, category, body] of [
        ['BT', 'Bí thư Tỉnh ủy', 'SECRETARY', pBtv],
        ['BTC', 'Chuyên viên Ban Tổ chức', 'STAFF', pBtc],
      ] as const) {
        const id = ++personId;
        const n = vietnameseName(rng);
        people.write([id, `${pCode}-${suffix}`, n.fullName, n.gender, '1970-01-01', '{}', ancestorsOf(pPath)]);
        knownNames.add(n.fullName);
        posts.push([
          ++postId,
          `${pCode}-${suffix}`,
          id,
          pId,
          pPath,
          body,
          title,
          category,
          suffix === 'BT' ? 'HEAD' : 'MEMBER',
          '2020-10-01',
          n.fullName,
        ]);
        tally.add('LEADER', category);
      }
      tally.add('PARTY_ORGANIZATION', 'PROVINCE');
      tally.flush(pPath, 0);
      for (let c = 1; c <= shape.communesPerProvince; c++) {
        const cId = ++unitId;
        const cPath = `${pPath}${cId}/`;
        const cCode = `${pCode}-X${String(c).padStart(3, '0')}`;
        units.write([cId, cCode, `Xã tổng hợp ${p}.${c}`, 'COMMUNE', pId, cPath, 1]);
        const cOrg = ++bodyId;
        bodies.push([cOrg, `${cCode}-DB`, `Đảng bộ xã ${p}.${c}`, 'PARTY_ORGANIZATION', cId, null]);
        const membersRow = ++delegationId;
        delegations.push(
          [
            membersRow,
            `${GENERATED_CYCLE}/${cCode}/members`,
            1,
            pBtv,
            cOrg,
            'DECIDE',
            'PARTY_MEMBER',
            '{}',
            cId,
            'SUBTREE',
            null,
            '004 §II.4.3',
          ],
          [
            ++delegationId,
            `${GENERATED_CYCLE}/${cCode}/branches`,
            1,
            pBtv,
            cOrg,
            'DECIDE',
            'PARTY_ORGANIZATION',
            '{}',
            cId,
            'BELOW',
            null,
            '004 §II.6.1',
          ],
        );
        let decidable = c <= DECIDABLE_COMMUNES ? DECIDABLE_MEMBERS_PER_COMMUNE : 0;
        for (let b = 1; b <= shape.branchesPerCommune; b++) {
          const bId = ++unitId;
          const bPath = `${cPath}${bId}/`;
          const bCode = `${cCode}-CB${String(b).padStart(2, '0')}`;
          units.write([bId, bCode, `Chi bộ ${b}`, 'PARTY_BRANCH', cId, bPath, 2]);
          const bOrg = ++bodyId;
          bodies.push([bOrg, `${bCode}-CB`, `Chi bộ ${b} xã ${p}.${c}`, 'PARTY_ORGANIZATION', bId, null]);
          const size = Math.max(5, Math.round(shape.membersPerBranch * (0.6 + 0.8 * rng.next())));
          // A member's posts (branch, commune) lie on the path of their branch: its ancestors are all of theirs.
          const bAncestors = ancestorsOf(bPath);
          for (let m = 0; m < size; m++) {
            const id = ++personId;
            const n = vietnameseName(rng);
            const code = `G${String(id).padStart(8, '0')}`;
            const admitted = randomDay(rng, ADMITTED);
            people.write([id, code, n.fullName, n.gender, randomDay(rng, BORN), '{}', bAncestors]);
            knownNames.add(n.fullName);
            memberships.write([id, id, bId, bPath, admitted, admitted, 'OFFICIAL', n.fullName, code]);
            if (m === 0) {
              posts.push([
                ++postId,
                `${bCode}-BT`,
                id,
                bId,
                bPath,
                bOrg,
                `Bí thư chi bộ ${b}`,
                'BRANCH_SECRETARY',
                'HEAD',
                '2020-10-01',
                n.fullName,
              ]);
              tally.add('LEADER', 'BRANCH_SECRETARY');
              tally.add('PARTY_MEMBER', null);
              if (b === 1)
                posts.push([
                  ++postId,
                  `${cCode}-BT`,
                  id,
                  cId,
                  cPath,
                  cOrg,
                  `Bí thư Đảng ủy xã ${p}.${c}`,
                  'SECRETARY',
                  'HEAD',
                  '2020-10-01',
                  n.fullName,
                ]);
              continue;
            }
            const stage = decidable > 0 ? 'PROPOSED' : pickStage(rng.next());
            if (decidable > 0) decidable -= 1;
            const level = stage === 'DECIDED' || stage === 'PUBLISHED' ? pickLevel(rng.next()) : null;
            if (level) decidedBy.set(`${cOrg} ${level}`, (decidedBy.get(`${cOrg} ${level}`) ?? 0) + 1);
            tally.add('PARTY_MEMBER', null, stage ?? 'NOT_STARTED', level);
            if (stage === null) continue;
            // An OPEN rating has no self-assessment yet: its facts are the table's default.
            const open = stage === 'OPEN';
            (open ? ratingLoad.withTableDefaults : ratingLoad.rows).write([
              ++ratingId,
              1,
              'PARTY_MEMBER',
              id,
              code,
              bId,
              bPath,
              id,
              stage,
              null,
              open ? null : 'GOOD',
              open ? null : '2025-11-20',
              stage === 'PROPOSED' || level ? 'GOOD' : null,
              level,
              level ? '2025-12-01T08:00:00Z' : null,
              level ? cOrg : null,
              level ? '' : null,
              level ? membersRow : null,
            ]);
          }
          tally.add('PARTY_ORGANIZATION', 'PARTY_BRANCH');
          tally.flush(bPath, 2);
          await CopyWriter.ready(people, memberships, ratingLoad.rows, units, tally.writer);
          if (Date.now() - lastReport > 1000) {
            lastReport = Date.now();
            const done = memberships.rows;
            progress(
              `members ${done.toLocaleString('en')} / ~${total.toLocaleString('en')} (${Math.min(100, Math.round((100 * done) / total))}%), ${Math.round(done / ((Date.now() - started) / 1000)).toLocaleString('en')}/s`,
            );
          }
        }
        tally.add('LEADER', 'SECRETARY');
        tally.add('PARTY_ORGANIZATION', 'COMMUNE');
        tally.flush(cPath, 1);
      }
    }
    rows.unit = await units.close();
    rows.subject_tally = await tally.close();
    await tallyClient.query('COMMIT');
    progress(`rows copied in ${((Date.now() - started) / 1000).toFixed(1)} s; building the indexes of people, memberships and ratings…`);
    // The small tables are copied while the loads build their indexes.
    const copySmallTables = async () => {
      const names = await main.query(
        `INSERT INTO known_name (name, folded) SELECT name, fold_name(name) FROM unnest($1::text[]) AS name ON CONFLICT DO NOTHING`,
        [[...knownNames]],
      );
      rows.known_name = names.rowCount ?? 0;
      rows.body = await copyAll(main, 'body', ['id', 'code', 'name', 'kind', 'unit_id', 'parent_body_id'], bodies);
      rows.post = await copyAll(
        main,
        'post',
        ['id', 'code', 'person_id', 'unit_id', 'unit_path', 'body_id', 'title', 'category', 'role', 'starts_on', 'holder_name'],
        posts,
      );
      rows.quota_tally = await copyAll(
        main,
        'quota_tally',
        ['cycle_id', 'subject_kind', 'authority_body_id', 'authority_office', 'decided_level', 'n'],
        [...decidedBy].map(([key, n]) => {
          const [body, level] = key.split(' ');
          return [1, 'PARTY_MEMBER', body, '', level, n];
        }),
      );
      rows.delegation = await copyAll(
        main,
        'delegation',
        [
          'id',
          'code',
          'cycle_id',
          'delegator_body_id',
          'delegate_body_id',
          'power',
          'subject_kind',
          'subject_categories',
          'scope_unit_id',
          'scope_mode',
          'compiler_body_id',
          'source',
        ],
        delegations,
      );
    };
    const loads = [peopleLoad, membershipLoad, ratingLoad];
    const builders = new IndexBuilders(loads.length);
    [[rows.person, rows.membership, rows.rating]] = await Promise.all([
      Promise.all(loads.map((load) => load.commit(builders))),
      copySmallTables(),
    ]);
    progress(`indexes built at ${((Date.now() - started) / 1000).toFixed(1)} s; updating sequences and statistics…`);
    for (const [table, max] of [
      ['unit', unitId],
      ['body', bodyId],
      ['person', personId],
      ['membership', personId],
      ['post', postId],
      ['delegation', delegationId],
      ['rating', ratingId],
      ['cycle', 1],
    ] as const) {
      await main.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), $1)`, [Math.max(max, 1)]);
    }
    await main.query('COMMIT');
    // The loaded tables were analyzed in their loads.
    await analyzeTables(
      { query: (sql, params) => main.query<{ name: string }>(sql, params).then((r) => r.rows) },
      loads.map((load) => load.table),
    );
  } finally {
    // Every connection that opened, even after another was refused, is closed; a refused one has nothing to close.
    for (const attempt of await Promise.allSettled(opened)) {
      if (attempt.status === 'rejected') continue;
      // Rolled back before the function returns, not later by the server as the connection closes.
      await attempt.value.query('ROLLBACK').catch(() => {});
      await attempt.value.end().catch(() => {});
    }
  }
  return { seconds: (Date.now() - started) / 1000, rows };
}

/** Counts the subjects of one unit per group; a group never spans units, so each unit's counts are written when it is done. */
class UnitTally {
  private groups = new Map<string, { kind: string; category: string | null; stage: string; level: string | null; n: number }>();

  constructor(readonly writer: CopyWriter) {}

  add(kind: string, category: string | null, stage = 'NOT_STARTED', level: string | null = null): void {
    const key = `${kind}|${category}|${stage}|${level}`;
    const group = this.groups.get(key);
    if (group) group.n += 1;
    else this.groups.set(key, { kind, category, stage, level, n: 1 });
  }

  flush(unitPath: string, depth: number): void {
    for (const g of this.groups.values()) this.writer.write([1, g.kind, unitPath, depth, g.category, g.stage, g.level, g.n]);
    this.groups.clear();
  }

  close(): Promise<number> {
    return this.writer.close();
  }
}

function pickStage(x: number): string | null {
  if (x < 0.2) return null;
  if (x < 0.3) return 'OPEN';
  if (x < 0.4) return 'SELF_ASSESSED';
  if (x < 0.5) return 'PROPOSED';
  if (x < 0.8) return 'DECIDED';
  return 'PUBLISHED';
}

function pickLevel(x: number): string {
  return (LEVEL_ROLL.find(([limit]) => x < limit) as [number, string])[1];
}

async function copyAll(client: Client, table: string, columns: string[], list: unknown[][]): Promise<number> {
  const w = await CopyWriter.open(client, table, columns);
  for (const row of list) w.write(row);
  return w.close();
}
