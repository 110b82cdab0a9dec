import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, config, errorCodes, postRaw, startTestApi } from '../support/api';
import { signDevToken } from '../../src/auth/tokens';
import { Workflow } from '../support/workflow';
import { writtenBeforeRecountLock } from '../support/tally-recount';
import { applyDueReorganizations } from '../../src/services/scheduled-reorganizations';

/**
 * Reorganization during a cycle (004 §II.7.11; 000 §11(2)): a unit transferred, renamed or dissolved from a
 * day by a decision, all or nothing, the tree as of any day kept. Units of this file's own (codes RG-…), so
 * that the demo's tree, which other files use and count meanwhile, does not move.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  const units = [
    { code: 'RG', name: 'Tỉnh RG', kind: 'PROVINCE' },
    { code: 'RG-A', name: 'Thành phố A', kind: 'CITY', parent: 'RG' },
    { code: 'RG-B', name: 'Huyện B', kind: 'DISTRICT', parent: 'RG' },
    { code: 'RG-W', name: 'Phường W', kind: 'WARD', parent: 'RG-A' },
    { code: 'RG-W-CB01', name: 'Chi bộ 1 phường W', kind: 'PARTY_BRANCH', parent: 'RG-W' },
  ];
  const people = [1, 2].map((i) => ({ code: `RG-P${i}`, fullName: `Đảng viên ${i}` }));
  const memberships = people.map((p) => ({ person: p.code, branch: 'RG-W-CB01', admittedOn: '2010-05-19', status: 'OFFICIAL' }));
  const res = await api.as(DEMO.admin).request<any>(IMPORT, { dataset: { version: 1, units, people, memberships } });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await api.close();
});

const IMPORT = `mutation($dataset: JSONObject!) { importDataset(input: { dataset: $dataset }) { userErrors { code field message } } }`;
const PAYLOAD = `unit { code name parent { code } ancestors { code } } scheduled { operation effectiveOn } userErrors { code field message rule source }`;
const TRANSFER = `mutation($i: TransferUnitInput!) { transferUnit(input: $i) { ${PAYLOAD} } }`;
const RENAME = `mutation($i: RenameUnitInput!) { renameUnit(input: $i) { ${PAYLOAD} } }`;
const DISSOLVE = `mutation($i: ReorganizeUnitInput!) { dissolveUnit(input: $i) { ${PAYLOAD} } }`;
const AS_OF = `query($code: String!, $asOf: String) {
  unit(code: $code, asOf: $asOf) { code name parent { code } ancestors(asOf: $asOf) { code } children(first: 20, asOf: $asOf) { nodes { code } } }
}`;
const HISTORY = `query($code: String!) { unit(code: $code) { history { validFrom validUntil name operation decisionRef parent { code } } } }`;

const admin = () => api.as(DEMO.admin);
const asOf = async (code: string, day?: string) => (await admin().request<any>(AS_OF, { code, asOf: day ?? null })).unit;
const history = async (code: string) => (await admin().request<any>(HISTORY, { code })).unit.history;

describe('reorganizing the tree during a cycle', () => {
  it('records each imported unit’s first version', async () => {
    expect(await history('RG-W')).toEqual([
      { validFrom: '1900-01-01', validUntil: null, name: 'Phường W', operation: 'FOUNDED', decisionRef: null, parent: { code: 'RG-A' } },
    ]);
  });

  it('transfers a ward with its subtree from a day: the tree before and after that day both answer, nothing rewritten', async () => {
    const moved = await admin().request<any>(TRANSFER, {
      i: { unit: 'RG-W', newParent: 'RG-B', effectiveOn: '2025-07-01', decisionRef: '1234/QĐ-UBTVQH15' },
    });
    expect(moved.transferUnit).toEqual({
      unit: { code: 'RG-W', name: 'Phường W', parent: { code: 'RG-B' }, ancestors: [{ code: 'RG' }, { code: 'RG-B' }] },
      scheduled: null,
      userErrors: [],
    });
    const before = await asOf('RG-W', '2025-06-30');
    expect(before.parent.code).toBe('RG-A');
    expect(before.ancestors.map((a: any) => a.code)).toEqual(['RG', 'RG-A']);
    expect((await asOf('RG-W', '2025-07-01')).ancestors.map((a: any) => a.code)).toEqual(['RG', 'RG-B']);
    // The branch below moved with it, from the same day.
    expect((await asOf('RG-W-CB01', '2025-06-30')).ancestors.map((a: any) => a.code)).toEqual(['RG', 'RG-A', 'RG-W']);
    expect((await asOf('RG-W-CB01')).ancestors.map((a: any) => a.code)).toEqual(['RG', 'RG-B', 'RG-W']);
    expect((await asOf('RG-A', '2025-06-30')).children.nodes.map((c: any) => c.code)).toEqual(['RG-W']);
    expect((await asOf('RG-A', '2025-07-01')).children.nodes).toEqual([]);
    expect((await asOf('RG-B', '2025-07-01')).children.nodes.map((c: any) => c.code)).toEqual(['RG-W']);
    expect(await history('RG-W')).toEqual([
      {
        validFrom: '1900-01-01',
        validUntil: '2025-07-01',
        name: 'Phường W',
        operation: 'FOUNDED',
        decisionRef: null,
        parent: { code: 'RG-A' },
      },
      {
        validFrom: '2025-07-01',
        validUntil: null,
        name: 'Phường W',
        operation: 'TRANSFER',
        decisionRef: '1234/QĐ-UBTVQH15',
        parent: { code: 'RG-B' },
      },
    ]);
    const [event] = await api.db.query(`SELECT after FROM audit_event WHERE action = 'transferUnit' ORDER BY id DESC LIMIT 1`);
    expect(event.after).toEqual({ unit: 'RG-W', newParent: 'RG-B', effectiveOn: '2025-07-01', decisionRef: '1234/QĐ-UBTVQH15' });
  });

  it('keeps last year’s summary table on last year’s tree, and regroups it on today’s when asked', async () => {
    const [{ id }] = await api.db.query(`SELECT id FROM unit WHERE code = 'RG'`);
    const TABLE = `query($within: ID!, $today: Boolean!) {
      summaryTable(cycle: "2024", within: $within, kind: PARTY_MEMBER, regroupOnToday: $today) { asOf rows { unit { code } total } }
    }`;
    const within = Buffer.from(`Unit:${id}`).toString('base64url');
    const totals = async (today: boolean) => {
      const t = (await admin().request<any>(TABLE, { within, today })).summaryTable;
      return {
        asOf: t.asOf,
        rows: Object.fromEntries(t.rows.map((r: any) => [r.unit.code, r.total])),
      };
    };
    // The ward moved on 1/7/2025: at the 2024 cycle's reference date its two members counted under RG-A.
    expect(await totals(false)).toEqual({ asOf: '2024-12-01', rows: { 'RG-A': 2, 'RG-B': 0 } });
    expect(await totals(true)).toEqual({ asOf: null, rows: { 'RG-A': 0, 'RG-B': 2 } });
  });

  it('lists the ward under the city it stood in on the reference date, and under today’s city when regrouped', async () => {
    const TABLE = `query($within: ID!, $today: Boolean!) {
      summaryTable(cycle: "2024", within: $within, kind: PARTY_MEMBER, regroupOnToday: $today) { rows { unit { code } total } }
    }`;
    const rows = async (city: string, today: boolean) => {
      const [{ id }] = await api.db.query(`SELECT id FROM unit WHERE code = $1`, [city]);
      const within = Buffer.from(`Unit:${id}`).toString('base64url');
      const t = (await admin().request<any>(TABLE, { within, today })).summaryTable;
      return Object.fromEntries(t.rows.map((r: any) => [r.unit.code, r.total]));
    };
    expect((await rows('RG-A', false))['RG-W']).toBe(2);
    expect((await rows('RG-B', false))['RG-W']).toBeUndefined();
    expect((await rows('RG-A', true))['RG-W']).toBeUndefined();
    expect((await rows('RG-B', true))['RG-W']).toBe(2);
  });

  it('counts last year’s report within a city on last year’s tree, and on today’s when asked', async () => {
    const REPORT = `query($within: ID!, $today: Boolean!) {
      report(cycle: "2024", within: $within, asOf: "2024-12-31", regroupOnToday: $today) { levels { kind level count } }
    }`;
    const members = async (code: string, today: boolean) => {
      const [{ id }] = await api.db.query(`SELECT id FROM unit WHERE code = $1`, [code]);
      const within = Buffer.from(`Unit:${id}`).toString('base64url');
      const { levels } = (await admin().request<any>(REPORT, { within, today })).report;
      return levels.filter((l: any) => l.kind === 'PARTY_MEMBER').reduce((n: number, l: any) => n + l.count, 0);
    };
    // At the 2024 reference date the ward (and its two members) stood in RG-A; it moved to RG-B on 1/7/2025.
    expect([await members('RG-A', false), await members('RG-B', false)]).toEqual([2, 0]);
    expect([await members('RG-A', true), await members('RG-B', true)]).toEqual([0, 2]);
  });

  it('counts last year’s lateness and deadlines within a city on last year’s tree too', async () => {
    const LATE = `query($within: ID!, $today: Boolean!) {
      report(cycle: "2024", within: $within, asOf: "2024-12-31", regroupOnToday: $today) { late deadlines { task tier notMet } }
    }`;
    const late = async (code: string, today: boolean) => {
      const [{ id }] = await api.db.query(`SELECT id FROM unit WHERE code = $1`, [code]);
      const { report } = await admin().request<any>(LATE, { within: Buffer.from(`Unit:${id}`).toString('base64url'), today });
      const notMet = report.deadlines.filter((d: any) => d.task === 'RATING_DONE').reduce((n: number, d: any) => n + d.notMet, 0);
      return [report.late, notMet];
    };
    // The two members were never rated in 2024: late where they stood then, and nowhere else.
    expect([await late('RG-A', false), await late('RG-B', false)]).toEqual([
      [2, 2],
      [0, 0],
    ]);
    expect([await late('RG-A', true), await late('RG-B', true)]).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });

  it('lists every problem of a bad request and changes nothing', async () => {
    const versions = async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM unit_version v JOIN unit u ON u.id = v.unit_id WHERE u.code LIKE 'RG%'`))[0].n;
    const n = await versions();
    const bad = await admin().request<any>(TRANSFER, {
      i: { unit: 'RG-B', newParent: 'RG-W', effectiveOn: '2099-01-01', decisionRef: ' ' },
    });
    expect(bad.transferUnit.unit).toBeNull();
    // Dated ahead, it is rehearsed as if its day had come: every problem found then is listed, nothing kept.
    expect(bad.transferUnit.userErrors.map((e: any) => [e.code, e.field.join('.'), e.rule, e.source])).toEqual([
      ['REORGANIZATION_INVALID', 'input.decisionRef', 'reorganization.decision', '004 §II.7.11'],
      ['REORGANIZATION_INVALID', 'input.newParent', 'reorganization.cycle', '004 §II.7.11'],
    ]);
    expect(bad.transferUnit.scheduled).toBeNull();
    const overlapping = await admin().request<any>(TRANSFER, {
      i: { unit: 'RG-W', newParent: 'RG-A', effectiveOn: '2025-06-01', decisionRef: 'x' },
    });
    // The ward and its branch both changed on 1/7: a transfer from 1/6 would rewrite what followed.
    expect(overlapping.transferUnit.userErrors).toEqual([
      expect.objectContaining({ code: 'REORGANIZATION_INVALID', field: ['input', 'effectiveOn'], rule: 'reorganization.overlap' }),
      expect.objectContaining({ rule: 'reorganization.overlap', message: expect.stringContaining('RG-W-CB01') }),
    ]);
    expect(await versions()).toBe(n);
    expect((await asOf('RG-W')).parent.code).toBe('RG-B');
  });

  it('is for administrators: a secretary is refused', async () => {
    const e = await api
      .as(DEMO.citySecretary)
      .request(RENAME, { i: { unit: 'RG-W', name: 'x', effectiveOn: '2025-08-01', decisionRef: 'x' } })
      .catch((x) => x);
    expect(errorCodes(e)).toEqual(['FORBIDDEN']);
  });

  it('renames from a day, and dissolves only an empty unit', async () => {
    const renamed = await admin().request<any>(RENAME, {
      i: { unit: 'RG-W', name: 'Phường W mới', effectiveOn: '2025-08-01', decisionRef: '56/NQ-HĐND' },
    });
    expect(renamed.renameUnit.unit.name).toBe('Phường W mới');
    expect((await asOf('RG-W', '2025-07-31')).name).toBe('Phường W');
    expect((await asOf('RG-W', '2025-08-01')).name).toBe('Phường W mới');

    const refused = await admin().request<any>(DISSOLVE, { i: { unit: 'RG-B', effectiveOn: '2025-09-01', decisionRef: 'x' } });
    expect(refused.dissolveUnit.userErrors).toEqual([
      expect.objectContaining({
        code: 'REORGANIZATION_INVALID',
        rule: 'reorganization.dissolve-live',
        message: expect.stringContaining('RG-W'),
      }),
    ]);
    const dissolved = await admin().request<any>(DISSOLVE, { i: { unit: 'RG-A', effectiveOn: '2025-09-01', decisionRef: '78/NQ' } });
    expect(dissolved.dissolveUnit.userErrors).toEqual([]);
    expect(await asOf('RG-A', '2025-08-31')).not.toBeNull();
    expect(await asOf('RG-A', '2025-09-01')).toBeNull();
    expect((await history('RG-A')).at(-1)).toMatchObject({ validUntil: '2025-09-01' });
  });

  it('applies the reorganizations a dataset file lists, by the same rules, and refuses the whole file on one bad one', async () => {
    const IMPORT_FULL = `mutation($dataset: JSONObject!) { importDataset(input: { dataset: $dataset }) { userErrors { code field message } } }`;
    const ok = await admin().request<any>(IMPORT_FULL, {
      dataset: {
        version: 1,
        reorganizations: [
          { operation: 'RENAME', unit: 'RG-W', name: 'Phường W (2)', effectiveOn: '2025-10-01', decisionRef: '90/NQ-HĐND' },
        ],
      },
    });
    expect(ok.importDataset.userErrors).toEqual([]);
    expect((await history('RG-W')).at(-1)).toMatchObject({
      name: 'Phường W (2)',
      validFrom: '2025-10-01',
      operation: 'RENAME',
      decisionRef: '90/NQ-HĐND',
    });

    const versions = async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM unit_version v JOIN unit u ON u.id = v.unit_id WHERE u.code LIKE 'RG%'`))[0].n;
    const n = await versions();
    const refused = await admin().request<any>(IMPORT_FULL, {
      dataset: {
        version: 1,
        units: [{ code: 'RG-W-CB01', name: 'Chi bộ 1 (đổi tên)', kind: 'PARTY_BRANCH', parent: 'RG-W' }],
        reorganizations: [
          { operation: 'TRANSFER', unit: 'RG-B', newParent: 'RG-W', effectiveOn: '2025-11-01', decisionRef: 'x' },
          { operation: 'TRANSFER', unit: 'RG-W', effectiveOn: '2025-11-01', decisionRef: 'x' },
        ],
      },
    });
    // The second record is caught by the file's own check; the first by the rules of a transfer once written: both refuse it.
    expect(refused.importDataset.userErrors.map((e: any) => e.field.slice(2).join('.'))).toEqual(['reorganizations[1].newParent']);
    const cycle = await admin().request<any>(IMPORT_FULL, {
      dataset: {
        version: 1,
        units: [{ code: 'RG-W-CB01', name: 'Chi bộ 1 (đổi tên)', kind: 'PARTY_BRANCH', parent: 'RG-W' }],
        reorganizations: [{ operation: 'TRANSFER', unit: 'RG-B', newParent: 'RG-W', effectiveOn: '2025-11-01', decisionRef: 'x' }],
      },
    });
    // Every problem of the operation, each at its field: under itself, and after the branch's renaming by this very file (today).
    expect(cycle.importDataset.userErrors.map((e: any) => [e.code, e.field.slice(2).join('.')]).sort()).toEqual([
      ['IMPORT_INVALID', 'reorganizations[0].effectiveOn'],
      ['IMPORT_INVALID', 'reorganizations[0].newParent'],
    ]);
    // Nothing of either file was written: the branch keeps its name, the tree its versions.
    expect((await asOf('RG-W-CB01')).name).toBe('Chi bộ 1 phường W');
    expect(await versions()).toBe(n);
  });

  it('gives units written around the import their first version once, when two imports run at once', async () => {
    // Units another writer put in (the generator, SQL by hand) have no history yet: the next imports give them one.
    await api.db.query(
      `INSERT INTO unit (code, name, kind, parent_id, path, depth)
       SELECT 'RG-Z' || g, 'Đơn vị ' || g, 'AGENCY', (SELECT id FROM unit WHERE code = 'RG'), '/', 0 FROM generate_series(1, 40) g`,
    );
    // With their paths right, so that neither import's path refresh touches (and so serializes on) their rows.
    await api.db.query(
      `UPDATE unit SET path = p.path || unit.id || '/', depth = p.depth + 1 FROM unit p WHERE p.code = 'RG' AND unit.code LIKE 'RG-Z%'`,
    );
    const results = await Promise.all(
      [1, 2].map((i) => admin().request<any>(IMPORT, { dataset: { version: 1, people: [{ code: `RG-Q${i}`, fullName: `Người ${i}` }] } })),
    );
    expect(results.map((r) => r.importDataset.userErrors)).toEqual([[], []]);
    const counts = await api.db.query(
      `SELECT count(v.id)::int AS n FROM unit u LEFT JOIN unit_version v ON v.unit_id = u.id WHERE u.code LIKE 'RG-Z%' GROUP BY u.id`,
    );
    expect(counts).toHaveLength(40);
    expect(counts.every((c: { n: number }) => c.n === 1)).toBe(true);
  });

  it('keeps history when an import moves or renames a unit: a version from the day of the import', async () => {
    const res = await admin().request<any>(IMPORT, {
      dataset: { version: 1, units: [{ code: 'RG-B', name: 'Huyện B (đổi tên)', kind: 'DISTRICT', parent: 'RG' }] },
    });
    expect(res.importDataset.userErrors).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const versions = await history('RG-B');
    expect(versions.at(-2)).toMatchObject({ name: 'Huyện B', validUntil: today });
    expect(versions.at(-1)).toMatchObject({ name: 'Huyện B (đổi tên)', validFrom: today, validUntil: null, operation: 'IMPORT' });
  });

  it('refuses a change dated before a cycle its units are rated in: the tree those ratings were made on stays', async () => {
    const cycle = { code: 'RG-2026', name: 'Sắp xếp RG 2026', year: 2026, period: 'YEAR', startsOn: '2026-01-01', endsOn: '2026-12-31' };
    const imported = await admin().request<any>(IMPORT, {
      dataset: { version: 1, cycles: [{ ...cycle, referenceDate: '2026-12-01', rulePack: 'QD366-2025' }] },
    });
    expect(imported.importDataset.userErrors).toEqual([]);
    await new Workflow(api, 'RG-2026').open(DEMO.admin, 'PARTY_MEMBER', 'RG-P1');

    const early = await admin().request<any>(RENAME, {
      i: { unit: 'RG-W', name: 'Phường W (3)', effectiveOn: '2025-12-15', decisionRef: '91/NQ-HĐND' },
    });
    expect(early.renameUnit.userErrors).toEqual([
      expect.objectContaining({
        code: 'REORGANIZATION_INVALID',
        field: ['input', 'effectiveOn'],
        rule: 'reorganization.before-cycle',
        source: '004 §II.7.11',
      }),
    ]);
    expect(early.renameUnit.userErrors[0].message).toContain('RG-2026');
    // Its parent is refused too (a member below it is rated); a day in the cycle is not.
    const parent = await admin().request<any>(TRANSFER, {
      i: { unit: 'RG-B', newParent: 'RG-A', effectiveOn: '2025-12-20', decisionRef: 'x' },
    });
    expect(parent.transferUnit.userErrors.map((e: any) => e.rule)).toContain('reorganization.before-cycle');
    const inCycle = await admin().request<any>(RENAME, {
      i: { unit: 'RG-W', name: 'Phường W (3)', effectiveOn: '2026-02-01', decisionRef: '91/NQ-HĐND' },
    });
    expect(inCycle.renameUnit).toMatchObject({ unit: { name: 'Phường W (3)' }, userErrors: [] });
  });
});

describe('reorganizations decided ahead of their day', () => {
  const SCHEDULED = `query { scheduledReorganizations(all: true) { operation effectiveOn decisionRef record appliedAt problems { rule field } } }`;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const ours = async () =>
    (await admin().request<any>(SCHEDULED)).scheduledReorganizations.filter((x: any) => String(x.decisionRef).startsWith('RG-S/'));

  it('keeps an operation dated ahead, changes nothing until its day, then applies it by the same rules — or records why it cannot', async () => {
    const units = [
      { code: 'RG-S1', name: 'Huyện S1', kind: 'DISTRICT', parent: 'RG' },
      { code: 'RG-S2', name: 'Huyện S2', kind: 'DISTRICT', parent: 'RG' },
      { code: 'RG-S3', name: 'Xã S3', kind: 'COMMUNE', parent: 'RG-S1' },
    ];
    expect((await admin().request<any>(IMPORT, { dataset: { version: 1, units } })).importDataset.userErrors).toEqual([]);
    const tomorrow = day(1);
    const moved = await admin().request<any>(TRANSFER, {
      i: { unit: 'RG-S3', newParent: 'RG-S2', effectiveOn: tomorrow, decisionRef: 'RG-S/1' },
    });
    expect(moved.transferUnit).toMatchObject({ unit: null, scheduled: { operation: 'TRANSFER', effectiveOn: tomorrow }, userErrors: [] });
    // Valid today (the district is empty); on the day, after the transfer, it holds the commune.
    const ended = await admin().request<any>(DISSOLVE, { i: { unit: 'RG-S2', effectiveOn: tomorrow, decisionRef: 'RG-S/2' } });
    expect(ended.dissolveUnit.scheduled).toMatchObject({ operation: 'DISSOLVE' });
    expect((await asOf('RG-S3')).parent.code).toBe('RG-S1');
    expect((await history('RG-S3')).map((v: any) => v.operation)).toEqual(['FOUNDED']);
    expect(await ours()).toEqual([
      expect.objectContaining({ operation: 'DISSOLVE', appliedAt: null, problems: [] }),
      expect.objectContaining({
        operation: 'TRANSFER',
        appliedAt: null,
        record: expect.objectContaining({ unit: 'RG-S3', newParent: 'RG-S2', effectiveOn: tomorrow }),
      }),
    ]);

    // Its day comes (as every replica checks each minute): one applied, one refused by what the first did.
    expect(await applyDueReorganizations(api.db, tomorrow)).toEqual({ applied: 1, refused: 1 });
    expect((await asOf('RG-S3', tomorrow)).ancestors.map((a: any) => a.code)).toEqual(['RG', 'RG-S2']);
    expect((await asOf('RG-S3', day(0))).parent.code).toBe('RG-S1');
    const [dissolve, transfer] = await ours();
    expect(transfer).toMatchObject({ appliedAt: expect.any(String), problems: [] });
    expect(dissolve).toMatchObject({
      appliedAt: expect.any(String),
      problems: [{ rule: 'reorganization.dissolve-live', field: ['input', 'unit'] }],
    });
    expect((await asOf('RG-S2')).code).toBe('RG-S2');
    // Nothing is applied twice.
    expect(await applyDueReorganizations(api.db, tomorrow)).toEqual({ applied: 0, refused: 0 });
  });

  it('answers the operations of the days asked for, and refuses more than 500 rather than cut the list', async () => {
    const LIST = `query($from: String, $to: String) { scheduledReorganizations(from: $from, to: $to) { effectiveOn decisionRef } }`;
    await api.db.query(
      `INSERT INTO scheduled_reorganization (operation, record, effective_on, decision_ref)
       SELECT 'RENAME', '{}'::jsonb, CASE WHEN n = 0 THEN DATE '2999-01-02' ELSE DATE '2999-01-01' END, 'RG-MANY/' || n
         FROM generate_series(0, 501) n`,
    );
    try {
      const refused = await postRaw(api.url, JSON.stringify({ query: LIST, variables: { from: '2999-01-01', to: '2999-01-01' } }), {
        authorization: `Bearer ${signDevToken(DEMO.admin, config)}`,
      });
      expect(refused.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from', figures: { max: 500 } });
      expect((await admin().request<any>(LIST, { from: '2999-01-02' })).scheduledReorganizations).toEqual([
        { effectiveOn: '2999-01-02', decisionRef: 'RG-MANY/0' },
      ]);
      const wrong = await postRaw(api.url, JSON.stringify({ query: LIST, variables: { from: '2999-13-01' } }), {
        authorization: `Bearer ${signDevToken(DEMO.admin, config)}`,
      });
      expect(wrong.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    } finally {
      await api.db.query(`DELETE FROM scheduled_reorganization WHERE decision_ref LIKE 'RG-MANY/%'`);
    }
  });
});

describe('a reorganization beside another recount of the subject tally', () => {
  it('waits for it before writing anything, then goes through', async () => {
    const units = [{ code: 'RG-L', name: 'Huyện L', kind: 'DISTRICT', parent: 'RG' }];
    expect((await admin().request<any>(IMPORT, { dataset: { version: 1, units } })).importDataset.userErrors).toEqual([]);
    const { waiting, outcome } = await writtenBeforeRecountLock(api.db, () =>
      admin().request<any>(RENAME, { i: { unit: 'RG-L', name: 'Huyện L mới', effectiveOn: '2025-08-01', decisionRef: '57/NQ-HĐND' } }),
    );
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.map((w) => w.written)).toEqual(waiting.map(() => []));
    expect(outcome.renameUnit).toMatchObject({ unit: { name: 'Huyện L mới' }, userErrors: [] });
  });
});
