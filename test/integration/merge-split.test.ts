import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from '../../src/demo/demo-dataset';
import { TALLY_DIFFERENCES } from '../../src/reports/trail-agreement';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, secretaryPost, yearCycle } from '../support/own-dataset';
import { Workflow, ok } from '../support/workflow';
import { dbIdOf } from '../support/ids';

/**
 * Mergers and splits during a cycle (004 §II.7.11): what a merged unit holds passes to the unit it merges into, ratings
 * in progress follow their subjects to the new superior, decided ones stand, the tree before the day still answers.
 * Units of this file's own (codes MS-…): two districts, a commune in each, a branch in each commune.
 */
let api: TestApi;
const CYCLE = 'MS-2026';
const w = () => new Workflow(api, CYCLE);
const admin = () => api.as(DEMO.admin);

const branch = (c: string) => [{ code: `${c}-CB`, name: `Chi bộ ${c}`, kind: 'PARTY_BRANCH', parent: c }];
beforeAll(async () => {
  api = await startTestApi();
  const units = [
    { code: 'MS', name: 'Tỉnh MS', kind: 'PROVINCE' },
    { code: 'MS-D1', name: 'Huyện 1', kind: 'DISTRICT', parent: 'MS' },
    { code: 'MS-D2', name: 'Huyện 2', kind: 'DISTRICT', parent: 'MS' },
    { code: 'MS-C1', name: 'Xã 1', kind: 'COMMUNE', parent: 'MS-D1' },
    { code: 'MS-C2', name: 'Xã 2', kind: 'COMMUNE', parent: 'MS-D2' },
    { code: 'MS-C3', name: 'Xã 3', kind: 'COMMUNE', parent: 'MS-D2' },
    ...branch('MS-C1'),
    ...branch('MS-C2'),
    ...branch('MS-C3'),
  ];
  const bodies = ['MS-C1-CB', 'MS-C2-CB', 'MS-C3-CB'].map((b) => ({
    code: `${b}-TC`,
    name: `Chi bộ ${b}`,
    kind: 'PARTY_ORGANIZATION',
    unit: b,
  }));
  bodies.push(...['MS-C2', 'MS-C3'].map((c) => ({ code: `${c}-DU`, name: `Đảng ủy ${c}`, kind: 'PARTY_EXECUTIVE_COMMITTEE', unit: c })));
  const people = [
    ...[1, 2, 3, 4, 5].map((i) => ({ code: `MS-P${i}`, fullName: `Đảng viên ${i}` })),
    ...['MS-C1-CB', 'MS-C2-CB', 'MS-C3-CB', 'MS-C2', 'MS-C3'].map((u) => ({ code: `${u}-BT`, fullName: `Bí thư ${u}` })),
  ];
  const memberships = [
    ...['MS-P1', 'MS-P2', 'MS-P3', 'MS-C1-CB-BT'].map((person) => ({ person, branch: 'MS-C1-CB' })),
    ...['MS-P4', 'MS-C2-CB-BT', 'MS-C2-BT'].map((person) => ({ person, branch: 'MS-C2-CB' })),
    ...['MS-P5', 'MS-C3-CB-BT', 'MS-C3-BT'].map((person) => ({ person, branch: 'MS-C3-CB' })),
  ].map((m) => ({ ...m, admittedOn: '2010-05-19', status: 'OFFICIAL' }));
  const posts = [
    ...['MS-C1-CB', 'MS-C2-CB', 'MS-C3-CB'].map((b) => secretaryPost(`${b}-BT`, b, `${b}-TC`)),
    ...['MS-C2', 'MS-C3'].map((c) => secretaryPost(`${c}-BT`, c, `${c}-DU`)),
  ];
  const cycles = [yearCycle(CYCLE, 'Sắp xếp tổ chức 2026', 2026)];
  // Each branch decides its own members (366-QĐ/TW Art. 12).
  const delegations = [
    ...['MS-C1-CB', 'MS-C2-CB', 'MS-C3-CB'].map((b) => ({
      code: `${CYCLE}/${b}/members`,
      cycle: CYCLE,
      delegate: `${b}-TC`,
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: b, within: 'SELF' },
      source: '366-QĐ/TW Art. 12',
    })),
  ];
  const res = await admin().request<any>(IMPORT_DATASET, {
    dataset: { version: 1, units, bodies, people, memberships, posts, cycles, delegations },
  });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await api.close();
});

