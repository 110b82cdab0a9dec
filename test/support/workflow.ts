import { gql } from 'graphql-request';
import { TestApi } from './api';

/** Drives the rating workflow through GraphQL as real clients would; each helper returns the payload. */
export class Workflow {
  constructor(private readonly api: TestApi, readonly cycle: string) {}

  async subjectId(kind: string, code: string): Promise<string> {
    const [row] = await this.api.db.query(`SELECT ref_id FROM rating_subject WHERE kind = $1 AND code = $2`, [kind, code]);
    if (!row) throw new Error(`no subject ${kind} ${code}`);
    const type = { PARTY_ORGANIZATION: 'Body', LEADERSHIP_COLLECTIVE: 'Collective', PARTY_MEMBER: 'Membership', LEADER: 'Post' }[kind];
    return Buffer.from(`${type}:${row.ref_id}`).toString('base64url');
  }

  private async call(as: string, mutation: string, input: Record<string, unknown>): Promise<any> {
    const data = await this.api.as(as).request<any>(gql`mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) {
      ${mutation}(input: $input) { rating { id stage version selfLevel proposedLevel decidedLevel ceiling notRatedReason findings { rule source }
        consultations { id source opinionLevel body { code } } suggestions { id } authority { code } delegation { code source } }
        userErrors { code field message rule source figures } } }`, { input });
    return data[mutation];
  }

  async open(as: string, kind: string, code: string) {
    const p = await this.call(as, 'openRating', { cycle: this.cycle, subject: await this.subjectId(kind, code) });
    if (p.userErrors.length) throw new Error(JSON.stringify(p.userErrors));
    return p.rating;
  }

  selfAssess(as: string, rating: string, input: { criteria: { id: string; grade?: string; points?: number }[]; selfLevel: string; targets?: object }) {
    return this.call(as, 'submitSelfAssessment', { rating, ...input });
  }

  review(as: string, rating: string, heldOn = `${this.cycle}-11-20`) {
    return this.call(as, 'recordReview', { rating, heldOn });
  }

  verify(as: string, rating: string, facts: Record<string, unknown> = {}) {
    return this.call(as, 'verifyRating', { rating, facts });
  }

  propose(as: string, rating: string, level: string, ballots: Record<string, number>) {
    return this.call(as, 'proposeRating', { rating, level, ballots });
  }

  opinion(as: string, consultation: string, level: string) {
    return this.call(as, 'giveOpinion', { consultation, level, opinion: 'Đồng ý' });
  }

  decide(as: string, rating: string, level: string, extra: Record<string, unknown> = {}) {
    return this.call(as, 'decideRating', { rating, level, ...extra });
  }

  publish(as: string, rating: string) {
    return this.call(as, 'publishRating', { rating });
  }

  /** Open, self-assess and review a subject, as the subject (or the head of a collective) would. */
  async prepared(selfAs: string, kind: string, code: string, criteria: { id: string; grade: string }[], targets?: object) {
    const r = await this.open(selfAs, kind, code);
    const s = await this.selfAssess(selfAs, r.id, { criteria, selfLevel: 'GOOD', targets });
    if (s.userErrors.length) throw new Error(JSON.stringify(s.userErrors));
    const v = await this.review(selfAs, r.id);
    if (v.userErrors.length) throw new Error(JSON.stringify(v.userErrors));
    return v.rating;
  }
}

export const MEMBER_CRITERIA = ['I1', 'I2', 'I3', 'I7'].map((id) => ({ id, grade: id === 'I2' ? 'OUTSTANDING' : 'GOOD' }));
export const LEADER_CRITERIA = ['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7'].map((id) => ({ id, grade: id === 'I2' || id === 'I4' ? 'OUTSTANDING' : 'GOOD' }));
export const COLLECTIVE_CRITERIA = ['C1', 'C2', 'C3', 'C4', 'C5'].map((id) => ({ id, grade: id === 'C2' || id === 'C4' ? 'OUTSTANDING' : 'GOOD' }));
export const FULL_TARGETS = { total: 10, done: 10, exceeded: 5 };

/** Plain members (no posts) of a unit's subtree, eligible in the cycle, by code. */
export async function plainMembers(api: TestApi, unitCode: string, count: number): Promise<string[]> {
  const rows = await api.db.query(
    `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.code = $1
      WHERE m.unit_path LIKE u.path || '%' AND m.status = 'OFFICIAL' AND m.admitted_on < '2024-01-01'
        AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id) ORDER BY p.code LIMIT $2`, [unitCode, count]);
  if (rows.length < count) throw new Error(`only ${rows.length} plain members in ${unitCode}`);
  return rows.map((r: { code: string }) => r.code);
}

export async function secretaryOfBranchOf(api: TestApi, personCode: string): Promise<string> {
  const [row] = await api.db.query(
    `SELECT po.code FROM person p JOIN membership m ON m.person_id = p.id JOIN post po ON po.unit_id = m.branch_id AND po.category = 'BRANCH_SECRETARY' WHERE p.code = $1`, [personCode]);
  return row.code;
}

/** The rating of a payload, failing the test with the user errors when there are any. */
export function ok(p: { rating: any; userErrors: unknown[] }): any {
  if (p.userErrors.length) throw new Error(JSON.stringify(p.userErrors, null, 1));
  return p.rating;
}
