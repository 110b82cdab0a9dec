import { gql } from 'graphql-request';
import { EntityManager } from 'typeorm';
import { verifyAuditChain } from '../../src/services/audit-log';
import { TestApi, startTestApi } from '../support/api';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, MEMBER_CRITERIA, Workflow, ok, plainMembers, secretaryOfBranchOf } from '../support/workflow';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });


describe('a branch rating its members, decided by the ward party committee', () => {
  it('decides GOOD first, then EXCELLENT within 20% of the GOOD pool, refusing the one too many with the figures', async () => {
    const w = new Workflow(api, '2024');
    const members = await plainMembers(api, 'HT-TP-ND', 12);
    const ratings: string[] = [];
    for (const m of members) {
      const r = await w.prepared(m, 'PARTY_MEMBER', m, MEMBER_CRITERIA, FULL_TARGETS);
      const proposed = ok(await w.propose(await secretaryOfBranchOf(api, m), r.id, 'GOOD', { convened: 10, excellent: 1, good: 8, complete: 1 }));
      expect(proposed.proposedLevel).toBe('GOOD');
      ratings.push(r.id);
    }
    for (const id of ratings.slice(0, 9)) expect(ok(await w.decide('HT-TP-ND-BT', id, 'GOOD')).decidedLevel).toBe('GOOD');
    const tenth = ok(await w.decide('HT-TP-ND-BT', ratings[9], 'EXCELLENT'));
    expect(tenth).toMatchObject({ decidedLevel: 'EXCELLENT', ceiling: 'EXCELLENT', authority: { code: 'HT-TP-ND-DB' }, delegation: { code: '2024/HT-TP-ND/members', source: '004 §II.4.3' } });
    ok(await w.decide('HT-TP-ND-BT', ratings[10], 'EXCELLENT'));
    const refused = await w.decide('HT-TP-ND-BT', ratings[11], 'EXCELLENT');
    expect(refused.rating).toBeNull();
    expect(refused.userErrors).toEqual([{
      code: 'QUOTA_EXCEEDED', field: ['input', 'level'], rule: 'quota.excellent-share', source: '004 §II.5.2.1; 000 §4',
      message: expect.stringContaining('good 12, max 2, excellent would be 3'),
      figures: expect.objectContaining({ good: 12, maxExcellent: 2, excellent: 3 }),
    }]);
    expect(ok(await w.decide('HT-TP-ND-BT', ratings[11], 'GOOD')).decidedLevel).toBe('GOOD');
  });

  it('refuses a decision by someone without the authority, and one before the review', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-BH-CB02', 1);
    const r = await w.open(m, 'PARTY_MEMBER', m);
    ok(await w.selfAssess(m, r.id, { criteria: MEMBER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    expect((await w.decide('HT-TP-BH-BT', r.id, 'GOOD')).userErrors[0].code).toBe('REVIEW_NOT_HELD');
    ok(await w.review(m, r.id));
    expect((await w.decide('HT-TP-ND-BT', r.id, 'GOOD')).userErrors[0].code).toBe('NOT_AUTHORIZED');
    expect((await w.decide(m, r.id, 'GOOD')).userErrors[0].code).toBe('NOT_AUTHORIZED');
    expect(ok(await w.decide('HT-TP-BH-BT', r.id, 'GOOD')).stage).toBe('DECIDED');
  });

  it('rates a branch only after its members, and counts their levels (004 §II.5.1; DOMAIN §10)', async () => {
    const w = new Workflow(api, '2024');
    const branch = 'HT-TP-TP-CB01';
    const secretary = `${branch}-BT`;
    const r = await w.prepared(secretary, 'PARTY_ORGANIZATION', `${branch}-CB`, COLLECTIVE_CRITERIA);
    const early = await w.decide('HT-TP-TP-BT', r.id, 'GOOD');
    expect(early.userErrors[0]).toMatchObject({ code: 'ORDER_PREREQUISITE', rule: 'order.members-before-organization' });
  });
});

describe('leaders and collectives under the city matrix', () => {
  it('the standing committee decides a UBND vice-chair only after the UBND leadership, capped by the civil-service level', async () => {
    const w = new Workflow(api, '2024');
    const leader = await w.prepared('HT-TP-PCTUBND1', 'LEADER', 'HT-TP-PCTUBND1', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-TP-BTC-TB', leader.id, { civilServiceLevel: 'GOOD' }));
    const early = await w.decide('HT-TP-BT', leader.id, 'GOOD');
    expect(early.userErrors[0]).toMatchObject({ code: 'ORDER_PREREQUISITE', rule: 'order.collective-before-leaders', source: '004 §II.7.3' });

    const collective = await w.prepared('HT-TP-CTUBND', 'LEADERSHIP_COLLECTIVE', 'HT-TP-UBND-LD', COLLECTIVE_CRITERIA);
    ok(await w.verify('HT-TP-BTC-TB', collective.id));
    expect(ok(await w.decide('HT-TP-BT', collective.id, 'GOOD')).authority.code).toBe('HT-TP-BTV');

    const tooHigh = await w.decide('HT-TP-BT', leader.id, 'EXCELLENT');
    expect(tooHigh.userErrors.map((e: any) => e.rule)).toEqual(expect.arrayContaining(['individual.civil-service-level']));
    expect(tooHigh.userErrors[0].code).toBe('CEILING_EXCEEDED');
    expect(ok(await w.decide('HT-TP-BT', leader.id, 'GOOD'))).toMatchObject({ decidedLevel: 'GOOD', ceiling: 'GOOD', delegation: { source: '004 §II.6.2.1' } });
  });

  it('the UBND chair decides a department head (group 2), who is capped by the unit (004 §II.7.15)', async () => {
    const w = new Workflow(api, '2024');
    const unit = await w.prepared('HT-TP-PTNMT-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PTNMT-LDTT', COLLECTIVE_CRITERIA);
    ok(await w.verify('HT-TP-PNV-TP', unit.id));
    expect((await w.decide('HT-TP-BT', unit.id, 'GOOD')).userErrors[0].code).toBe('NOT_AUTHORIZED');
    expect(ok(await w.decide('HT-TP-CTUBND', unit.id, 'COMPLETE'))).toMatchObject({ authority: { code: 'HT-TP-UBND' }, delegation: { source: '004 §II.6.2.2(2)' } });
    const head = await w.prepared('HT-TP-PTNMT-TP', 'LEADER', 'HT-TP-PTNMT-TP', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-TP-PNV-TP', head.id, { civilServiceLevel: 'EXCELLENT' }));
    const capped = await w.decide('HT-TP-CTUBND', head.id, 'GOOD');
    expect(capped.userErrors).toContainEqual(expect.objectContaining({ code: 'CEILING_EXCEEDED', rule: 'head.cap', source: '004 §II.7.15' }));
    const override = ok(await w.decide('HT-TP-CTUBND', head.id, 'GOOD', { overrideReason: 'Chuyển đến từ đơn vị khác; kết luận của Ban Thường vụ' }));
    expect(override).toMatchObject({ decidedLevel: 'GOOD', ceiling: 'COMPLETE' });
  });

  it('2023 vs 2024: a transferred-in head of a GOOD unit, EXCELLENT professionally, meets the 2023 clause but not the 2024 one', async () => {
    for (const cycle of ['2023', '2024']) {
      const w = new Workflow(api, cycle);
      const unit = await w.prepared('HT-TP-PGDDT-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PGDDT-LDTT', COLLECTIVE_CRITERIA);
      ok(await w.verify('HT-TP-PNV-TP', unit.id));
      ok(await w.decide('HT-TP-CTUBND', unit.id, 'GOOD'));
      const head = await w.prepared('HT-TP-PGDDT-TP', 'LEADER', 'HT-TP-PGDDT-TP', LEADER_CRITERIA, FULL_TARGETS);
      ok(await w.verify('HT-TP-PNV-TP', head.id, { civilServiceLevel: 'EXCELLENT', unitProfessionalLevel: 'EXCELLENT', transferredInUnconnected: true }));
      const excellent = await w.decide('HT-TP-CTUBND', head.id, 'EXCELLENT');
      if (cycle === '2023') {
        // The 2023 clause is met; what stops EXCELLENT is only the quota of the group (no GOOD pool yet).
        expect(excellent.userErrors[0]).toMatchObject({ code: 'QUOTA_EXCEEDED', rule: 'quota.excellent-share' });
      } else {
        expect(excellent.userErrors[0]).toMatchObject({ code: 'CEILING_EXCEEDED', rule: 'head.excellent.unit-rated', source: '000 §11(4)' });
      }
    }
  });
});

describe('the district matrix with its mandatory consultation (seed 003 §II.5.2)', () => {
  it('cannot decide the district HĐND chair before the provincial HĐND party delegation gives its opinion', async () => {
    const w = new Workflow(api, '2024');
    const standing = await w.prepared('HT-CL-CTHDND', 'LEADERSHIP_COLLECTIVE', 'HT-CL-TTHDND-TT', COLLECTIVE_CRITERIA);
    ok(await w.verify('HT-CL-BTC-TB', standing.id));
    ok(await w.decide('HT-CL-BT', standing.id, 'GOOD'));
    const chair = await w.prepared('HT-CL-CTHDND', 'LEADER', 'HT-CL-CTHDND', LEADER_CRITERIA, FULL_TARGETS);
    const verified = ok(await w.verify('HT-CL-BTC-TB', chair.id, { civilServiceLevel: 'GOOD' }));
    expect(verified.consultations).toEqual([expect.objectContaining({ source: '003 §II.5.2', opinionLevel: null, body: { code: 'HT-DDHDND' } })]);
    const early = await w.decide('HT-CL-BT', chair.id, 'GOOD');
    expect(early.userErrors[0]).toMatchObject({ code: 'CONSULTATION_MISSING', rule: 'consultation.required', source: '003 §II.5.2', figures: expect.objectContaining({ body: 'HT-DDHDND' }) });
    expect((await w.opinion('HT-CTUBND', verified.consultations[0].id, 'GOOD')).userErrors[0].code).toBe('NOT_AUTHORIZED');
    ok(await w.opinion('HT-PCTHDND', verified.consultations[0].id, 'COMPLETE'));
    expect((await w.decide('HT-CL-BT', chair.id, 'GOOD')).userErrors[0].code).toBe('DEVIATION_REASON_MISSING');
    const decided = ok(await w.decide('HT-CL-BT', chair.id, 'GOOD', { deviations: [{ consultation: verified.consultations[0].id, reason: 'Kết quả lãnh đạo HĐND vượt kế hoạch' }] }));
    expect(decided).toMatchObject({ decidedLevel: 'GOOD', authority: { code: 'HT-CL-BTV' }, delegation: { code: '2024/HT-CL/province-delegated-hdnd-chair' } });
    expect(ok(await w.publish('HT-CL-BT', chair.id)).stage).toBe('PUBLISHED');
  });
});

describe('not rated, with the reason (DOMAIN §3; 004 §II.7.5–7.7)', () => {
  it('marks new members, exempted members and a concurrent post at opening', async () => {
    const w = new Workflow(api, '2024');
    const [exempted] = await api.db.query(`SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.status = 'EXEMPTED' ORDER BY p.code LIMIT 1`);
    const [fresh] = await api.db.query(`SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.admitted_on > '2024-06-01' ORDER BY p.code LIMIT 1`);
    expect((await w.open('ADMIN001', 'PARTY_MEMBER', exempted.code))).toMatchObject({ stage: 'NOT_RATED', notRatedReason: 'EXEMPTED' });
    expect((await w.open('ADMIN001', 'PARTY_MEMBER', fresh.code))).toMatchObject({ stage: 'NOT_RATED', notRatedReason: 'NEW_MEMBER' });
    expect((await w.open('ADMIN001', 'LEADER', 'HT-TP-XTH-CTHDND'))).toMatchObject({ stage: 'NOT_RATED', notRatedReason: 'RATED_AT_OTHER_POST' });
    expect((await w.open('ADMIN001', 'LEADER', 'HT-TP-XTH-BT'))).toMatchObject({ stage: 'OPEN', notRatedReason: null });
  });
});

describe('audit trail', () => {
  it('records every change in a hash chain that detects edits and deletions', async () => {
    const admin = api.as('ADMIN001');
    const check = gql`{ verifyAuditChain { valid checked firstBrokenId reason } }`;
    const before = (await admin.request<any>(check)).verifyAuditChain;
    expect(before).toMatchObject({ valid: true, firstBrokenId: null, reason: null });
    expect(before.checked).toBeGreaterThan(0);
    await api.db.transaction(async (em) => {
      await em.query(`LOCK TABLE audit_head IN EXCLUSIVE MODE`);
      const [victim] = await em.query(`SELECT id, after FROM audit_event ORDER BY id LIMIT 1 OFFSET 3`);
      await em.query(`UPDATE audit_event SET after = jsonb_set(after, '{decidedLevel}', '"EXCELLENT"') WHERE id = $1`, [victim.id]);
      const edited = await verify(em);
      expect(edited).toMatchObject({ valid: false, firstBrokenId: String(victim.id), reason: expect.stringContaining('edited') });
      await em.query(`UPDATE audit_event SET after = $2 WHERE id = $1`, [victim.id, JSON.stringify(victim.after)]);
      expect((await verify(em)).valid).toBe(true);
      const [next] = await em.query(`SELECT id FROM audit_event WHERE id > $1 ORDER BY id LIMIT 1`, [victim.id]);
      await em.query(`DELETE FROM audit_event WHERE id = $1`, [victim.id]);
      expect(await verify(em)).toMatchObject({ valid: false, firstBrokenId: String(next.id), reason: expect.stringContaining('removed') });
      throw new RollbackSignal();
    }).catch((e) => { if (!(e instanceof RollbackSignal)) throw e; });
    expect((await admin.request<any>(check)).verifyAuditChain.valid).toBe(true);
  });
});

class RollbackSignal extends Error {}

const verify = (em: EntityManager) => verifyAuditChain(em);