/** The operations as docs/reorganization.md writes them, with its variables. */
const guide = fs.readFileSync(path.join(__dirname, '../../docs/reorganization.md'), 'utf8');
const [MERGE, SPLIT] = [...guide.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
const [MERGE_EXAMPLE, SPLIT_EXAMPLE] = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1]) as Record<string, unknown>,
);
const UNIT = `query($code: String!, $asOf: String) {
  unit(code: $code, asOf: $asOf) { code name dissolvedOn parent { code } ancestors(asOf: $asOf) { code }
    history { validFrom validUntil operation decisionRef parent { code } }
    succession { operation effectiveOn decisionRef predecessor { code } successor { code } } }
}`;
const unit = async (code: string, asOf?: string) => (await admin().request<any>(UNIT, { code, asOf: asOf ?? null })).unit;

const CAN_DECIDE = `query($s: ID!) { canI(cycle: "${CYCLE}", subject: $s, action: decide) { allowed } }`;
const canDecide = async (as: string, member: string) =>
  (await api.as(as).request<any>(CAN_DECIDE, { s: await w().subjectId('PARTY_MEMBER', member) })).canI.allowed as boolean;
const READ = `query($id: ID!) { node(id: $id) { ... on Rating { stage decidedLevel notRatedReason notRatedSource authority { code } } } }`;
const read = async (as: string, id: string) => (await api.as(as).request<any>(READ, { id })).node;

