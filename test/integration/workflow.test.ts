import { gql } from 'graphql-request';
import { EntityManager } from 'typeorm';
import { verifyAuditChain } from '../../src/services/audit-log';
import { TestApi, startTestApi } from '../support/api';
import {
  COLLECTIVE_CRITERIA,
  FULL_TARGETS,
  LEADER_CRITERIA,
  MEMBER_CRITERIA,
  Workflow,
  ok,
  plainMembers,
  secretaryOfBranchOf,
  unanimous,
} from '../support/workflow';
import { dbIdOf } from '../support/ids';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('a branch rating its members, decided by the ward party committee', () => {
  it('decides GOOD first, then EXCELLENT within 20% of the GOOD pool, refusing the one too many with the figures', async () => {
    const w = new Workflow(api, '2024');
    const members = await plainMembers(api, 'HT-TP-ND', 12);
    const ratings: string[] = [];
    for (const m of members) {
      const r = await w.prepared(m, 'PARTY_MEMBER', m, MEMBER_CRITERIA, FULL_TARGETS);
      const proposed = ok(
        await w.propose(await secretaryOfBranchOf(api, m), r.id, 'GOOD', { convened: 10, excellent: 1, good: 8, complete: 1 }),
      );
      expect(proposed.proposedLevel).toBe('GOOD');
      ratings.push(r.id);
    }
    for (const id of ratings.slice(0, 9)) expect(ok(await w.decide('HT-TP-ND-BT', id, 'GOOD')).decidedLevel).toBe('GOOD');
    const tenth = ok(await w.decide('HT-TP-ND-BT', ratings[9], 'EXCELLENT'));
    expect(tenth).toMatchObject({
      decidedLevel: 'EXCELLENT',
      ceiling: 'EXCELLENT',
      authority: { code: 'HT-TP-ND-DB' },
      delegation: { code: '2024/HT-TP-ND/members', source: '004 §II.4.3' },
    });
    ok(await w.decide('HT-TP-ND-BT', ratings[10], 'EXCELLENT'));
    const refused = await w.decide('HT-TP-ND-BT', ratings[11], 'EXCELLENT');
    expect(refused.rating).toBeNull();
    expect(refused.userErrors).toEqual([
      {
        code: 'QUOTA_EXCEEDED',
        field: ['input', 'level'],
        rule: 'quota.excellent-share',
        source: '004 §II.5.2.1; 000 §4',
        message: expect.stringContaining('good 12, max 2, excellent would be 3'),
        figures: expect.objectContaining({ good: 12, maxExcellent: 2, excellent: 3 }),
      },
    ]);
    expect(ok(await w.decide('HT-TP-ND-BT', ratings[11], 'GOOD')).decidedLevel).toBe('GOOD');
  });

  it('refuses a decision by someone without the authority, and one before the review', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-BH-CB02', 1);
    const r = await w.open(m, 'PARTY_MEMBER', m);
    ok(await w.selfAssess(m, r.id, { criteria: MEMBER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    expect((await w.decide('HT-TP-BH-BT', r.id, 'GOOD')).userErrors[0].code).toBe('REVIEW_NOT_HELD');
    ok(await w.review(m, r.id));
    // Another ward's secretary cannot see the rating: answered as a missing id.
    expect((await w.decide('HT-TP-ND-BT', r.id, 'GOOD')).refused.code).toBe('NOT_FOUND');
    expect((await w.decide(m, r.id, 'GOOD')).refused.code).toBe('FORBIDDEN');
    // The ward committee decides only what the branch proposed by its vote (004 §II.4.3).
    expect((await w.decide('HT-TP-BH-BT', r.id, 'GOOD')).userErrors[0]).toMatchObject({
      code: 'PROPOSAL_MISSING',
      rule: 'votes.member-proposal-first',
      source: expect.stringContaining('004 §II.4.3'),
    });
    ok(await w.propose(await secretaryOfBranchOf(api, m), r.id, 'GOOD', unanimous('GOOD')));
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
    expect(early.userErrors[0]).toMatchObject({
      code: 'ORDER_PREREQUISITE',
      rule: 'order.collective-before-leaders',
      source: '004 §II.7.3',
    });

    const collective = await w.prepared('HT-TP-CTUBND', 'LEADERSHIP_COLLECTIVE', 'HT-TP-UBND-LD', COLLECTIVE_CRITERIA);
    ok(await w.verify('HT-TP-BTC-TB', collective.id));
    // Step 2 (004 §II.4.2): the city's council, government, party commissions, inspection commission, office, Front and four unions.
    expect((await w.decide('HT-TP-BT', collective.id, 'GOOD')).userErrors.map((e: any) => e.code)).toEqual(
      Array(10).fill('CONSULTATION_MISSING'),
    );
    expect(await w.consulted(collective.id)).toBe(10);
    // Each opinion by its own id: to those who read the rating, and to no one else.
    const NODE = gql`
      query ($id: ID!) {
        node(id: $id) {
          __typename
          ... on Consultation {
            opinionLevel
            body {
              code
            }
          }
        }
      }
    `;
    const [{ id: consultation }] = (
      await api.as('HT-TP-BT').request<any>(
        gql`
          query ($r: ID!) {
            node(id: $r) {
              ... on Rating {
                consultations {
                  id
                }
              }
            }
          }
        `,
        { r: collective.id },
      )
    ).node.consultations;
    expect((await api.as('HT-TP-BT').request<any>(NODE, { id: consultation })).node).toMatchObject({
      __typename: 'Consultation',
      opinionLevel: 'GOOD',
    });
    expect((await api.as('HT-CL-BT').request<any>(NODE, { id: consultation })).node).toBeNull();
    expect(ok(await w.decide('HT-TP-BT', collective.id, 'GOOD')).authority.code).toBe('HT-TP-BTV');

    const tooHigh = await w.decide('HT-TP-BT', leader.id, 'EXCELLENT');
    expect(tooHigh.userErrors.map((e: any) => e.rule)).toEqual(expect.arrayContaining(['individual.civil-service-level']));
    expect(tooHigh.userErrors[0].code).toBe('CEILING_EXCEEDED');
    expect(ok(await w.decide('HT-TP-BT', leader.id, 'GOOD'))).toMatchObject({
      decidedLevel: 'GOOD',
      ceiling: 'GOOD',
      delegation: { source: '004 §II.6.2.1' },
    });
  });

  it('the UBND chair decides a department head (group 2), who is capped by the unit (004 §II.7.15)', async () => {
    const w = new Workflow(api, '2024');
    // A leadership of two is reviewed at its department's party branch (004 §II.7.4).
    const branch = await w.host('HT-TP-PTNMT-CB-BT', 'PARTY_ORGANIZATION', 'HT-TP-PTNMT-CB-CB');
    const alone = await w
      .prepared('HT-TP-PTNMT-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PTNMT-LDTT', COLLECTIVE_CRITERIA)
      .catch((e: Error) => JSON.parse(e.message));
    expect(alone[0]).toMatchObject({
      code: 'SMALL_COLLECTIVE_REVIEW',
      rule: 'review.small-collective-host',
      source: '004 §II.7.4',
      figures: { members: 2, atLeast: 3 },
    });
    const unit = await w.prepared('HT-TP-PTNMT-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PTNMT-LDTT', COLLECTIVE_CRITERIA, undefined, branch);
    ok(await w.verify('HT-TP-PNV-TP', unit.id));
    expect((await w.decide('HT-TP-BT', unit.id, 'GOOD')).refused.code).toBe('FORBIDDEN');
    await w.consulted(unit.id, 'COMPLETE');
    expect(ok(await w.decide('HT-TP-CTUBND', unit.id, 'COMPLETE'))).toMatchObject({
      authority: { code: 'HT-TP-UBND' },
      delegation: { source: '004 §II.6.2.2(2); 004 §II.4.2 step 2' },
    });
    const head = await w.prepared('HT-TP-PTNMT-TP', 'LEADER', 'HT-TP-PTNMT-TP', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-TP-PNV-TP', head.id, { civilServiceLevel: 'EXCELLENT' }));
    // The department's professional rating is a fact of the department, asked for before its head's GOOD (DOMAIN §15.6).
    expect((await w.decide('HT-TP-CTUBND', head.id, 'GOOD')).userErrors).toEqual([
      expect.objectContaining({ code: 'FACT_MISSING', rule: 'head.professional-rating-required', source: '004 §II.5.2.2' }),
    ]);
    ok(await w.professional('HT-TP-PNV-TP', 'HT-TP-PTNMT-LDTT', 'EXCELLENT'));
    const capped = await w.decide('HT-TP-CTUBND', head.id, 'GOOD');
    expect(capped.userErrors).toContainEqual(
      expect.objectContaining({ code: 'CEILING_EXCEEDED', rule: 'head.cap', source: '004 §II.7.15' }),
    );
    const override = ok(
      await w.decide('HT-TP-CTUBND', head.id, 'GOOD', { overrideReason: 'Chuyển đến từ đơn vị khác; kết luận của Ban Thường vụ' }),
    );
    expect(override).toMatchObject({ decidedLevel: 'GOOD', ceiling: 'COMPLETE' });
    // Only those who verify or decide its leaders record the department's professional rating; a correction below GOOD flags the head.
    const refusal = async (who: string) =>
      (await w.professional(who, 'HT-TP-PTNMT-LDTT', 'COMPLETE').catch((e) => e)).response.errors[0].extensions.code;
    expect(await refusal('HT-TP-PTNMT-TP')).toBe('FORBIDDEN');
    expect(await refusal('HT-TP-NH-BT')).toBe('NOT_FOUND');
    expect(ok(await w.professional('HT-TP-PNV-TP', 'HT-TP-PTNMT-LDTT', 'COMPLETE'))).toEqual({
      level: 'COMPLETE',
      ratedBy: 'UBND thành phố',
    });
    const [flag] = await api.db.query(`SELECT flagged_reason FROM rating WHERE id = $1`, [dbIdOf(head.id)]);
    expect(flag.flagged_reason).toContain('professional rating is now COMPLETE');
    const seen = await api.as('HT-TP-CTUBND').request<any>(gql`
      {
        unit(code: "HT-TP-PTNMT") {
          collectives {
            code
            professionalRating(cycle: "2024") {
              level
              ratedBy
            }
          }
        }
      }
    `);
    expect(seen.unit.collectives).toContainEqual({
      code: 'HT-TP-PTNMT-LDTT',
      professionalRating: { level: 'COMPLETE', ratedBy: 'UBND thành phố' },
    });
  });

  it('2023 and 2024: a transferred-in head of a GOOD unit needs the unit EXCELLENT professionally, rated by the superior body or the competent authority', async () => {
    for (const [cycle, source] of [
      ['2023', '004 §II.5.2.1'],
      ['2024', '000 §11(4)'],
    ]) {
      const w = new Workflow(api, cycle);
      const branch = await w.host('HT-TP-PGDDT-CB-BT', 'PARTY_ORGANIZATION', 'HT-TP-PGDDT-CB-CB');
      const unit = await w.prepared('HT-TP-PGDDT-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PGDDT-LDTT', COLLECTIVE_CRITERIA, undefined, branch);
      ok(await w.verify('HT-TP-PNV-TP', unit.id));
      await w.consulted(unit.id);
      ok(await w.decide('HT-TP-CTUBND', unit.id, 'GOOD'));
      const head = await w.prepared('HT-TP-PGDDT-TP', 'LEADER', 'HT-TP-PGDDT-TP', LEADER_CRITERIA, FULL_TARGETS);
      ok(await w.verify('HT-TP-PNV-TP', head.id, { civilServiceLevel: 'EXCELLENT', transferredInUnconnected: true }));
      ok(await w.professional('HT-TP-PNV-TP', 'HT-TP-PGDDT-LDTT', 'GOOD'));
      const short = await w.decide('HT-TP-CTUBND', head.id, 'EXCELLENT');
      expect(short.userErrors).toContainEqual(
        expect.objectContaining({ code: 'CEILING_EXCEEDED', rule: 'head.excellent.unit-professional', source }),
      );
      // Rated EXCELLENT professionally, the clause is met in both years: only the quota of the group (no GOOD pool yet) stops EXCELLENT.
      ok(await w.professional('HT-TP-PNV-TP', 'HT-TP-PGDDT-LDTT', 'EXCELLENT'));
      expect((await w.decide('HT-TP-CTUBND', head.id, 'EXCELLENT')).userErrors[0]).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        rule: 'quota.excellent-share',
      });
    }
  });
});

describe('the self-assessment form (Mẫu 02; DOMAIN §15.6)', () => {
  it('is refused while a graded item that applies is missing, and grades no item the form records without a grade', async () => {
    const w = new Workflow(api, '2023');
    const [m] = await plainMembers(api, 'HT-TP-BH-CB03', 1);
    const r = await w.open(m, 'PARTY_MEMBER', m);
    const without = (id: string) => MEMBER_CRITERIA.filter((c) => c.id !== id);
    expect((await w.selfAssess(m, r.id, { criteria: without('I7'), selfLevel: 'GOOD' })).userErrors[0]).toMatchObject({
      code: 'SELF_ASSESSMENT_INCOMPLETE',
      rule: 'template.complete',
      figures: { missing: 'I7', form: 'Mẫu 02' },
    });
    expect(
      (await w.selfAssess(m, r.id, { criteria: [...MEMBER_CRITERIA, { id: 'I3', grade: 'GOOD' }], selfLevel: 'GOOD' })).userErrors[0],
    ).toMatchObject({
      code: 'BAD_GRADE',
      rule: 'template.ungraded',
      figures: { ungraded: 'I3' },
    });
    // The leaders' items (4–6) do not apply to a member; the pledge (item 3) may be named without a grade.
    expect(ok(await w.selfAssess(m, r.id, { criteria: [...MEMBER_CRITERIA, { id: 'I3' } as never], selfLevel: 'GOOD' })).stage).toBe(
      'SELF_ASSESSED',
    );
    const leader = await w.open('HT-TP-BH-CTMTTQ', 'LEADER', 'HT-TP-BH-CTMTTQ');
    expect(
      (await w.selfAssess('HT-TP-BH-CTMTTQ', leader.id, { criteria: LEADER_CRITERIA.filter((c) => c.id !== 'I5'), selfLevel: 'GOOD' }))
        .userErrors[0],
    ).toMatchObject({ code: 'SELF_ASSESSMENT_INCOMPLETE', figures: { missing: 'I5' } });
  });
});

describe('the head cap of a secretary (004 §II.7.15)', () => {
  it('waits for the party organization he heads, not only for its standing committee', async () => {
    const w = new Workflow(api, '2024');
    const standing = await w.prepared('HT-CL-XTT-BT', 'LEADERSHIP_COLLECTIVE', 'HT-CL-XTT-BTV-TT', COLLECTIVE_CRITERIA);
    ok(await w.verify('HT-CL-BTC-TB', standing.id));
    await w.consulted(standing.id);
    ok(await w.decide('HT-CL-BT', standing.id, 'GOOD'));
    const secretary = await w.prepared('HT-CL-XTT-BT', 'LEADER', 'HT-CL-XTT-BT', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-CL-BTC-TB', secretary.id, { civilServiceLevel: 'GOOD' }));
    await w.consulted(secretary.id);
    const early = await w.decide('HT-CL-BT', secretary.id, 'GOOD');
    expect(early.userErrors).toEqual([
      expect.objectContaining({
        code: 'ORDER_PREREQUISITE',
        rule: 'order.unit-before-head',
        source: '004 §II.7.15; DOMAIN §10',
        message: expect.stringContaining('HT-CL-XTT-DB'),
      }),
    ]);
  });
});

describe('the district matrix with its mandatory consultation (seed 003 §II.5.2)', () => {
  it('cannot decide the district HĐND chair before the provincial HĐND party delegation gives its opinion', async () => {
    const w = new Workflow(api, '2024');
    const office = await w.host('HT-CL-CBCQ-BT', 'PARTY_ORGANIZATION', 'HT-CL-CBCQ-CB');
    const standing = await w.prepared('HT-CL-CTHDND', 'LEADERSHIP_COLLECTIVE', 'HT-CL-TTHDND-TT', COLLECTIVE_CRITERIA, undefined, office);
    ok(await w.verify('HT-CL-BTC-TB', standing.id));
    ok(await w.decide('HT-CL-BT', standing.id, 'GOOD'));
    const chair = await w.prepared('HT-CL-CTHDND', 'LEADER', 'HT-CL-CTHDND', LEADER_CRITERIA, FULL_TARGETS);
    const verified = ok(await w.verify('HT-CL-BTC-TB', chair.id, { civilServiceLevel: 'GOOD' }));
    ok(await w.professional('HT-CL-BTC-TB', 'HT-CL-TTHDND-TT', 'GOOD'));
    expect(verified.consultations).toEqual([
      expect.objectContaining({ source: '003 §II.5.2', opinionLevel: null, body: { code: 'HT-DDHDND' } }),
    ]);
    const early = await w.decide('HT-CL-BT', chair.id, 'GOOD');
    expect(early.userErrors[0]).toMatchObject({
      code: 'CONSULTATION_MISSING',
      rule: 'consultation.required',
      source: '003 §II.5.2',
      figures: expect.objectContaining({ body: 'HT-DDHDND' }),
    });
    expect((await w.opinion('HT-CTUBND', verified.consultations[0].id, 'GOOD')).refused.code).toBe('FORBIDDEN');
    // The opinion may grade each criterion of the subject's template (004 §II.4.1 step 2), checked like a self-assessment.
    const OPINION = gql`
      mutation ($input: GiveOpinionInput!) {
        giveOpinion(input: $input) {
          rating {
            consultations {
              opinionLevel
              criteria {
                id
                grade
                points
              }
            }
          }
          userErrors {
            code
            field
            rule
            source
          }
        }
      }
    `;
    const opinion = (criteria: object[]) =>
      api
        .as('HT-PCTHDND')
        .request<any>(OPINION, { input: { consultation: verified.consultations[0].id, level: 'COMPLETE', opinion: 'Còn chậm', criteria } });
    expect((await opinion([{ id: 'C9', grade: 'GOOD' }])).giveOpinion.userErrors[0]).toMatchObject({
      code: 'UNKNOWN_CRITERION',
      rule: 'template.criteria',
    });
    expect((await opinion([{ id: 'I1' }])).giveOpinion.userErrors[0]).toMatchObject({
      code: 'GRADE_REQUIRED',
      field: ['input', 'criteria', 'I1'],
    });
    const graded = (
      await opinion([
        { id: 'I1', grade: 'GOOD' },
        { id: 'I2', grade: 'AVERAGE' },
      ])
    ).giveOpinion;
    expect(graded.rating.consultations[0]).toEqual({
      opinionLevel: 'COMPLETE',
      criteria: [
        { id: 'I1', grade: 'GOOD', points: null },
        { id: 'I2', grade: 'AVERAGE', points: null },
      ],
    });
    expect((await w.decide('HT-CL-BT', chair.id, 'GOOD')).userErrors[0].code).toBe('DEVIATION_REASON_MISSING');
    const decided = ok(
      await w.decide('HT-CL-BT', chair.id, 'GOOD', {
        deviations: [{ consultation: verified.consultations[0].id, reason: 'Kết quả lãnh đạo HĐND vượt kế hoạch' }],
      }),
    );
    expect(decided).toMatchObject({
      decidedLevel: 'GOOD',
      authority: { code: 'HT-CL-BTV' },
      delegation: { code: '2024/HT-CL/province-delegated-hdnd-chair' },
    });
    expect(ok(await w.publish('HT-CL-BT', chair.id)).stage).toBe('PUBLISHED');
  });
});

describe('not rated, with the reason (DOMAIN §3; 004 §II.7.5–7.7)', () => {
  it('marks new members, exempted members and a concurrent post at opening', async () => {
    const w = new Workflow(api, '2024');
    const [exempted] = await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.status = 'EXEMPTED' ORDER BY p.code LIMIT 1`,
    );
    const [fresh] = await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.admitted_on > '2024-06-01' ORDER BY p.code LIMIT 1`,
    );
    // Every answer that leaves a subject unrated carries its clause.
    expect(await w.open('ADMIN001', 'PARTY_MEMBER', exempted.code)).toMatchObject({
      stage: 'NOT_RATED',
      notRatedReason: 'EXEMPTED',
      notRatedSource: '004 §II.1.2, §II.7.11–7.12',
    });
    expect(await w.open('ADMIN001', 'PARTY_MEMBER', fresh.code)).toMatchObject({
      stage: 'NOT_RATED',
      notRatedReason: 'NEW_MEMBER',
      notRatedSource: '004 §II.1.2, §II.7.11–7.12',
    });
    expect(await w.open('ADMIN001', 'LEADER', 'HT-TP-XTH-CTHDND')).toMatchObject({
      stage: 'NOT_RATED',
      notRatedReason: 'RATED_AT_OTHER_POST',
      notRatedSource: '004 §II.7.5–7.7',
    });
    expect(await w.open('ADMIN001', 'LEADER', 'HT-TP-XTH-BT')).toMatchObject({ stage: 'OPEN', notRatedReason: null, notRatedSource: null });
  });
});

describe('audit trail', () => {
  it('records every change in a hash chain that detects edits and deletions', async () => {
    const admin = api.as('ADMIN001');
    const check = gql`
      {
        verifyAuditChain {
          valid
          checked
          firstBrokenId
          reason
        }
      }
    `;
    const before = (await admin.request<any>(check)).verifyAuditChain;
    expect(before).toMatchObject({ valid: true, firstBrokenId: null, reason: null });
    expect(before.checked).toBeGreaterThan(0);
    await api.db
      .transaction(async (em) => {
        await em.query(`LOCK TABLE audit_head IN EXCLUSIVE MODE`);
        const [victim] = await em.query(`SELECT id, after FROM audit_event ORDER BY id LIMIT 1 OFFSET 3`);
        await em.query(`UPDATE audit_event SET after = jsonb_set(after, '{decidedLevel}', '"EXCELLENT"') WHERE id = $1`, [victim.id]);
        const edited = await verify(em);
        expect(edited).toMatchObject({ valid: false, firstBrokenId: String(victim.id), reason: expect.stringContaining('edited') });
        await em.query(`UPDATE audit_event SET after = $2 WHERE id = $1`, [victim.id, JSON.stringify(victim.after)]);
        expect((await verify(em)).valid).toBe(true);
        // The chain breaks at the next event of the victim's chain, or at its head if there is none.
        const [next] = await em.query(
          `SELECT id FROM audit_event WHERE id > $1 AND chain = (SELECT chain FROM audit_event WHERE id = $1) ORDER BY id LIMIT 1`,
          [victim.id],
        );
        await em.query(`DELETE FROM audit_event WHERE id = $1`, [victim.id]);
        expect(await verify(em)).toMatchObject({
          valid: false,
          firstBrokenId: String(next?.id ?? victim.id),
          reason: expect.stringContaining('removed'),
        });
        throw new RollbackSignal();
      })
      .catch((e) => {
        if (!(e instanceof RollbackSignal)) throw e;
      });
    expect((await admin.request<any>(check)).verifyAuditChain.valid).toBe(true);
  });
});

class RollbackSignal extends Error {}

const verify = (em: EntityManager) => verifyAuditChain(em);
