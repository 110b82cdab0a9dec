import { gql } from 'graphql-request';
import { TestApi, errorCodes, startTestApi } from '../support/api';
import { Workflow, ok, plainMembers, secretaryOfBranchOf, unanimous } from '../support/workflow';
import { dbIdOf } from '../support/ids';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** The 2025 demo cycle is rated under QD366-2025: points on Mẫu 2A/2B, 30 general + 70 task. */
const points = (total: number) => [
  { id: 'P1', points: Math.min(total, 30) },
  { id: 'P2', points: total - Math.min(total, 30) },
];
const TASKS = { total: 10, done: 10, exceeded: 3 };

async function proposedMember(w: Workflow, code: string, score: number, level = 'GOOD', targets: object = TASKS, heldOn?: string) {
  const r = await w.open(code, 'PARTY_MEMBER', code);
  ok(await w.selfAssess(code, r.id, { criteria: points(score), selfLevel: level, targets }));
  ok(await w.review(code, r.id, heldOn));
  return ok(await w.propose(await secretaryOfBranchOf(api, code), r.id, level, unanimous(level)));
}

describe('the 2025 cycle under 366-QĐ/TW and 43-HD/BTCTW', () => {
  it('answers the pack in force with each parameter’s value, status and source', async () => {
    const { rules } = await api.as('HT-TP-TL-BT').request<any>(gql`
      {
        rules(cycle: "2025", unit: "HT-TP-TL") {
          code
          scoringModel
          quota {
            ratio
            raisedRatio
            rounding
            peerGroup
            source
          }
          headClause {
            professionalRatedBy
          }
          parameters {
            path
            value
            status
            source
          }
          templates {
            subjectKind
            form
            criteria {
              id
              maxPoints
            }
          }
        }
      }
    `);
    expect(rules).toMatchObject({ code: 'QD366-2025', scoringModel: 'POINTS', headClause: { professionalRatedBy: null } });
    expect(rules.quota).toEqual({
      ratio: 0.2,
      raisedRatio: 0.25,
      rounding: 'DOWN',
      peerGroup: 'POSITION',
      source: '366-QĐ/TW Art. 11; 335/2025/NĐ-CP',
    });
    expect(rules.parameters).toEqual(
      expect.arrayContaining([
        { path: 'scoring.excellentMin', value: '90', status: 'Q', source: '366-QĐ/TW Art. 11' },
        { path: 'quota.peerGroup', value: '"POSITION"', status: 'U', source: 'DOMAIN §16' },
      ]),
    );
    expect(rules.templates.find((t: any) => t.subjectKind === 'LEADER')).toMatchObject({
      form: 'Mẫu 2A (43-HD/BTCTW)',
      criteria: [
        { id: 'P1', maxPoints: 30 },
        { id: 'P2', maxPoints: 70 },
      ],
    });
  });

  it('refuses points outside a part’s maximum, and a level out of the score’s band even with an override', async () => {
    const w = new Workflow(api, '2025');
    const [m] = (await plainMembers(api, 'HT-TP-TL', 10)).slice(9);
    const r = await w.open(m, 'PARTY_MEMBER', m);
    const bad = await w.selfAssess(m, r.id, {
      criteria: [
        { id: 'P1', points: 31 },
        { id: 'P2', points: 60 },
      ],
      selfLevel: 'GOOD',
      targets: TASKS,
    });
    expect(bad.userErrors[0]).toMatchObject({ code: 'BAD_POINTS', field: ['input', 'criteria', 'P1'], figures: { points: 31, max: 30 } });
    const proposed = await (async () => {
      ok(await w.selfAssess(m, r.id, { criteria: points(65), selfLevel: 'COMPLETE', targets: TASKS }));
      ok(await w.review(m, r.id));
      return ok(await w.propose(await secretaryOfBranchOf(api, m), r.id, 'COMPLETE', unanimous('COMPLETE')));
    })();
    const refused = await w.decide('HT-TP-TL-BT', proposed.id, 'GOOD');
    expect(refused.userErrors[0]).toMatchObject({
      code: 'CEILING_EXCEEDED',
      rule: 'points.good',
      source: '366-QĐ/TW Art. 11',
      figures: { points: 65, min: 70 },
    });
    const overridden = await w.decide('HT-TP-TL-BT', proposed.id, 'GOOD', { overrideReason: 'the branch thinks so' });
    expect(overridden.userErrors.map((e: any) => [e.code, e.rule])).toEqual([['OVERRIDE_NOT_ALLOWED', 'points.good']]);
    expect(ok(await w.decide('HT-TP-TL-BT', proposed.id, 'COMPLETE')).decidedLevel).toBe('COMPLETE');
  });

  it('holds EXCELLENT to 20% of GOOD, and to 25% once the ward committee records its decision raising it', async () => {
    const w = new Workflow(api, '2025');
    const members = await plainMembers(api, 'HT-TP-TL', 9);
    const ratings = [];
    for (const m of members.slice(0, 7)) ratings.push(await proposedMember(w, m, 80));
    for (const m of members.slice(7)) ratings.push(await proposedMember(w, m, 95, 'EXCELLENT'));
    for (const r of ratings.slice(0, 7)) ok(await w.decide('HT-TP-TL-BT', r.id, 'GOOD'));
    ok(await w.decide('HT-TP-TL-BT', ratings[7].id, 'EXCELLENT'));
    const over = await w.decide('HT-TP-TL-BT', ratings[8].id, 'EXCELLENT');
    expect(over.userErrors[0]).toMatchObject({ code: 'QUOTA_EXCEEDED', figures: { good: 9, maxExcellent: 1, excellent: 2, ratio: 0.2 } });

    const raise = gql`
      mutation ($input: RaiseQuotaInput!) {
        raiseQuota(input: $input) {
          quota {
            raisedBy
            peerGroup
            source
            figures {
              good
              excellent
              maxExcellent
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
    const input = {
      cycle: '2025',
      authority: 'HT-TP-TL-DB',
      subjectKind: 'PARTY_MEMBER',
      decisionRef: '15-QĐ/ĐU',
      reason: 'Đơn vị dẫn đầu phong trào thi đua',
    };
    expect(
      errorCodes(
        await api
          .as('HT-TP-ND-BT')
          .request(raise, { input })
          .catch((e) => e),
      ),
    ).toEqual(['FORBIDDEN']);
    const peer = await api.as('HT-TP-TL-BT').request<any>(raise, { input: { ...input, peerGroup: 'SECRETARY' } });
    expect(peer.raiseQuota.userErrors).toEqual([
      { code: 'BAD_FACTS', field: ['input', 'peerGroup'], rule: 'quota.peer-group', source: '366-QĐ/TW Art. 11; 335/2025/NĐ-CP' },
    ]);
    const raised = (await api.as('HT-TP-TL-BT').request<any>(raise, { input })).raiseQuota;
    expect(raised.userErrors).toEqual([]);
    expect(raised.quota).toEqual({
      raisedBy: '15-QĐ/ĐU',
      peerGroup: null,
      source: '366-QĐ/TW Art. 11; decision 15-QĐ/ĐU',
      figures: { good: 8, excellent: 1, maxExcellent: 2 },
    });
    const again = (await api.as('HT-TP-TL-BT').request<any>(raise, { input })).raiseQuota;
    expect(again.userErrors[0].code).toBe('ALREADY_RAISED');

    expect(ok(await w.decide('HT-TP-TL-BT', ratings[8].id, 'EXCELLENT')).decidedLevel).toBe('EXCELLENT');
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'raiseQuota' AND entity = 'quota_raise' AND after ->> 'decisionRef' = '15-QĐ/ĐU'`,
    );
    expect(n).toBe(1);
  });

  it('decides a leader on the area led, counts the quota within the post’s peer group, and sets aside only a mitigated trigger', async () => {
    const w = new Workflow(api, '2025');
    const collective = await w.open('HT-TP-CTUBND', 'LEADERSHIP_COLLECTIVE', 'HT-TP-UBND-LD');
    ok(
      await w.selfAssess('HT-TP-CTUBND', collective.id, {
        criteria: points(85),
        selfLevel: 'GOOD',
        targets: TASKS,
        ballots: unanimous('GOOD'),
      }),
    );
    ok(await w.review('HT-TP-CTUBND', collective.id));
    ok(await w.verify('HT-TP-BTC-TB', collective.id, { previousShortcomings: { found: 1, remedied: 1 } }));
    await w.consulted(collective.id);
    ok(await w.decide('HT-TP-BT', collective.id, 'GOOD'));

    const leader = async (code: string, facts: object) => {
      const r = await w.open(code, 'LEADER', code);
      ok(await w.selfAssess(code, r.id, { criteria: points(92), selfLevel: 'GOOD', targets: TASKS }));
      ok(await w.review(code, r.id));
      ok(
        await w.verify('HT-TP-BTC-TB', r.id, {
          civilServiceLevel: 'EXCELLENT',
          areaTargets: TASKS,
          managedUnits: { convened: 4, good: 4 },
          ...facts,
        }),
      );
      await w.consulted(r.id);
      return r;
    };
    // The first vice-chair's civil-service level is computed from the task results recorded (335/2025/NĐ-CP): 20 + 64.16 points, GOOD.
    const plain = await w.open('HT-TP-PCTUBND1', 'LEADER', 'HT-TP-PCTUBND1');
    ok(await w.selfAssess('HT-TP-PCTUBND1', plain.id, { criteria: points(92), selfLevel: 'GOOD', targets: TASKS }));
    ok(await w.review('HT-TP-PCTUBND1', plain.id));
    const badResults = await w.verify('HT-TP-BTC-TB', plain.id, {
      civilServiceResults: { generalPoints: 20, products: [{ units: 0, quantity: 1 }] },
    });
    expect(badResults.userErrors[0]).toMatchObject({
      code: 'BAD_FACTS',
      field: ['input', 'facts', 'civilServiceResults', 'products', '0'],
    });
    ok(
      await w.verify('HT-TP-BTC-TB', plain.id, {
        discipline: { disciplined: true },
        areaTargets: TASKS,
        managedUnits: { convened: 4, good: 4 },
        civilServiceResults: { generalPoints: 20, products: [{ units: 10, quantity: 1, delays: 1 }] },
      }),
    );
    await w.consulted(plain.id);
    const high = await w.decide('HT-TP-BT', plain.id, 'EXCELLENT');
    expect(high.userErrors.find((e: any) => e.rule === 'individual.civil-service-level')).toMatchObject({
      code: 'CEILING_EXCEEDED',
      source: '335/2025/NĐ-CP; 366-QĐ/TW Art. 11',
      figures: { civilServiceLevel: 'GOOD', computedPoints: 84.16 },
    });
    const refused = await w.decide('HT-TP-BT', plain.id, 'GOOD', { overrideReason: 'kỷ luật khiển trách, đã sửa chữa' });
    expect(refused.userErrors.map((e: any) => [e.code, e.rule])).toContainEqual(['OVERRIDE_NOT_ALLOWED', 'art11.individual.disciplined']);

    const mitigated = await leader('HT-TP-PCTUBND2', { discipline: { disciplined: true, selfDetectedAndRemedied: true } });
    const without = await w.decide('HT-TP-BT', mitigated.id, 'GOOD');
    expect(without.userErrors[0]).toMatchObject({
      code: 'CEILING_EXCEEDED',
      rule: 'art11.individual.disciplined',
      figures: { mitigable: true },
    });
    const decided = ok(
      await w.decide('HT-TP-BT', mitigated.id, 'GOOD', { overrideReason: 'Tự phát hiện, đã khắc phục hậu quả (Điều 11)' }),
    );
    expect(decided.decidedLevel).toBe('GOOD');
    const [row] = await api.db.query(`SELECT peer_group, override_reason FROM rating WHERE id = $1`, [dbIdOf(decided.id)]);
    expect(row).toEqual({ peer_group: 'UBND_VICE_CHAIR', override_reason: 'Tự phát hiện, đã khắc phục hậu quả (Điều 11)' });

    const [post] = await api.db.query(`SELECT id FROM post WHERE code = 'HT-TP-PCTUBND2'`);
    const { quotaOfSubject } = await api.as('HT-TP-BT').request<any>(
      gql`
        query ($s: ID!) {
          quotaOfSubject(cycle: "2025", subject: $s) {
            peerGroup
            figures {
              good
            }
          }
        }
      `,
      { s: Buffer.from(`Post:${post.id}`).toString('base64url') },
    );
    expect(quotaOfSubject).toEqual({ peerGroup: 'UBND_VICE_CHAIR', figures: { good: 1 } });
  });

  it('feeds the year with its quarters: the year’s rating shows them, and a locality’s rule bars EXCELLENT after a NOT_COMPLETE quarter', async () => {
    const [m] = await plainMembers(api, 'HT-TP-ND', 1);
    const q1 = new Workflow(api, '2025-Q1');
    const quarter = await proposedMember(q1, m, 40, 'NOT_COMPLETE', { total: 4, done: 1, exceeded: 0 }, '2025-03-25');
    expect(ok(await q1.decide('HT-TP-ND-BT', quarter.id, 'NOT_COMPLETE')).decidedLevel).toBe('NOT_COMPLETE');
    const q2 = new Workflow(api, '2025-Q2');
    ok(await q2.decide('HT-TP-ND-BT', (await proposedMember(q2, m, 85, 'GOOD', TASKS, '2025-06-25')).id, 'GOOD'));

    const year = new Workflow(api, '2025');
    const r = await proposedMember(year, m, 95, 'EXCELLENT');
    const shown = await api.as('HT-TP-ND-BT').request<any>(
      gql`
        query ($id: ID!) {
          node(id: $id) {
            ... on Rating {
              parts {
                cycle {
                  code
                  period
                  partOf {
                    code
                  }
                }
                decidedLevel
              }
            }
          }
        }
      `,
      { id: r.id },
    );
    expect(shown.node.parts).toEqual([
      { cycle: { code: '2025-Q1', period: 'QUARTER', partOf: { code: '2025' } }, decidedLevel: 'NOT_COMPLETE' },
      { cycle: { code: '2025-Q2', period: 'QUARTER', partOf: { code: '2025' } }, decidedLevel: 'GOOD' },
    ]);
    // Off unless a locality sets it: the plan finds no reason in the quarters.
    const plan = gql`
      query ($r: ID!) {
        simulateDecisions(cycle: "2025", plan: [{ rating: $r, level: EXCELLENT }]) {
          findings {
            rule
            source
          }
        }
      }
    `;
    expect(
      (await api.as('HT-TP-ND-BT').request<any>(plan, { r: r.id })).simulateDecisions[0].findings.map((f: any) => f.rule),
    ).not.toContain('periods.part-not-complete');

    const imported = await api.as('ADMIN001').request<any>(
      gql`
        mutation ($d: JSONObject!) {
          importDataset(input: { dataset: $d }) {
            counts {
              ruleParameters
            }
          }
        }
      `,
      {
        d: {
          version: 1,
          ruleParameters: [
            { cycle: '2025', unit: 'HT-TP-ND', source: 'HD-05/ĐU §2', set: { 'periods.partNotCompleteBarsExcellent': true } },
          ],
        },
      },
    );
    expect(imported.importDataset.counts.ruleParameters).toBe(1);
    const barred = await year.decide('HT-TP-ND-BT', r.id, 'EXCELLENT');
    expect(barred.userErrors[0]).toMatchObject({
      code: 'CEILING_EXCEEDED',
      rule: 'periods.part-not-complete',
      source: 'HD-05/ĐU §2',
      figures: { parts: '2025-Q1' },
    });
    const { rules } = await api.as('HT-TP-ND-BT').request<any>(gql`
      {
        rules(cycle: "2025", unit: "HT-TP-ND") {
          parameters {
            path
            value
          }
        }
      }
    `);
    expect(rules.parameters).toContainEqual({ path: 'periods.partNotCompleteBarsExcellent', value: 'true' });
  });

  it('rates a leader by quarter on Mẫu 05 without waiting for the collective, which is rated by the year only, and shows the quarters on the year', async () => {
    const { rules } = await api.as('HT-TP-PCTUBND2').request<any>(gql`
      {
        rules(cycle: "2025-Q3", unit: "HT-TP") {
          templates {
            subjectKind
            form
          }
        }
      }
    `);
    expect(
      rules.templates
        .filter((t: any) => t.form.startsWith('Mẫu 05'))
        .map((t: any) => t.subjectKind)
        .sort(),
    ).toEqual(['LEADER', 'PARTY_MEMBER']);
    const quarter = new Workflow(api, '2025-Q3');
    const r = await quarter.open('HT-TP-PCTUBND2', 'LEADER', 'HT-TP-PCTUBND2');
    ok(await quarter.selfAssess('HT-TP-PCTUBND2', r.id, { criteria: points(88), selfLevel: 'GOOD', targets: TASKS }));
    ok(await quarter.review('HT-TP-PCTUBND2', r.id, '2025-09-26'));
    ok(
      await quarter.verify('HT-TP-BTC-TB', r.id, { civilServiceLevel: 'GOOD', areaTargets: TASKS, managedUnits: { convened: 4, good: 4 } }),
    );
    await quarter.consulted(r.id);
    const decided = ok(await quarter.decide('HT-TP-BT', r.id, 'GOOD'));
    expect(decided.findings.map((f: any) => f.rule)).not.toContain('order.collective-before-leaders');

    const year = new Workflow(api, '2025');
    const y = await year.open('HT-TP-PCTUBND2', 'LEADER', 'HT-TP-PCTUBND2');
    const shown = await api.as('HT-TP-PCTUBND2').request<any>(
      gql`
        query ($id: ID!) {
          node(id: $id) {
            ... on Rating {
              parts {
                cycle {
                  code
                }
                decidedLevel
              }
            }
          }
        }
      `,
      { id: y.id },
    );
    expect(shown.node.parts).toEqual([{ cycle: { code: '2025-Q3' }, decidedLevel: 'GOOD' }]);
  });

  it('shows the years on the term’s rating (366-QĐ/TW Art. 15: yearly results feed the term)', async () => {
    const code = 'HT-TP-ND-PCTMTTQ';
    for (const year of ['2023', '2024']) await new Workflow(api, year).open(code, 'LEADER', code);
    const term = await new Workflow(api, 'NK2020-2025').open(code, 'LEADER', code);
    const shown = await api.as(code).request<any>(
      gql`
        query ($id: ID!) {
          node(id: $id) {
            ... on Rating {
              cycle {
                code
                period
                parts {
                  code
                  period
                }
              }
              parts {
                cycle {
                  code
                  partOf {
                    code
                  }
                }
                stage
              }
            }
          }
        }
      `,
      { id: term.id },
    );
    expect(shown.node.cycle).toEqual({
      code: 'NK2020-2025',
      period: 'TERM',
      parts: ['2023', '2024', '2025'].map((c) => ({ code: c, period: 'YEAR' })),
    });
    expect(shown.node.parts).toEqual(['2023', '2024'].map((c) => ({ cycle: { code: c, partOf: { code: 'NK2020-2025' } }, stage: 'OPEN' })));
  });
});
