import { gql } from 'graphql-request';
import { TestApi, refusalOf, startTestApi } from '../support/api';
import { agreeing } from '../support/eventually';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, Workflow, ok, plainMembers, unanimous } from '../support/workflow';
import { dbIdOf } from '../support/ids';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const PAYLOAD = `rating { id stage version decidedLevel flaggedReason } userErrors { code field message rule source figures }`;

describe('review suggestions (004 §I.4.1)', () => {
  it('holds the review back until every suggestion is answered and the upper body approves the report', async () => {
    const w = new Workflow(api, '2024');
    const r = await w.open('HT-TP-XTH-CTMTTQ', 'LEADER', 'HT-TP-XTH-CTMTTQ');
    ok(await w.selfAssess('HT-TP-XTH-CTMTTQ', r.id, { criteria: LEADER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    const issue = await api.as('HT-TP-XTH-BT').request<any>(
      gql`
        mutation ($r: ID!) {
          issueReviewSuggestion(input: { rating: $r, text: "Làm rõ trách nhiệm về chậm tiến độ giải phóng mặt bằng" }) {
            rating {
              suggestions {
                id
              }
            }
            userErrors {
              code
            }
          }
        }
      `,
      { r: r.id },
    );
    const [suggestion] = issue.issueReviewSuggestion.rating.suggestions;
    expect((await w.review('HT-TP-XTH-CTMTTQ', r.id)).userErrors[0]).toMatchObject({
      code: 'SUGGESTIONS_UNANSWERED',
      figures: { suggestions: 1, unanswered: 1 },
    });
    await api.as('HT-TP-XTH-CTMTTQ').request(
      gql`
        mutation ($s: ID!) {
          answerReviewSuggestion(input: { suggestion: $s, answer: "Đã nêu rõ tại phần IV" }) {
            userErrors {
              code
            }
          }
        }
      `,
      { s: suggestion.id },
    );
    expect((await w.review('HT-TP-XTH-CTMTTQ', r.id)).userErrors[0]).toMatchObject({
      code: 'REPORT_NOT_APPROVED',
      rule: 'review.report-approval',
      source: '004 §I.4.1.1',
    });
    const approve = gql`mutation($r: ID!) { approveReviewReport(input: { rating: $r }) { ${PAYLOAD} } }`;
    expect(await refusalOf(api.as('HT-TP-XTH-CTMTTQ').request<any>(approve, { r: r.id }))).toBe('FORBIDDEN');
    // The ward's own committee manages its Front chair but does not agree to the report: the standing body of the city committee above does.
    const own: any = await api
      .as('HT-TP-XTH-BT')
      .request(approve, { r: r.id })
      .catch((e) => e);
    expect(own.response.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', figures: { upperCommittee: 'HT-TP-BCH' } });
    expect(own.response.errors[0].message).toContain('004 §I.4.1.1');
    ok((await api.as('HT-TP-BT').request<any>(approve, { r: r.id })).approveReviewReport);
    expect(ok(await w.review('HT-TP-XTH-CTMTTQ', r.id)).stage).toBe('SELF_ASSESSED');
  });
});

describe('suggestions by the managing body, drafted by its advisory body (004 §I.4.1.2)', () => {
  it('lets the city standing committee suggest to a cadre on its list whose rating it delegated, and its organization commission draft for it', async () => {
    const w = new Workflow(api, '2024');
    const subject = 'HT-TP-XTH-PCTMTTQ';
    const r = await w.open(subject, 'LEADER', subject);
    ok(await w.selfAssess(subject, r.id, { criteria: LEADER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    const SUGGEST = gql`
      mutation ($r: ID!, $t: String!) {
        issueReviewSuggestion(input: { rating: $r, text: $t }) {
          rating {
            id
          }
          userErrors {
            code
          }
        }
      }
    `;
    const LIST = gql`
      query ($r: ID!) {
        node(id: $r) {
          ... on Rating {
            suggestions {
              id
              text
              issuedAt
              issuedBy {
                code
              }
              draftedBy {
                code
              }
            }
          }
        }
      }
    `;
    const seenBy = async (who: string) => (await api.as(who).request<any>(LIST, { r: r.id })).node?.suggestions;

    // The chairman of the city's people's committee reads the ward but neither manages its Front nor drafts for those who do.
    const outsider: any = await api
      .as('HT-TP-CTUBND')
      .request(SUGGEST, { r: r.id, t: 'x' })
      .catch((e) => e);
    expect(outsider.response.errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      figures: expect.objectContaining({ managing: expect.stringContaining('HT-TP-BTV') }),
    });
    ok(
      (await api.as('HT-TP-BTC-TB').request<any>(SUGGEST, { r: r.id, t: 'Dự thảo: làm rõ việc chậm giải quyết kiến nghị cử tri' }))
        .issueReviewSuggestion,
    );
    const [draft] = await seenBy('HT-TP-BTC-TB');
    expect(draft).toMatchObject({ issuedAt: null, issuedBy: null, draftedBy: { code: 'HT-TP-BTC' } });
    // A draft neither shows to the subject nor holds the review back; the subject cannot answer it.
    expect(await seenBy(subject)).toEqual([]);
    // By its own id too: node() answers a draft to its drafters, and to the subject as for an id that does not exist.
    const NODE = gql`
      query ($id: ID!) {
        node(id: $id) {
          __typename
          ... on ReviewSuggestion {
            id
            issuedAt
          }
        }
      }
    `;
    expect((await api.as('HT-TP-BTC-TB').request<any>(NODE, { id: draft.id })).node).toEqual({
      __typename: 'ReviewSuggestion',
      id: draft.id,
      issuedAt: null,
    });
    expect((await api.as(subject).request<any>(NODE, { id: draft.id })).node).toBeNull();
    expect((await api.as('HT-CL-BT').request<any>(NODE, { id: draft.id })).node).toBeNull();
    const ANSWER = gql`
      mutation ($s: ID!) {
        answerReviewSuggestion(input: { suggestion: $s, answer: "x" }) {
          userErrors {
            code
          }
        }
      }
    `;
    expect(await refusalOf(api.as(subject).request(ANSWER, { s: draft.id }))).toBe('NOT_FOUND');

    const ISSUE = gql`
      mutation ($s: ID!, $t: String) {
        issueDraftedSuggestion(input: { suggestion: $s, text: $t }) {
          userErrors {
            code
          }
        }
      }
    `;
    expect(await refusalOf(api.as('HT-TP-BTC-TB').request(ISSUE, { s: draft.id }))).toBe('FORBIDDEN');
    const text = 'Làm rõ trách nhiệm về việc chậm giải quyết kiến nghị cử tri';
    expect((await api.as('HT-TP-BT').request<any>(ISSUE, { s: draft.id, t: text })).issueDraftedSuggestion.userErrors).toEqual([]);
    expect(await seenBy(subject)).toEqual([
      expect.objectContaining({ id: draft.id, text, issuedBy: { code: 'HT-TP-BTV' }, draftedBy: { code: 'HT-TP-BTC' } }),
    ]);
    expect((await api.as(subject).request<any>(NODE, { id: draft.id })).node).toMatchObject({
      __typename: 'ReviewSuggestion',
      id: draft.id,
    });
    expect((await api.as('HT-TP-BT').request<any>(ISSUE, { s: draft.id, t: null })).issueDraftedSuggestion.userErrors).toEqual([
      { code: 'WRONG_STAGE' },
    ]);
    expect((await w.review(subject, r.id)).userErrors[0]).toMatchObject({
      code: 'SUGGESTIONS_UNANSWERED',
      figures: { suggestions: 1, unanswered: 1 },
    });
  });
});

describe('optimistic versions and idempotent decisions', () => {
  it('refuses a stale update, and a retried decision with the same key decides once', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-XTH-CB03', 1);
    const r = await w.proposedMember(m);
    const stale = await w.decide('HT-TP-XTH-BT', r.id, 'GOOD', { expectedVersion: r.version - 1 });
    expect(stale.userErrors[0]).toMatchObject({ code: 'STALE_VERSION', figures: { current: r.version, sent: r.version - 1 } });
    const first = ok(await w.decide('HT-TP-XTH-BT', r.id, 'GOOD', { expectedVersion: r.version, idempotencyKey: `decide-${m}` }));
    const retry = ok(await w.decide('HT-TP-XTH-BT', r.id, 'GOOD', { expectedVersion: r.version, idempotencyKey: `decide-${m}` }));
    expect(retry).toMatchObject({ id: first.id, version: first.version, decidedLevel: 'GOOD' });
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'decide' AND entity_id = $1`, [
      dbIdOf(first.id),
    ]);
    expect(n).toBe(1);
  });
});

describe('re-rating and complaints (004 §II.7.8)', () => {
  const RERATE = gql`
    mutation ($input: ReRateInput!) {
      reRate(input: $input) {
        rating {
          id
          stage
          decidedLevel
          flaggedReason
          commendationsToReview
          authority {
            code
          }
          reRatedBy {
            code
          }
          replaces {
            decidedLevel
            annulReason
            annulledAt
          }
        }
        userErrors {
          code
          field
          message
          rule
          source
          figures
        }
      }
    }
  `;
  const reRate = (as: string, input: Record<string, unknown>) =>
    api
      .as(as)
      .request<any>(RERATE, { input })
      .then((d) => d.reRate);

  it('is decided by the directly superior committee, annuls the result, records the new one and flags the head whose cap it changed', async () => {
    const w = new Workflow(api, '2024');
    const branch = await w.host('HT-TP-PTCKH-CB-BT', 'PARTY_ORGANIZATION', 'HT-TP-PTCKH-CB-CB');
    const unit = await w.prepared('HT-TP-PTCKH-TP', 'LEADERSHIP_COLLECTIVE', 'HT-TP-PTCKH-LDTT', COLLECTIVE_CRITERIA, undefined, branch);
    ok(await w.verify('HT-TP-PNV-TP', unit.id));
    await w.consulted(unit.id);
    const unitDecided = ok(await w.decide('HT-TP-CTUBND', unit.id, 'GOOD'));
    ok(await w.publish('HT-TP-CTUBND', unit.id));
    const head = await w.prepared('HT-TP-PTCKH-TP', 'LEADER', 'HT-TP-PTCKH-TP', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-TP-PNV-TP', head.id, { civilServiceLevel: 'GOOD' }));
    ok(await w.professional('HT-TP-PNV-TP', 'HT-TP-PTCKH-LDTT', 'GOOD'));
    ok(await w.decide('HT-TP-CTUBND', head.id, 'GOOD'));

    const input = {
      rating: unitDecided.id,
      level: 'COMPLETE',
      reason: 'Kỷ luật khiển trách năm 2025 cho vi phạm năm 2024',
      decisionRef: 'Mẫu 03 số 12-QĐ',
      ballots: unanimous('COMPLETE'),
    };
    // The chairman decided the department's collective; the re-rating belongs to the city committee above the department.
    const refused: any = await api
      .as('HT-TP-CTUBND')
      .request(RERATE, { input })
      .catch((e) => e);
    expect(refused.response.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', figures: { upperCommittee: 'HT-TP-BCH' } });
    expect(refused.response.errors[0].message).toContain('004 §II.7.8');
    expect((await reRate('HT-TP-BT', { ...input, reason: '  ' })).userErrors[0]).toMatchObject({
      code: 'REASON_REQUIRED',
      source: '004 §II.7.8',
    });
    expect((await reRate('HT-TP-BT', { ...input, ballots: null })).userErrors[0]).toMatchObject({
      code: 'BALLOTS_REQUIRED',
      rule: 'ballots.secret-ballot',
      source: '001 §V; 004 §II.4.1–4.3',
    });
    const rerated = ok(await reRate('HT-TP-BT', input));
    expect(rerated).toMatchObject({
      stage: 'PUBLISHED',
      decidedLevel: 'COMPLETE',
      commendationsToReview: true,
      authority: { code: 'HT-TP-UBND' },
      reRatedBy: { code: 'HT-TP-BTV' },
      replaces: { decidedLevel: 'GOOD', annulReason: 'Kỷ luật khiển trách năm 2025 cho vi phạm năm 2024' },
    });
    expect(rerated.replaces.annulledAt).not.toBeNull();
    expect(rerated.id).not.toBe(unitDecided.id);
    const [flag] = await api.db.query(
      `SELECT flagged_reason FROM rating WHERE subject_code = 'HT-TP-PTCKH-TP' AND annulled_at IS NULL AND cycle_id = (SELECT id FROM cycle WHERE code = '2024')`,
    );
    expect(flag.flagged_reason).toContain('004 §II.7.15');
    const listed = await api.as('HT-TP-BT').request<any>(gql`
      {
        ratings(cycle: "2024", reRated: true, first: 100) {
          nodes {
            id
            commendationsToReview
          }
        }
      }
    `);
    expect(listed.ratings.nodes).toContainEqual({ id: rerated.id, commendationsToReview: true });
    const [event] = await api.db.query(
      `SELECT b.code FROM audit_event e JOIN body b ON b.id = e.acting_for_body_id WHERE e.action = 'reRate' AND e.entity_id = $1`,
      [dbIdOf(rerated.id)],
    );
    expect(event.code).toBe('HT-TP-BTV');
  });

  it('passes a new level through the standards, the ballots and the quota; a lowering that breaks the scope shows as breached', async () => {
    // Cycle 2023 in Trần Phú ward: no other test decides members there, so the scope's figures are this test's.
    const w = new Workflow(api, '2023');
    const members = await plainMembers(api, 'HT-TP-TP', 5);
    const ratings = [];
    for (const [i, m] of members.entries()) {
      const r = await w.proposedMember(m);
      ratings.push(ok(await w.decide('HT-TP-TP-BT', r.id, i === 4 ? 'EXCELLENT' : 'GOOD', i === 4 ? { overrideReason: 'Tiêu biểu' } : {})));
    }
    const authority = ratings[0].authority.code;
    const QUOTA = gql`
      query ($a: String!) {
        quota(cycle: "2023", authority: $a, subjectKind: PARTY_MEMBER) {
          figures {
            good
            excellent
            maxExcellent
            breached
          }
        }
      }
    `;
    expect((await api.as('HT-TP-TP-BT').request<any>(QUOTA, { a: authority })).quota.figures).toEqual({
      good: 5,
      excellent: 1,
      maxExcellent: 1,
      breached: false,
    });

    const reason = 'Kỷ luật cảnh cáo năm 2024 cho vi phạm năm 2023';
    // The committee above a branch of the ward is the ward's: the city's secretary may not re-rate its members.
    expect(await refusalOf(api.as('HT-TP-BT').request(RERATE, { input: { rating: ratings[0].id, level: 'COMPLETE', reason } }))).toBe(
      'FORBIDDEN',
    );
    const disciplined = {
      rating: ratings[0].id,
      level: 'COMPLETE',
      reason,
      facts: { discipline: { disciplined: true } },
      ballots: unanimous('COMPLETE'),
    };
    expect((await reRate('HT-TP-TP-BT', disciplined)).userErrors[0]).toMatchObject({
      code: 'CEILING_EXCEEDED',
      rule: 'individual.disciplined',
      source: '004 §II.5.2.4',
    });
    const ballots = { convened: 9, complete: 7, notComplete: 2 };
    expect((await reRate('HT-TP-TP-BT', { ...disciplined, level: 'NOT_COMPLETE', ballots })).userErrors[0]).toMatchObject({
      code: 'BALLOTS_MISMATCH',
      figures: { result: 'COMPLETE', asked: 'NOT_COMPLETE' },
    });
    // The ward's standing committee has four members who vote (the secretary also chairs the council): nine cannot be convened.
    expect(
      (await reRate('HT-TP-TP-BT', { ...disciplined, level: 'NOT_COMPLETE', ballots: { convened: 9, notComplete: 8 } })).userErrors[0],
    ).toMatchObject({
      code: 'CONVENED_OVER_MEMBERS',
      field: ['input', 'ballots', 'convened'],
      figures: { convened: 9, members: 4, body: 'HT-TP-TP-BTV' },
    });
    const lowered = ok(await reRate('HT-TP-TP-BT', { ...disciplined, level: 'NOT_COMPLETE', ballots: { convened: 4, notComplete: 3 } }));
    expect(lowered).toMatchObject({ decidedLevel: 'NOT_COMPLETE', commendationsToReview: true, reRatedBy: { code: 'HT-TP-TP-BTV' } });

    // GOOD pool 4: at most 0 EXCELLENT, and one stands. Not refused (a lowering never is), but breached and flagged.
    expect((await api.as('HT-TP-TP-BT').request<any>(QUOTA, { a: authority })).quota.figures).toEqual({
      good: 4,
      excellent: 1,
      maxExcellent: 0,
      breached: true,
    });
    const report = await api.as('HT-TP-TP-BT').request<any>(gql`
      {
        report(cycle: "2023", asOf: "2023-12-31") {
          authorities {
            authority {
              code
            }
            kind
            good
            excellent
            maxExcellent
            breached
          }
        }
      }
    `);
    expect(report.report.authorities).toContainEqual({
      authority: { code: authority },
      kind: 'PARTY_MEMBER',
      good: 4,
      excellent: 1,
      maxExcellent: 0,
      breached: true,
    });
    const [excellent] = await api.db.query(`SELECT flagged_reason FROM rating WHERE id = $1`, [dbIdOf(ratings[4].id)]);
    expect(excellent.flagged_reason).toContain('DOMAIN §15.1');

    // Raising someone to EXCELLENT in the breached scope is refused with the figures.
    const raise = await reRate('HT-TP-TP-BT', {
      rating: ratings[1].id,
      level: 'EXCELLENT',
      reason: 'Phát hiện thành tích',
      overrideReason: 'Tiêu biểu',
      ballots: unanimous('EXCELLENT'),
    });
    expect(raise.userErrors[0]).toMatchObject({ code: 'QUOTA_EXCEEDED', figures: { good: 4, maxExcellent: 0, excellent: 2 } });
  });

  it('takes a complaint to the body that decided, which resolves it with a new level through the same checks', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-XTH-CB04', 1);
    const r = await w.proposedMember(m);
    ok(await w.decide('HT-TP-XTH-BT', r.id, 'COMPLETE'));
    const filed = await api.as(m).request<any>(
      gql`
        mutation ($r: ID!) {
          fileComplaint(input: { rating: $r, text: "Đề nghị xem xét lại" }) {
            rating {
              complaints {
                id
                status
                text
                assignedTo {
                  code
                }
              }
            }
            userErrors {
              code
            }
          }
        }
      `,
      { r: r.id },
    );
    expect(filed.fileComplaint.userErrors).toEqual([]);
    const [mine] = filed.fileComplaint.rating.complaints;
    expect(mine).toMatchObject({ status: 'OPEN', text: 'Đề nghị xem xét lại', assignedTo: { code: 'HT-TP-XTH-DB' } });
    const complaint = mine.id;
    // The body that must resolve it finds it in its list, and by id; another ward's secretary does neither.
    const LIST = gql`
      {
        complaints(cycle: "2024", status: OPEN, first: 100) {
          nodes {
            id
            rating {
              id
            }
          }
        }
      }
    `;
    expect((await api.as('HT-TP-XTH-BT').request<any>(LIST)).complaints.nodes).toContainEqual({ id: complaint, rating: { id: r.id } });
    expect((await api.as('HT-TP-BH-BT').request<any>(LIST)).complaints.nodes.map((n: any) => n.id)).not.toContain(complaint);
    const NODE = gql`
      query ($id: ID!) {
        node(id: $id) {
          ... on Complaint {
            status
          }
        }
      }
    `;
    expect((await api.as('HT-TP-XTH-BT').request<any>(NODE, { id: complaint })).node).toEqual({ status: 'OPEN' });
    expect((await api.as('HT-TP-BH-BT').request<any>(NODE, { id: complaint })).node).toBeNull();
    const RESOLVE = gql`mutation($c: ID!, $b: BallotsInput) { resolveComplaint(input: { complaint: $c, resolution: "Chấp nhận một phần", newLevel: GOOD, ballots: $b }) { ${PAYLOAD} } }`;
    expect(await refusalOf(api.as(m).request<any>(RESOLVE, { c: complaint }))).toBe('FORBIDDEN');
    const mismatch = await api.as('HT-TP-XTH-BT').request<any>(RESOLVE, { c: complaint, b: { convened: 7, good: 3, complete: 4 } });
    expect(mismatch.resolveComplaint.userErrors[0]).toMatchObject({
      code: 'BALLOTS_MISMATCH',
      figures: { result: 'COMPLETE', asked: 'GOOD' },
    });
    const resolved = ok(
      (await api.as('HT-TP-XTH-BT').request<any>(RESOLVE, { c: complaint, b: { convened: 7, good: 5, complete: 2 } })).resolveComplaint,
    );
    expect(resolved).toMatchObject({ decidedLevel: 'GOOD', stage: 'PUBLISHED' });
    const seen = (
      await api.as('HT-TP-XTH-BT').request<any>(
        gql`
          query ($id: ID!) {
            node(id: $id) {
              ... on Complaint {
                status
                newRating {
                  id
                }
              }
            }
          }
        `,
        { id: complaint },
      )
    ).node;
    expect(seen).toEqual({ status: 'RESOLVED_CHANGED', newRating: { id: resolved.id } });
  });
});

describe('deadlines, quota meter and audit trail', () => {
  it('lists what is late against the deadline of each tier, only within scope', async () => {
    const Q = gql`
      query ($asOf: String!, $within: Int!) {
        overdue(cycle: "2024", asOf: $asOf, dueWithinDays: $within, first: 100, kinds: [LEADER]) {
          totalCount
          nodes {
            subject {
              code
              unit {
                code
              }
            }
            tier
            dueOn
            daysLate
            source
          }
        }
      }
    `;
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
    const data = await api.as('HT-TP-XTH-BT').request<any>(gql`
      {
        quota(cycle: "2024", authority: "HT-TP-XTH-DB", subjectKind: PARTY_MEMBER) {
          figures {
            eligible
            good
            excellent
            maxExcellent
          }
          source
        }
      }
    `);
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM membership m JOIN unit u ON u.code = 'HT-TP-XTH'
        WHERE m.unit_path LIKE u.path || '%' AND m.status IN ('OFFICIAL', 'PROBATIONARY') AND m.admitted_on <= '2024-06-01'`,
    );
    expect(data.quota.figures.eligible).toBe(n);
    expect(data.quota.source).toBe('004 §II.5.2.1; 000 §4');
    // The same meter from a subject, its authority found from the matrix in force; an outsider is told the subject does not exist.
    const [m] = await plainMembers(api, 'HT-TP-XTH-CB02', 1);
    const [{ id }] = await api.db.query(`SELECT m.id FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = $1`, [m]);
    const BY_SUBJECT = gql`
      query ($s: ID!) {
        quotaOfSubject(cycle: "2024", subject: $s) {
          authority
          subjectKind
          figures {
            eligible
          }
        }
      }
    `;
    const s = Buffer.from(`Membership:${id}`).toString('base64url');
    expect((await api.as('HT-TP-XTH-BT').request<any>(BY_SUBJECT, { s })).quotaOfSubject).toEqual({
      authority: 'HT-TP-XTH-DB',
      subjectKind: 'PARTY_MEMBER',
      figures: { eligible: n },
    });
    expect(await refusalOf(api.as('HT-TP-BH-BT').request(BY_SUBJECT, { s }))).toBe('NOT_FOUND');
  });

  it('leaves out of the eligible count a member suspended, one admitted within the months, and one settled NOT_RATED', async () => {
    const Q = `{ quota(cycle: "2024", authority: "HT-TP-XTH-DB", subjectKind: PARTY_MEMBER) { figures { eligible } } }`;
    const eligible = async () => (await api.as('HT-TP-XTH-BT').request<any>(Q)).quota.figures.eligible as number;
    const before = await eligible();
    // A branch no other file takes members from: the files share the database and run at once.
    const [suspended, recent, notRated] = await plainMembers(api, 'HT-TP-XTH-CB07', 3);
    const w = new Workflow(api, '2024');
    const ratingId = Buffer.from((await w.open('HT-TP-XTH-BT', 'PARTY_MEMBER', notRated)).id, 'base64url')
      .toString()
      .split(':')[1];
    const kept = await api.db.query(
      `SELECT m.id, m.status, m.admitted_on, m.official_on FROM membership m JOIN person p ON p.id = m.person_id WHERE p.code = ANY($1)`,
      [[suspended, recent]],
    );
    try {
      await api.db.query(`UPDATE membership m SET status = 'SUSPENDED' FROM person p WHERE p.id = m.person_id AND p.code = $1`, [
        suspended,
      ]);
      // Admitted four months before the reference day (2024-12-01): under the pack's six (004 §II.1.2).
      await api.db.query(
        `UPDATE membership m SET admitted_on = '2024-08-01', official_on = NULL FROM person p WHERE p.id = m.person_id AND p.code = $1`,
        [recent],
      );
      await api.db.query(`UPDATE rating SET stage = 'NOT_RATED', not_rated_reason = 'EXEMPTED' WHERE id = $1`, [ratingId]);
      expect(await eligible()).toBe(before - 3);
    } finally {
      for (const m of kept)
        await api.db.query(`UPDATE membership SET status = $2, admitted_on = $3, official_on = $4 WHERE id = $1`, [
          m.id,
          m.status,
          m.admitted_on,
          m.official_on,
        ]);
      await api.db.query(`UPDATE rating SET stage = 'OPEN', not_rated_reason = NULL WHERE id = $1`, [ratingId]);
    }
    expect(await eligible()).toBe(before);
  });

  it('simulates planned decisions from what is recorded, one after another, writing nothing', async () => {
    // Cycle 2023 in Nguyễn Du ward: five members decided GOOD, then a plan of two EXCELLENT.
    const w = new Workflow(api, '2023');
    const members = await plainMembers(api, 'HT-TP-ND', 7);
    const ratings = [];
    for (const m of members) ratings.push(await w.proposedMember(m));
    for (const r of ratings.slice(0, 5)) ok(await w.decide('HT-TP-ND-BT', r.id, 'GOOD'));
    const SIM = gql`
      query ($plan: [PlannedDecisionInput!]!) {
        simulateDecisions(cycle: "2023", plan: $plan) {
          rating
          level
          allowed
          findings {
            rule
            source
            figures
          }
        }
      }
    `;
    const plan = [
      { rating: ratings[5].id, level: 'EXCELLENT' },
      { rating: ratings[6].id, level: 'EXCELLENT' },
    ];
    const [first, second] = (await api.as('HT-TP-ND-BT').request<any>(SIM, { plan })).simulateDecisions;
    expect(first).toMatchObject({ rating: ratings[5].id, allowed: true, findings: [] });
    expect(second).toMatchObject({
      rating: ratings[6].id,
      allowed: false,
      findings: [
        expect.objectContaining({
          rule: 'quota.excellent-share',
          figures: expect.objectContaining({ good: 7, maxExcellent: 1, excellent: 2 }),
        }),
      ],
    });
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM rating WHERE id = ANY($1) AND decided_level IS NOT NULL`, [
      [ratings[5].id, ratings[6].id].map((id: string) => dbIdOf(id)),
    ]);
    expect(n).toBe(0);
    // Someone who may not decide them learns nothing from the simulation but that.
    const outsider = (await api.as('HT-TP-BH-BT').request<any>(SIM, { plan })).simulateDecisions;
    expect(outsider.map((d: any) => [d.allowed, d.findings[0].rule])).toEqual([
      [false, 'authority.decide'],
      [false, 'authority.decide'],
    ]);
  });

  it('counts a ballot as a decision would, without deciding', async () => {
    const TALLY = gql`
      query ($b: BallotsInput!) {
        ballotTally(ballots: $b) {
          decided
          level
          figures
          findings {
            rule
            source
          }
        }
      }
    `;
    const good = (await api.as('HT-TP-XTH-BT').request<any>(TALLY, { b: { convened: 10, excellent: 1, good: 5, complete: 3 } }))
      .ballotTally;
    expect(good).toMatchObject({ decided: true, level: 'GOOD', findings: [] });
    const none = (await api.as('HT-TP-XTH-BT').request<any>(TALLY, { b: { convened: 10, good: 3, complete: 2 } })).ballotTally;
    expect(none).toMatchObject({
      decided: false,
      level: null,
      findings: [{ rule: 'ballots.no-majority', source: '001 §V, appendix §3–4' }],
    });
    const bad: any = await api
      .as('HT-TP-XTH-BT')
      .request(TALLY, { b: { convened: 2, good: 3 } })
      .catch((e) => e);
    expect(bad.response.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lists audit events with who acted for which body under which delegation', async () => {
    const data = await api.as('ADMIN001').request<any>(gql`
      {
        auditTrail(first: 100, entity: "rating", action: "decide") {
          totalCount
          nodes {
            action
            actingForBodyId
            delegationId
            before
            after
            hash
          }
        }
      }
    `);
    const decision = data.auditTrail.nodes.find((e: any) => e.action === 'decide');
    expect(decision.actingForBodyId).not.toBeNull();
    expect(decision.delegationId).not.toBeNull();
    expect(decision.after.stage).toBe('DECIDED');
    const refused: any = await api
      .as('HT-TP-XTH-BT')
      .request(gql`
        {
          auditTrail(first: 5) {
            totalCount
          }
        }
      `)
      .catch((e: any) => e);
    expect(refused.response.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lists the events of a subtree within a unit, for the administrator and the auditor who holds it; none for another district’s auditor', async () => {
    const unit = async (code: string) => (await api.db.query(`SELECT id, path FROM unit WHERE code = $1`, [code]))[0];
    const idOf = (u: { id: string }) => Buffer.from(`Unit:${u.id}`).toString('base64url');
    const TRAIL = `query($within: ID) { auditTrail(first: 100, within: $within) { totalCount nodes { id } } }`;
    const ward = await unit('HT-TP-XTH');
    const inDb = async (path: string) =>
      (await api.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE unit_path LIKE $1 || '%'`, [path]))[0].n as number;
    // Other files append events meanwhile: the counts are read again where they differ.
    const { actual, expected } = await agreeing(async () => {
      const expectedWard = await inDb(ward.path);
      return {
        actual: {
          administrator: (await api.as('ADMIN001').request<any>(TRAIL, { within: idOf(ward) })).auditTrail.totalCount,
          cityAuditor: (await api.as('HT-TP-BTC-TB').request<any>(TRAIL, { within: idOf(ward) })).auditTrail.totalCount,
        },
        expected: { administrator: expectedWard, cityAuditor: expectedWard },
      };
    });
    expect(expected.administrator).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    // Another district's auditor, asked about the city's ward: nothing, where the administrator sees its events.
    expect((await api.as('HT-CL-BTC-TB').request<any>(TRAIL, { within: idOf(ward) })).auditTrail).toEqual({ totalCount: 0, nodes: [] });
  });
});
