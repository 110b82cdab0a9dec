import { gql } from 'graphql-request';
import { TestApi, startTestApi } from '../support/api';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, MEMBER_CRITERIA, Workflow, ok, plainMembers } from '../support/workflow';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });


const PAYLOAD = `rating { id stage version decidedLevel flaggedReason } userErrors { code field message rule source figures }`;

describe('review suggestions (004 §I.4.1)', () => {
  it('holds the review back until every suggestion is answered and the upper body approves the report', async () => {
    const w = new Workflow(api, '2024');
    const r = await w.open('HT-TP-XTH-CTMTTQ', 'LEADER', 'HT-TP-XTH-CTMTTQ');
    ok(await w.selfAssess('HT-TP-XTH-CTMTTQ', r.id, { criteria: LEADER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    const issue = await api.as('HT-TP-XTH-BT').request<any>(gql`mutation($r: ID!) { issueReviewSuggestion(input: { rating: $r, text: "Làm rõ trách nhiệm về chậm tiến độ giải phóng mặt bằng" }) { rating { suggestions { id } } userErrors { code } } }`, { r: r.id });
    const [suggestion] = issue.issueReviewSuggestion.rating.suggestions;
    expect((await w.review('HT-TP-XTH-CTMTTQ', r.id)).userErrors[0]).toMatchObject({ code: 'SUGGESTIONS_UNANSWERED', figures: { suggestions: 1, unanswered: 1 } });
    await api.as('HT-TP-XTH-CTMTTQ').request(gql`mutation($s: ID!) { answerReviewSuggestion(input: { suggestion: $s, answer: "Đã nêu rõ tại phần IV" }) { userErrors { code } } }`, { s: suggestion.id });
    expect((await w.review('HT-TP-XTH-CTMTTQ', r.id)).userErrors[0]).toMatchObject({ code: 'REPORT_NOT_APPROVED', rule: 'review.report-approval', source: '004 §I.4.1.1' });
    const approve = gql`mutation($r: ID!) { approveReviewReport(input: { rating: $r }) { ${PAYLOAD} } }`;
    expect((await api.as('HT-TP-XTH-CTMTTQ').request<any>(approve, { r: r.id })).approveReviewReport.userErrors[0].code).toBe('NOT_AUTHORIZED');
    ok((await api.as('HT-TP-XTH-BT').request<any>(approve, { r: r.id })).approveReviewReport);
    expect(ok(await w.review('HT-TP-XTH-CTMTTQ', r.id)).stage).toBe('SELF_ASSESSED');
  });
});

describe('optimistic versions and idempotent decisions', () => {
  it('refuses a stale update, and a retried decision with the same key decides once', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-XTH-CB03', 1);
    const r = await w.prepared(m, 'PARTY_MEMBER', m, MEMBER_CRITERIA, FULL_TARGETS);
    const stale = await w.decide('HT-TP-XTH-BT', r.id, 'GOOD', { expectedVersion: r.version - 1 });
    expect(stale.userErrors[0]).toMatchObject({ code: 'STALE_VERSION', figures: { current: r.version, sent: r.version - 1 } });
    const first = ok(await w.decide('HT-TP-XTH-BT', r.id, 'GOOD', { expectedVersion: r.version, idempotencyKey: `decide-${m}` }));
    const retry = ok(await w.decide('HT-TP-XTH-BT', r.id, 'GOOD', { expectedVersion: r.version, idempotencyKey: `decide-${m}` }));
    expect(retry).toMatchObject({ id: first.id, version: first.version, decidedLevel: 'GOOD' });
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'decide' AND entity_id = $1`, [Buffer.from(first.id, 'base64url').toString().split(':')[1]]);
    expect(n).toBe(1);
  });
});

describe('re-rating and complaints (004 §II.7.8)', () => {
  it('annuls a result, records the new one, and flags the head whose cap it changed', async () => {
    const w = new Workflow(api, '2024');
    const unit = await w.prepared('HT-TP-PTCKH-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PTCKH-LDTT', COLLECTIVE_CRITERIA);
    ok(await w.verify('HT-TP-PNV-TP', unit.id));
    const unitDecided = ok(await w.decide('HT-TP-CTUBND', unit.id, 'GOOD'));
    ok(await w.publish('HT-TP-CTUBND', unit.id));
    const head = await w.prepared('HT-TP-PTCKH-TP', 'LEADER', 'HT-TP-PTCKH-TP', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-TP-PNV-TP', head.id, { civilServiceLevel: 'GOOD' }));
    ok(await w.decide('HT-TP-CTUBND', head.id, 'GOOD'));

    const RERATE = gql`mutation($r: ID!) { reRate(input: { rating: $r, level: COMPLETE, reason: "Kỷ luật khiển trách năm 2025 cho vi phạm năm 2024", decisionRef: "Mẫu 03 số 12-QĐ" }) { ${PAYLOAD} } }`;
    expect((await api.as('HT-TP-BT').request<any>(RERATE, { r: unitDecided.id })).reRate.userErrors[0].code).toBe('NOT_AUTHORIZED');
    const rerated = ok((await api.as('HT-TP-CTUBND').request<any>(RERATE, { r: unitDecided.id })).reRate);
    expect(rerated).toMatchObject({ stage: 'PUBLISHED', decidedLevel: 'COMPLETE' });
    expect(rerated.id).not.toBe(unitDecided.id);
    const [old] = await api.db.query(`SELECT annulled_at IS NOT NULL AS annulled, annul_reason FROM rating WHERE id = $1`, [Buffer.from(unitDecided.id, 'base64url').toString().split(':')[1]]);
    expect(old).toEqual({ annulled: true, annul_reason: 'Kỷ luật khiển trách năm 2025 cho vi phạm năm 2024' });
    const [flag] = await api.db.query(`SELECT flagged_reason FROM rating WHERE subject_code = 'HT-TP-PTCKH-TP' AND annulled_at IS NULL AND cycle_id = (SELECT id FROM cycle WHERE code = '2024')`);
    expect(flag.flagged_reason).toContain('004 §II.7.15');
  });

  it('takes a complaint to the body that decided, which resolves it with a new level', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-XTH-CB04', 1);
    const r = await w.prepared(m, 'PARTY_MEMBER', m, MEMBER_CRITERIA, FULL_TARGETS);
    ok(await w.decide('HT-TP-XTH-BT', r.id, 'COMPLETE'));
    const filed = await api.as(m).request<any>(gql`mutation($r: ID!) { fileComplaint(input: { rating: $r, text: "Đề nghị xem xét lại" }) { userErrors { code } } }`, { r: r.id });
    expect(filed.fileComplaint.userErrors).toEqual([]);
    const [c] = await api.db.query(`SELECT c.id, b.code FROM complaint c JOIN body b ON b.id = c.assigned_body_id ORDER BY c.id DESC LIMIT 1`);
    expect(c.code).toBe('HT-TP-XTH-DB');
    const complaint = Buffer.from(`Complaint:${c.id}`).toString('base64url');
    const RESOLVE = gql`mutation($c: ID!) { resolveComplaint(input: { complaint: $c, resolution: "Chấp nhận một phần", newLevel: GOOD }) { ${PAYLOAD} } }`;
    expect((await api.as(m).request<any>(RESOLVE, { c: complaint })).resolveComplaint.userErrors[0].code).toBe('NOT_AUTHORIZED');
    const resolved = ok((await api.as('HT-TP-XTH-BT').request<any>(RESOLVE, { c: complaint })).resolveComplaint);
    expect(resolved).toMatchObject({ decidedLevel: 'GOOD', stage: 'PUBLISHED' });
    const [after] = await api.db.query(`SELECT status FROM complaint WHERE id = $1`, [c.id]);
    expect(after.status).toBe('RESOLVED_CHANGED');
  });
});

describe('deadlines, quota meter and audit trail', () => {
  it('lists what is late against the deadline of each tier, only within scope', async () => {
    const Q = gql`query($asOf: String!, $within: Int!) { overdue(cycle: "2024", asOf: $asOf, dueWithinDays: $within, first: 100, kinds: [LEADER]) {
      totalCount nodes { subject { code unit { code } } tier dueOn daysLate source } } }`;
    const late = (await api.as('HT-TP-XTH-BT').request<any>(Q, { asOf: '2024-12-07', within: 0 })).overdue;
    expect(late.totalCount).toBeGreaterThan(0);
    expect(late.nodes.every((n: any) => n.subject.unit.code.startsWith('HT-TP-XTH'))).toBe(true);
    expect(late.nodes[0]).toMatchObject({ tier: 'GRASSROOTS', dueOn: '2024-12-05', daysLate: 2, source: '000 §7' });
    const early = (await api.as('HT-TP-XTH-BT').request<any>(Q, { asOf: '2024-11-30', within: 0 })).overdue;
    expect(early.totalCount).toBe(0);
    const soon = (await api.as('HT-TP-XTH-BT').request<any>(Q, { asOf: '2024-11-30', within: 5 })).overdue;
    expect(soon.nodes[0].daysLate).toBe(-5);
  });

  it('shows the live quota of an authority', async () => {
    const data = await api.as('HT-TP-XTH-BT').request<any>(gql`{ quota(cycle: "2024", authority: "HT-TP-XTH-DB", subjectKind: PARTY_MEMBER) { figures { eligible good excellent maxExcellent } source } }`);
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM membership m JOIN unit u ON u.code = 'HT-TP-XTH'
        WHERE m.unit_path LIKE u.path || '%' AND m.status IN ('OFFICIAL', 'PROBATIONARY') AND m.admitted_on <= '2024-06-01'`);
    expect(data.quota.figures.eligible).toBe(n);
    expect(data.quota.source).toBe('004 §II.5.2.1; 000 §4');
  });

  it('lists audit events with who acted for which body under which delegation', async () => {
    const data = await api.as('ADMIN001').request<any>(gql`{ auditTrail(first: 100, entity: "rating", action: "decide") { totalCount nodes { action actingForBodyId delegationId before after hash } } }`);
    const decision = data.auditTrail.nodes.find((e: any) => e.action === 'decide');
    expect(decision.actingForBodyId).not.toBeNull();
    expect(decision.delegationId).not.toBeNull();
    expect(decision.after.stage).toBe('DECIDED');
    const refused: any = await api.as('HT-TP-XTH-BT').request(gql`{ auditTrail(first: 5) { totalCount } }`).catch((e: any) => e);
    expect(refused.response.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
