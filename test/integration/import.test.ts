import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gql } from 'graphql-request';
import { Client } from 'pg';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, errorCodes, startTestApi } from '../support/api';
import { scratchDatabase } from '../support/scratch-database';
import { writtenBeforeRecountLock } from '../support/tally-recount';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const IMPORT = gql`
  mutation ($dataset: JSONObject!, $dryRun: Boolean) {
    importDataset(input: { dataset: $dataset, dryRun: $dryRun }) {
      dryRun
      counts {
        units
        people
        posts
        memberships
        delegations
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

/** A small province of its own, so that this file's writes touch nothing the other tests read. */
const dataset = (suffix: string) => ({
  version: 1,
  units: [
    { code: `T${suffix}`, name: 'Tỉnh Thử', kind: 'PROVINCE' },
    { code: `T${suffix}-X`, name: 'Xã Thử', kind: 'COMMUNE', parent: `T${suffix}` },
    { code: `T${suffix}-X-CB1`, name: 'Chi bộ Thôn 1', kind: 'PARTY_BRANCH', parent: `T${suffix}-X` },
  ],
  bodies: [{ code: `T${suffix}-X-DU`, name: 'Đảng ủy xã Thử', kind: 'PARTY_ORGANIZATION', unit: `T${suffix}-X` }],
  people: [
    { code: `T${suffix}-P1`, fullName: 'Lê Thị Hoa', gender: 'FEMALE' },
    { code: `T${suffix}-P2`, fullName: 'Trần Văn Nam' },
  ],
  memberships: [
    { person: `T${suffix}-P1`, branch: `T${suffix}-X-CB1`, admittedOn: '2001-03-02', officialOn: '2002-03-02', status: 'OFFICIAL' },
    { person: `T${suffix}-P2`, branch: `T${suffix}-X-CB1`, admittedOn: '2024-09-01', status: 'PROBATIONARY' },
  ],
  posts: [
    {
      code: `T${suffix}-X-BT`,
      person: `T${suffix}-P1`,
      unit: `T${suffix}-X`,
      body: `T${suffix}-X-DU`,
      title: 'Bí thư Đảng ủy xã',
      category: 'SECRETARY',
      role: 'HEAD',
      startsOn: '2020-10-01',
    },
  ],
  delegations: [
    {
      code: `T${suffix}/members`,
      cycle: '2024',
      delegate: `T${suffix}-X-DU`,
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: `T${suffix}-X` },
      source: '004 §II.4.3',
    },
  ],
});

/** Rows of this file's own namespace (codes T<letter>…), so that other test files writing at the same time do not disturb the counts. */
const tableCounts = async () =>
  (
    await api.db.query(
      `SELECT (SELECT count(*) FROM unit WHERE code ~ '^T[A-Z](-|$)')::int u, (SELECT count(*) FROM person WHERE code ~ '^T[A-Z]-')::int p,
          (SELECT count(*) FROM post WHERE code ~ '^T[A-Z]-')::int po,
          (SELECT count(*) FROM membership m JOIN person x ON x.id = m.person_id WHERE x.code ~ '^T[A-Z]-')::int m,
          (SELECT count(*) FROM delegation WHERE code ~ '^T[A-Z]/')::int d, (SELECT count(*) FROM body WHERE code ~ '^T[A-Z]-')::int b`,
    )
  )[0];

describe('dataset import through GraphQL', () => {
  it('is for administrators only', async () => {
    const e = await api
      .as(DEMO.citySecretary)
      .request(IMPORT, { dataset: dataset('A') })
      .catch((x) => x);
    expect(errorCodes(e)).toEqual(['FORBIDDEN']);
  });

  it('imports, then re-imports the same file without duplicating anything', async () => {
    const client = api.as(DEMO.admin);
    const before = await tableCounts();
    const first = await client.request<any>(IMPORT, { dataset: dataset('B') });
    expect(first.importDataset.userErrors).toEqual([]);
    expect(first.importDataset.counts).toEqual({ units: 3, people: 2, posts: 1, memberships: 2, delegations: 1 });
    const after = await tableCounts();
    expect(after).toEqual({ u: before.u + 3, p: before.p + 2, po: before.po + 1, m: before.m + 2, d: before.d + 1, b: before.b + 1 });

    const changed = dataset('B');
    changed.people[1].fullName = 'Trần Văn Nam (đã sửa)';
    await client.request(IMPORT, { dataset: changed });
    expect(await tableCounts()).toEqual(after);
    const [row] = await api.db.query(`SELECT full_name FROM person WHERE code = 'TB-P2'`);
    expect(row.full_name).toBe('Trần Văn Nam (đã sửa)');

    const data = await client.request<any>(gql`
      {
        unit(code: "TB-X-CB1") {
          ancestors {
            code
          }
          memberCount
        }
      }
    `);
    expect(data.unit).toEqual({ ancestors: [{ code: 'TB' }, { code: 'TB-X' }], memberCount: 2 });
  });

  it('moves a subtree when a unit gets a new parent, and the scope columns follow', async () => {
    const client = api.as(DEMO.admin);
    await client.request(IMPORT, { dataset: dataset('C') });
    await client.request(IMPORT, { dataset: { version: 1, units: [{ code: 'TC-X', name: 'Xã Thử', kind: 'COMMUNE', parent: 'TB' }] } });
    const data = await client.request<any>(gql`
      {
        unit(code: "TC-X-CB1") {
          depth
          ancestors {
            code
          }
        }
        tb: unit(code: "TB") {
          memberCount
        }
      }
    `);
    expect(data.unit).toEqual({ depth: 2, ancestors: [{ code: 'TB' }, { code: 'TC-X' }] });
    expect(data.tb.memberCount).toBe(4);
    const [stale] = await api.db.query(
      `SELECT count(*)::int AS n FROM membership m JOIN unit u ON u.id = m.branch_id WHERE m.unit_path <> u.path`,
    );
    expect(stale.n).toBe(0);
  });

  it('lists every problem of a broken file with its path and changes nothing', async () => {
    const client = api.as(DEMO.admin);
    const before = await tableCounts();
    const broken: any = dataset('D');
    broken.posts[0].collective = 'TP-BTV';
    broken.memberships[1].branch = 'TD-X';
    broken.delegations[0].cycle = '1999';
    const res = await client.request<any>(IMPORT, { dataset: broken });
    expect(res.importDataset.counts).toBeNull();
    expect(res.importDataset.userErrors.map((e: any) => e.message)).toEqual(
      expect.arrayContaining([
        'posts[0].collective: unknown collective code "TP-BTV"',
        'memberships[1].branch: "TD-X" is a COMMUNE; members are held in PARTY_BRANCH or GRASSROOTS_PARTY_ORG',
        'delegations[0].cycle: unknown cycle code "1999"',
      ]),
    );
    expect(res.importDataset.userErrors[0]).toMatchObject({ code: 'IMPORT_INVALID', field: expect.arrayContaining(['input', 'dataset']) });
    expect(await tableCounts()).toEqual(before);
  });

  it('rolls back everything when the database refuses a row midway', async () => {
    const before = await tableCounts();
    const file: any = dataset('E');
    // Valid for the file format, refused by a database constraint after units and people are written.
    file.memberships[0].officialOn = '2001-03-02';
    file.memberships[0].admittedOn = '2001-03-02';
    file.posts[0].endsOn = '2020-10-01';
    const log = jest.spyOn(console, 'error').mockImplementation(() => {});
    await api.db.query(`ALTER TABLE post ADD CONSTRAINT test_no_same_day CHECK (ends_on IS NULL OR ends_on > starts_on) NOT VALID`);
    try {
      const e: any = await api
        .as(DEMO.admin)
        .request(IMPORT, { dataset: file })
        .catch((x) => x);
      expect(errorCodes(e)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(e.response)).not.toMatch(/test_no_same_day|INSERT|post/);
      expect(log).toHaveBeenCalledWith('internal error:', expect.anything());
    } finally {
      await api.db.query(`ALTER TABLE post DROP CONSTRAINT test_no_same_day`);
      log.mockRestore();
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('answers a retried import with the same idempotency key without importing again', async () => {
    const Q = gql`
      mutation ($dataset: JSONObject!, $key: String) {
        importDataset(input: { dataset: $dataset, idempotencyKey: $key }) {
          replayed
          counts {
            units
          }
          userErrors {
            code
          }
        }
      }
    `;
    const client = api.as(DEMO.admin);
    const first = await client.request<any>(Q, { dataset: dataset('H'), key: 'import-TH-1' });
    expect(first.importDataset).toMatchObject({ replayed: false, counts: { units: 3 }, userErrors: [] });
    const before = await tableCounts();
    const changed: any = dataset('H');
    changed.people[0].fullName = 'Không được ghi';
    const [again, concurrent] = await Promise.all([
      client.request<any>(Q, { dataset: changed, key: 'import-TH-1' }),
      client.request<any>(Q, { dataset: changed, key: 'import-TH-1' }),
    ]);
    expect(again.importDataset).toMatchObject({ replayed: true, counts: { units: 3 } });
    expect(concurrent.importDataset.replayed).toBe(true);
    expect(await tableCounts()).toEqual(before);
    const [row] = await api.db.query(`SELECT full_name FROM person WHERE code = 'TH-P1'`);
    expect(row.full_name).toBe('Lê Thị Hoa');
  });

  it('waits for another recount of the subject tally before writing anything', async () => {
    const { waiting, outcome } = await writtenBeforeRecountLock(api.db, () =>
      api.as(DEMO.admin).request<any>(IMPORT, { dataset: dataset('R') }),
    );
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.map((w) => w.written)).toEqual(waiting.map(() => []));
    expect(outcome.importDataset.userErrors).toEqual([]);
  });

  it('checks without writing on a dry run', async () => {
    const before = await tableCounts();
    const res = await api.as(DEMO.admin).request<any>(IMPORT, { dataset: dataset('F'), dryRun: true });
    expect(res.importDataset).toMatchObject({ dryRun: true, userErrors: [], counts: { units: 3 } });
    expect(await tableCounts()).toEqual(before);
  });
});

describe('dataset import from the command line', () => {
  const run = promisify(execFile);
  const cli = path.join(__dirname, '../../dist/src/cli/import.js');
  const env = { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL };

  it('imports the documented example and reports every problem of a broken one with exit code 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    const example = path.join(__dirname, '../../docs/examples/dataset.yaml');
    const ok = await run('node', [cli, example], { env });
    expect(ok.stdout).toMatch(
      /imported in \d+ ms: units 4, bodies 5, collectives 1, people 3, memberships 3, posts 2, seats 0, cycles 1, deadlines 2, managementLists 0, delegations 2/,
    );
    const again = await run('node', [cli, example, '--dry-run'], { env });
    expect(again.stdout).toContain('valid (dry run, nothing written)');

    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      'version: 1\nposts:\n  - code: X\n    person: NOBODY\n    unit: NOWHERE\n    title: T\n    category: C\n    role: HEAD\n    startsOn: 2024-01-01\n',
    );
    const failed = await run('node', [cli, bad], { env }).then(
      () => null,
      (e) => e,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('2 problem(s); nothing was changed');
    expect(failed.stderr).toContain('posts[0].person: unknown person code "NOBODY"');
    expect(failed.stderr).toContain('posts[0].unit: unknown unit code "NOWHERE"');
  });

  it('leaves the planner statistics of what it wrote, into a database with none', async () => {
    const scratch = await scratchDatabase('import_stats');
    const db = new Client({ connectionString: scratch.url });
    try {
      await run('node', [cli, path.join(__dirname, '../../docs/examples/dataset.yaml')], {
        env: { ...process.env, DATABASE_URL: scratch.url },
      });
      await db.connect();
      // Too few rows for autovacuum to analyze, and some servers run without it: without statistics the ratings page was planned as a nested loop over every subject.
      const analyzed = await db.query(
        `SELECT array_agg(DISTINCT tablename::text ORDER BY tablename::text) AS t FROM pg_stats WHERE tablename IN ('unit', 'person', 'membership', 'post', 'delegation')`,
      );
      expect(analyzed.rows[0].t).toEqual(['delegation', 'membership', 'person', 'post', 'unit']);
    } finally {
      await db.end();
      await scratch.drop();
    }
  });
});