const membersOf = async (b: string) =>
  (
    await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.branch_id WHERE u.code = $1 ORDER BY p.code`,
      [b],
    )
  ).map((r: { code: string }) => r.code);

/** A member's self-assessment and review, as the member. */
async function reviewed(member: string) {
  const r = await w().open(member, 'PARTY_MEMBER', member);
  const criteria = [
    { id: 'P1', points: 30 },
    { id: 'P2', points: 50 },
  ];
  ok(await w().selfAssess(member, r.id, { criteria, selfLevel: 'GOOD', targets: { total: 10, done: 10, exceeded: 3 } }));
  return ok(await w().review(member, r.id, '2026-11-20'));
}

/** The ratings of this file's subjects whose stored stage, level or version differs from what their last audit event says. */
const offTrail = () =>
  api.db.query(
    `SELECT r.subject_code FROM rating r
       LEFT JOIN LATERAL (SELECT e.after FROM audit_event e WHERE e.entity = 'rating' AND e.entity_id = r.id::text AND e.after ? 'stage' ORDER BY e.id DESC LIMIT 1) l ON true
      WHERE r.subject_code LIKE 'MS-%' AND (l.after IS NULL OR r.stage IS DISTINCT FROM l.after ->> 'stage'
         OR r.decided_level IS DISTINCT FROM l.after ->> 'decidedLevel' OR r.version::text IS DISTINCT FROM l.after ->> 'version')`,
  );

/** The tally groups of this file's province that differ from a count of the rows. */
const tallyOff = async () => {
  const [{ path }] = await api.db.query(`SELECT path FROM unit WHERE code = 'MS'`);
  return (await api.db.query(`SELECT count(*)::int AS n FROM (${TALLY_DIFFERENCES}) d WHERE d.unit_path LIKE $1 || '%'`, [path]))[0].n;
};

describe('merging and splitting units during a cycle', () => {
  it('merges a branch into another across districts: ratings in progress follow to the new decider, decided ones stand', async () => {
    // Before: P1 decided by its branch; P2 self-assessed and reviewed; the two branches' organizations opened.
    const p1 = await reviewed('MS-P1');
    expect(ok(await w().decide('MS-C1-CB-BT', p1.id, 'GOOD'))).toMatchObject({ decidedLevel: 'GOOD', authority: { code: 'MS-C1-CB-TC' } });
    const p2 = await reviewed('MS-P2');
    const org1 = await w().open('MS-C1-CB-BT', 'PARTY_ORGANIZATION', 'MS-C1-CB-TC');
    const org2 = await w().open('MS-C2-CB-BT', 'PARTY_ORGANIZATION', 'MS-C2-CB-TC');
    expect([org1.stage, org2.stage]).toEqual(['OPEN', 'OPEN']);
    expect([await canDecide('MS-C1-CB-BT', 'MS-P2'), await canDecide('MS-C2-CB-BT', 'MS-P2')]).toEqual([true, false]);

    const merged = await admin().request<any>(MERGE, MERGE_EXAMPLE);
    expect(merged.mergeUnits).toMatchObject({ unit: { code: 'MS-C2-CB', parent: { code: 'MS-C2' } }, userErrors: [] });
    // The merged branch's organization ended in the one merged into: its quota scope joins that one's, recomputed —
    // P1's GOOD, decided by the body that ended, now counts there (DOMAIN §15.1).
    expect(merged.mergeUnits.quotaScopes).toEqual([
      {
        cycle: CYCLE,
        authority: 'MS-C2-CB-TC',
        office: '',
        subjectKind: 'PARTY_MEMBER',
        peerGroup: null,
        figures: { eligible: 7, good: 1, excellent: 0, maxExcellent: 0, breached: false },
        flagged: 0,
      },
    ]);
    const QUOTA = `query { quota(cycle: "${CYCLE}", authority: "MS-C2-CB-TC", subjectKind: PARTY_MEMBER) { figures { eligible good } } }`;
    expect((await admin().request<any>(QUOTA)).quota.figures).toEqual({ eligible: 7, good: 1 });

    // The members passed to the branch merged into, which decides them from then on; the merged branch's secretary holds
    // his post in it now (until a decision ends it), in the organization merged into.
    expect(await membersOf('MS-C2-CB')).toEqual(['MS-C1-CB-BT', 'MS-C2-BT', 'MS-C2-CB-BT', 'MS-P1', 'MS-P2', 'MS-P3', 'MS-P4']);
    expect([await canDecide('MS-C1-CB-BT', 'MS-P2'), await canDecide('MS-C2-CB-BT', 'MS-P2')]).toEqual([true, true]);
    const [post] = await api.db.query(
      `SELECT u.code AS unit, b.code AS body FROM post po JOIN unit u ON u.id = po.unit_id JOIN body b ON b.id = po.body_id WHERE po.code = 'MS-C1-CB-BT-POST'`,
    );
    expect(post).toEqual({ unit: 'MS-C2-CB', body: 'MS-C2-CB-TC' });
    // P2's rating kept its stage and moved into the new decider's reach; it decides it, with the merged branch's
    // written comment: six months of party activity there in the cycle (004 §II.7.13).
    expect(await read('MS-C2-CB-BT', p2.id)).toMatchObject({ stage: p2.stage });
    const waiting = await w().decide('MS-C2-CB-BT', p2.id, 'GOOD');
    expect(waiting.userErrors).toEqual([
      expect.objectContaining({
        code: 'FACT_MISSING',
        rule: 'member.previous-organization-comment',
        source: '004 §II.7.13',
        figures: expect.objectContaining({ organization: 'Chi bộ MS-C1', months: 6, recordedBy: 'verifyRating' }),
      }),
    ]);
    const previousOrganization = { name: 'Chi bộ MS-C1', months: 6, comment: 'Hoàn thành tốt nhiệm vụ trong 6 tháng sinh hoạt' };
    ok(await w().verify('MS-C2-CB-BT', p2.id, { previousOrganization }));
    expect(ok(await w().decide('MS-C2-CB-BT', p2.id, 'GOOD'))).toMatchObject({ decidedLevel: 'GOOD', authority: { code: 'MS-C2-CB-TC' } });
    // P1's decision stands, under the body that took it, at the branch where it was taken.
    expect(await read(DEMO.admin, p1.id)).toMatchObject({ stage: 'DECIDED', decidedLevel: 'GOOD', authority: { code: 'MS-C1-CB-TC' } });
    const [{ unit: decidedAt }] = await api.db.query(
      `SELECT u.code AS unit FROM rating r JOIN unit u ON u.id = r.unit_id WHERE r.id = $1`,
      [dbIdOf(p1.id)],
    );
    expect(decidedAt).toBe('MS-C1-CB');

    // The merged branch's organization ended: reviewed, not rated; the branch merged into is newly merged (< 6 months before 1/12).
    expect(await read(DEMO.admin, org1.id)).toMatchObject({
      stage: 'NOT_RATED',
      notRatedReason: 'REORGANIZED',
      notRatedSource: '004 §II.7.11',
    });
    expect(await read(DEMO.admin, org2.id)).toMatchObject({ stage: 'NOT_RATED', notRatedReason: 'NEW_ORGANIZATION' });

    // History: the merged branch stood until the day, then ended; both record the merger.
    expect(await unit('MS-C1-CB', '2026-06-30')).toMatchObject({
      code: 'MS-C1-CB',
      ancestors: [{ code: 'MS' }, { code: 'MS-D1' }, { code: 'MS-C1' }],
    });
    expect(await unit('MS-C1-CB', '2026-07-01')).toBeNull();
    const now = await unit('MS-C1-CB');
    expect(now.dissolvedOn).toBe('2026-07-01');
    expect(now.history.at(-1)).toMatchObject({ validUntil: '2026-07-01' });
    const succession = [
      {
        operation: 'MERGE',
        effectiveOn: '2026-07-01',
        decisionRef: '12/QĐ-TU',
        predecessor: { code: 'MS-C1-CB' },
        successor: { code: 'MS-C2-CB' },
      },
    ];
    expect(now.succession).toEqual(succession);
    expect((await unit('MS-C2-CB')).succession).toEqual(succession);

    expect(await offTrail()).toEqual([]);
    expect(await tallyOff()).toBe(0);
  });

  it('lists every problem of a bad merger and changes nothing', async () => {
    const before = await api.db.query(`SELECT count(*)::int AS n FROM unit WHERE code LIKE 'MS%'`);
    const bad = await admin().request<any>(MERGE, {
      i: { units: ['MS-D1', 'MS-NONE', 'MS-D1'], into: 'MS-C2', newUnit: { code: 'MS-C2' }, effectiveOn: '2026-08-01', decisionRef: '' },
    });
    expect(bad.mergeUnits.unit).toBeNull();
    expect(bad.mergeUnits.userErrors.map((e: any) => [e.field.join('.'), e.rule])).toEqual([
      ['input.decisionRef', 'reorganization.decision'],
      ['input.units.1', 'reorganization.unknown-unit'],
      ['input.units.2', 'reorganization.duplicate'],
      ['input.into', 'reorganization.merge-target'],
      ['input.units.0', 'reorganization.kind'],
      ['input.newUnit.code', 'reorganization.code-taken'],
      ['input.newUnit.name', 'reorganization.name'],
    ]);
    expect(bad.mergeUnits.userErrors.every((e: any) => e.code === 'REORGANIZATION_INVALID' && e.source === '004 §II.7.11')).toBe(true);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM unit WHERE code LIKE 'MS%'`)).toEqual(before);
  });

  it('merges two communes into one it founds, through a dataset file: what they hold passes to it, the tree before the day still answers', async () => {
    const res = await admin().request<any>(IMPORT_DATASET, {
      dataset: {
        version: 1,
        reorganizations: [
          {
            operation: 'MERGE',
            units: ['MS-C2', 'MS-C3'],
            newUnit: { code: 'MS-C23', name: 'Xã 23' },
            effectiveOn: '2026-08-01',
            decisionRef: '1680/NQ-UBTVQH15',
          },
          // An operation after it may name the unit it founded.
          { operation: 'RENAME', unit: 'MS-C23', name: 'Xã Hai Ba', effectiveOn: '2026-08-15', decisionRef: '20/NQ-HĐND' },
        ],
      },
    });
    expect(res.importDataset.userErrors).toEqual([]);
    const c23 = await unit('MS-C23');
    expect(c23).toMatchObject({ name: 'Xã Hai Ba', parent: { code: 'MS-D2' }, dissolvedOn: null });
    expect(c23.history[0]).toMatchObject({ validFrom: '2026-08-01', operation: 'MERGE', decisionRef: '1680/NQ-UBTVQH15' });
    expect(c23.succession.map((s: any) => [s.predecessor.code, s.successor.code])).toEqual([
      ['MS-C2', 'MS-C23'],
      ['MS-C3', 'MS-C23'],
    ]);
    expect((await unit('MS-C3-CB', '2026-07-31')).ancestors.map((a: any) => a.code)).toEqual(['MS', 'MS-D2', 'MS-C3']);
    expect((await unit('MS-C3-CB', '2026-08-01')).ancestors.map((a: any) => a.code)).toEqual(['MS', 'MS-D2', 'MS-C23']);
    // The first commune's party committee moved; the second's, of the same kind, ended: its secretary's post passes to the first's.
    const held = await api.db.query(
      `SELECT po.code, u.code AS unit, b.code AS body FROM post po JOIN unit u ON u.id = po.unit_id JOIN body b ON b.id = po.body_id
        WHERE po.code IN ('MS-C2-BT-POST', 'MS-C3-BT-POST') ORDER BY po.code`,
    );
    expect(held).toEqual([
      { code: 'MS-C2-BT-POST', unit: 'MS-C23', body: 'MS-C2-DU' },
      { code: 'MS-C3-BT-POST', unit: 'MS-C23', body: 'MS-C2-DU' },
    ]);
    expect(await tallyOff()).toBe(0);
  });

  it('splits a unit by a list, lists every problem of a bad split, and ends a unit split without itself', async () => {
    const bad = await admin().request<any>(SPLIT, {
      i: {
        unit: 'MS-C23',
        effectiveOn: '2026-09-01',
        decisionRef: '30/NQ',
        parts: [{ code: 'MS-C4', name: 'Xã 4' }, { code: 'MS-C5' }],
        assign: [
          { kind: 'UNIT', code: 'MS-C2-CB', to: 'MS-C4' },
          { kind: 'MEMBER', code: 'MS-P1', to: 'MS-C4' },
          { kind: 'POST', code: 'MS-C2-BT-POST', to: 'MS-C9' },
        ],
      },
    });
    expect(bad.splitUnit.userErrors.map((e: any) => [e.field.join('.'), e.rule])).toEqual([
      ['input.parts.1.name', 'reorganization.name'],
      ['input.assign.1.code', 'reorganization.split-assignment'],
      ['input.assign.2.to', 'reorganization.split-assignment'],
      ['input.assign', 'reorganization.split-unassigned'],
    ]);
    expect(bad.splitUnit.userErrors[3].figures).toEqual({ UNIT: 1, POST: 1, unassigned: 2 });
    expect(await unit('MS-C4')).toBeNull();

    // The commune goes on and gives a branch and its secretary's post to a commune founded from it.
    const split = await admin().request<any>(SPLIT, SPLIT_EXAMPLE);
    expect(split.splitUnit).toMatchObject({
      unit: { code: 'MS-C23' },
      units: [
        { code: 'MS-C23', parent: { code: 'MS-D2' } },
        { code: 'MS-C4', name: 'Xã 4', parent: { code: 'MS-D2' } },
      ],
      userErrors: [],
    });
    expect((await unit('MS-C3-CB')).ancestors.map((a: any) => a.code)).toEqual(['MS', 'MS-D2', 'MS-C4']);
    expect((await unit('MS-C3-CB', '2026-08-31')).ancestors.map((a: any) => a.code)).toEqual(['MS', 'MS-D2', 'MS-C23']);
    expect((await unit('MS-C4')).history[0]).toMatchObject({ validFrom: '2026-09-01', operation: 'SPLIT' });
    expect((await unit('MS-C23')).dissolvedOn).toBeNull();

    // The same rules refuse a file's split, at its paths, the file's own checks first.
    const file = async (reorganizations: object[]) =>
      (await admin().request<any>(IMPORT_DATASET, { dataset: { version: 1, reorganizations } })).importDataset.userErrors.map((e: any) =>
        e.field.slice(2).join('.'),
      );
    const record = { operation: 'SPLIT', unit: 'MS-C4', effectiveOn: '2026-10-01', decisionRef: '40/NQ' };
    expect(await file([{ ...record, assign: [{ kind: 'PERSON', code: 'x', to: 'y' }] }])).toEqual([
      'reorganizations[0].parts',
      'reorganizations[0].assign[0].kind',
    ]);
    expect(
      await file([
        {
          ...record,
          parts: [
            { code: 'MS-C6', name: 'Xã 6' },
            { code: 'MS-C7', name: 'Xã 7' },
          ],
          assign: [{ kind: 'UNIT', code: 'MS-C3-CB', to: 'MS-C8' }],
        },
      ]),
    ).toEqual(['reorganizations[0].assign[0].to', 'reorganizations[0].assign']);
    expect(await unit('MS-C6')).toBeNull();

    // A split that ends the unit must give everything it holds to the parts.
    const ending = await admin().request<any>(SPLIT, {
      i: {
        unit: 'MS-C4',
        effectiveOn: '2026-10-01',
        decisionRef: '40/NQ',
        parts: [
          { code: 'MS-C6', name: 'Xã 6' },
          { code: 'MS-C7', name: 'Xã 7' },
        ],
        assign: [
          { kind: 'UNIT', code: 'MS-C3-CB', to: 'MS-C6' },
          { kind: 'POST', code: 'MS-C3-BT-POST', to: 'MS-C7' },
        ],
      },
    });
    expect(ending.splitUnit.userErrors).toEqual([]);
    expect((await unit('MS-C4')).dissolvedOn).toBe('2026-10-01');
    expect((await unit('MS-C4')).succession.map((s: any) => `${s.predecessor.code} → ${s.successor.code}`)).toEqual([
      'MS-C23 → MS-C4',
      'MS-C4 → MS-C6',
      'MS-C4 → MS-C7',
    ]);
    expect(await tallyOff()).toBe(0);
    expect(await offTrail()).toEqual([]);
  });

  it('runs one of two mergers of the same unit asked at once; the other finds it merged and is refused', async () => {
    const ask = () =>
      admin().request<any>(MERGE, { i: { units: ['MS-C1'], into: 'MS-C23', effectiveOn: '2026-10-15', decisionRef: '50/NQ' } });
    const answers = (await Promise.all([ask(), ask()])).map((a) => a.mergeUnits.userErrors.map((e: any) => e.rule));
    expect(answers.sort()).toEqual([[], ['reorganization.dissolved']]);
    expect((await unit('MS-C1')).succession).toHaveLength(1);
    expect(await tallyOff()).toBe(0);
  });

  it('merges a district with what stands below it: the subtrees moved are counted where they now are', async () => {
    const merged = await admin().request<any>(MERGE, {
      i: { units: ['MS-D2'], into: 'MS-D1', effectiveOn: '2026-11-15', decisionRef: '60/NQ' },
    });
    expect(merged.mergeUnits.userErrors).toEqual([]);
    expect((await unit('MS-C3-CB')).ancestors.map((a: any) => a.code)).toEqual(['MS', 'MS-D1', 'MS-C6']);
    expect(await tallyOff()).toBe(0);
    expect(await offTrail()).toEqual([]);
  });
});
