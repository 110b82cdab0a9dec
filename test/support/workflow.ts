import { gql } from 'graphql-request';
import { TestApi } from './api';
import { dbIdOf } from './ids';
import { fromGlobalId } from '../../src/schema/global-id';

/** Drives the rating workflow through GraphQL as real clients would; each helper returns the payload. */
export class Workflow {
  constructor(
    private readonly api: TestApi,
    readonly cycle: string,
  ) {}

  async subjectId(kind: string, code: string): Promise<string> {
    const [row] = await this.api.db.query(`SELECT ref_id FROM rating_subject WHERE kind = $1 AND code = $2`, [kind, code]);
    if (!row) throw new Error(`no subject ${kind} ${code}`);
    const type = { PARTY_ORGANIZATION: 'Body', LEADERSHIP_COLLECTIVE: 'Collective', PARTY_MEMBER: 'Membership', LEADER: 'Post' }[kind];
    return Buffer.from(`${type}:${row.ref_id}`).toString('base64url');
  }

  /**
   * The payload; an authority refusal (a top-level FORBIDDEN or NOT_FOUND) comes back as `refused`,
   * beside empty userErrors, so that tests can tell the two kinds of refusal apart.
   */
  private async call(as: string, mutation: string, input: Record<string, unknown>): Promise<any> {
    try {
      const data = await this.api.as(as).request<any>(
        gql`mutation($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) {
        ${mutation}(input: $input) { rating { id stage version selfLevel proposedLevel decidedLevel ceiling notRatedReason notRatedSource findings { rule source }
          consultations { id source opinionLevel body { code } } suggestions { id } authority { code } delegation { code source } }
          userErrors { code field message rule source figures } } }`,
        { input },
      );
      return data[mutation];
    } catch (e) {
      const errors = (
        e as { response?: { errors?: { message: string; extensions?: { code?: string; field?: string[]; figures?: unknown } }[] } }
      ).response?.errors;
      const top = errors?.find((x) => x.extensions?.code === 'FORBIDDEN' || x.extensions?.code === 'NOT_FOUND');
      if (!top) throw e;
      return {
        rating: null,
        userErrors: [],
        refused: {
          code: top.extensions!.code,
          message: top.message,
          field: top.extensions!.field,
          figures: top.extensions!.figures ?? null,
        },
      };
    }
  }

  async open(as: string, kind: string, code: string) {
    const p = await this.call(as, 'openRating', { cycle: this.cycle, subject: await this.subjectId(kind, code) });
    if (p.userErrors.length) throw new Error(JSON.stringify(p.userErrors));
    return p.rating;
  }

  /** The self-assessment; a civil servant on Mẫu 02 (2023, 2024) gives their civil-service level too, the party level unless the test says otherwise. */
  async selfAssess(
    as: string,
    rating: string,
    input: {
      criteria: { id: string; grade?: string; points?: number }[];
      selfLevel: string;
      targets?: object;
      ballots?: object;
      civilServiceSelfLevel?: string;
    },
  ) {
    return this.call(as, 'submitSelfAssessment', { rating, ...(await this.withCivilServiceSelfLevel(rating, input)) });
  }

  private async withCivilServiceSelfLevel<T extends { selfLevel: string }>(rating: string, input: T): Promise<T> {
    if ('civilServiceSelfLevel' in input) return input;
    // The database may be down on purpose (fault tests): then the request goes as given and meets the outage itself.
    const [row] = await this.api.db
      .query(
        `SELECT c.rule_pack IN ('QD124-2023', 'QD124-2024') AS asks,
              CASE r.subject_kind WHEN 'LEADER' THEN (SELECT civil_servant FROM post WHERE id = r.subject_ref_id)
                WHEN 'PARTY_MEMBER' THEN EXISTS (SELECT 1 FROM post WHERE person_id = r.person_id AND civil_servant AND starts_on <= current_date AND (ends_on IS NULL OR ends_on >= current_date))
                ELSE false END AS civil
         FROM rating r JOIN cycle c ON c.id = r.cycle_id WHERE r.id::text = $1`,
        // A test may send an id that is not one (the API refuses it): then nothing is looked up.
        [fromGlobalId(rating)?.dbId ?? ''],
      )
      .catch(() => []);
    return row?.asks && row.civil ? { ...input, civilServiceSelfLevel: input.selfLevel } : input;
  }

  /** The review meeting, its draft report sent a week before (43-HD/BTCTW: at least 3 working days). */
  review(
    as: string,
    rating: string,
    heldOn = `${this.cycle}-11-20`,
    draftSentOn: string | null = weekBefore(heldOn),
    reviewedWith: string | null = null,
  ) {
    return this.call(as, 'recordReview', { rating, heldOn, draftSentOn, ...(reviewedWith ? { reviewedWith } : {}) });
  }

  /**
   * The review, after the reviews it waits for (004 §I.4.2): the test database is shared, and other files may have
   * opened the collective, its head or a leader's branch rating in the same cycle. Each one the refusal names is
   * self-assessed where still open (graded packs) and reviewed the same day, as whoever assesses it, then this one.
   */
  async reviewInOrder(as: string, rating: string, heldOn = `${this.cycle}-11-20`, depth = 0): Promise<any> {
    const first = await this.review(as, rating, heldOn);
    const waits = (first.userErrors as { code: string; figures: { prerequisite: string; waitingFor: string } }[]).filter(
      (e) => e.code === 'REVIEW_ORDER',
    );
    if (!waits.length || depth > 3) return first;
    for (const { figures } of waits) {
      const kind =
        figures.prerequisite === 'BRANCH_BEFORE_COLLECTIVE'
          ? 'PARTY_MEMBER'
          : figures.prerequisite === 'HEAD_BEFORE_DEPUTIES'
            ? 'LEADER'
            : 'LEADERSHIP_COLLECTIVE';
      const [{ actor }] = await this.api.db.query(
        `SELECT COALESCE((SELECT p.code FROM person p WHERE p.id = a.person_id),
                         (SELECT p.code FROM post po JOIN person p ON p.id = po.person_id WHERE po.collective_id = a.ref_id AND po.role = 'HEAD' ORDER BY po.id LIMIT 1)) AS actor
           FROM rating_subject a WHERE a.kind = $1 AND a.code = $2`,
        [kind, figures.waitingFor],
      );
      const r = await this.open(actor, kind, figures.waitingFor);
      const criteria = { PARTY_MEMBER: MEMBER_CRITERIA, LEADER: LEADER_CRITERIA, LEADERSHIP_COLLECTIVE: COLLECTIVE_CRITERIA }[kind];
      const ballots = kind === 'LEADERSHIP_COLLECTIVE' ? { ballots: unanimous('GOOD') } : {};
      if (r.stage === 'OPEN') ok(await this.selfAssess(actor, r.id, { criteria, selfLevel: 'GOOD', targets: FULL_TARGETS, ...ballots }));
      ok(await this.reviewInOrder(actor, r.id, heldOn, depth + 1));
    }
    return this.review(as, rating, heldOn);
  }

  /**
   * The party organization or collective at whose meeting a collective of fewer than 3 members is reviewed
   * (004 §II.7.4), opened, self-assessed and reviewed on the default day as `as` (its head); reused when it already is.
   */
  async host(
    as: string,
    kind: string,
    code: string,
    criteria: { id: string; grade?: string; points?: number }[] = COLLECTIVE_CRITERIA,
  ): Promise<string> {
    const r = await this.open(as, kind, code);
    if (r.stage === 'OPEN') ok(await this.selfAssess(as, r.id, { criteria, selfLevel: 'GOOD', ballots: unanimous('GOOD') }));
    if (!['DECIDED', 'PUBLISHED', 'NOT_RATED'].includes(r.stage)) ok(await this.reviewInOrder(as, r.id));
    return r.id;
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

  /** The decision, with the deciding body's secret ballot for the level unless `extra` says otherwise (two members convened, both for it). */
  decide(as: string, rating: string, level: string, extra: Record<string, unknown> = {}) {
    return this.call(as, 'decideRating', { rating, level, ballots: unanimous(level), ...extra });
  }

  /** Records the professional rating (xếp loại chuyên môn) of a leadership collective (or a unit) in the cycle, as the staff who verify its head. */
  async professional(as: string, code: string, level: string) {
    const [{ id, type }] = await this.api.db.query(
      `SELECT id, 'Collective' AS type FROM collective WHERE code = $1 UNION ALL SELECT id, 'Unit' FROM unit WHERE code = $1`,
      [code],
    );
    const data = await this.api.as(as).request<any>(
      `mutation($input: RecordProfessionalRatingInput!) { recordProfessionalRating(input: $input) {
      professionalRating { level ratedBy } userErrors { code field message } } }`,
      { input: { cycle: this.cycle, of: Buffer.from(`${type}:${id}`).toString('base64url'), level, ratedBy: 'UBND thành phố' } },
    );
    return { rating: data.recordProfessionalRating.professionalRating, userErrors: data.recordProfessionalRating.userErrors };
  }

  publish(as: string, rating: string) {
    return this.call(as, 'publishRating', { rating });
  }

  /** Open, self-assess and review a subject, as the subject (or the head of a collective, whose self-rating is voted) would. */
  async prepared(
    selfAs: string,
    kind: string,
    code: string,
    criteria: { id: string; grade: string }[],
    targets?: object,
    reviewedWith: string | null = null,
  ) {
    const r = await this.open(selfAs, kind, code);
    const voted = kind === 'PARTY_ORGANIZATION' || kind === 'LEADERSHIP_COLLECTIVE';
    const s = await this.selfAssess(selfAs, r.id, {
      criteria,
      selfLevel: 'GOOD',
      targets,
      ...(voted ? { ballots: unanimous('GOOD') } : {}),
    });
    if (s.userErrors.length) throw new Error(JSON.stringify(s.userErrors));
    const v = reviewedWith ? await this.review(selfAs, r.id, undefined, undefined, reviewedWith) : await this.reviewInOrder(selfAs, r.id);
    if (v.userErrors.length) throw new Error(JSON.stringify(v.userErrors));
    return v.rating;
  }

  /** Every consultation of the rating still without an opinion answered by a holder of a post in the consulted body, with the level given. */
  async consulted(rating: string, level = 'GOOD') {
    const dbId = dbIdOf(rating);
    const open: { id: string; holder: string }[] = await this.api.db.query(
      `SELECT c.id::text AS id, (SELECT p.code FROM post po JOIN person p ON p.id = po.person_id LEFT JOIN collective k ON k.id = po.collective_id
                                  WHERE (po.body_id = c.body_id OR k.body_id = c.body_id) AND po.ends_on IS NULL ORDER BY po.id LIMIT 1) AS holder
         FROM consultation c WHERE c.rating_id = $1 AND c.opinion_level IS NULL ORDER BY c.id`,
      [dbId],
    );
    for (const c of open) ok(await this.opinion(c.holder, Buffer.from(`Consultation:${c.id}`).toString('base64url'), level));
    return open.length;
  }

  /** A member prepared, then proposed by the branch's vote (its secretary presents it): GOOD unless told, two convened, both for it. */
  async proposedMember(code: string, level = 'GOOD') {
    const r = await this.prepared(code, 'PARTY_MEMBER', code, MEMBER_CRITERIA, FULL_TARGETS);
    return ok(await this.propose(await secretaryOfBranchOf(this.api, code), r.id, level, unanimous(level)));
  }
}

/** A secret ballot where two members are convened and both vote for the level. */
export function unanimous(level: string, convened = 2): Record<string, number> {
  const field = { EXCELLENT: 'excellent', GOOD: 'good', COMPLETE: 'complete', NOT_COMPLETE: 'notComplete' }[level] ?? 'good';
  return { convened, [field]: convened };
}

export const MEMBER_CRITERIA = ['I1', 'I2', 'I7'].map((id) => ({ id, grade: id === 'I2' ? 'OUTSTANDING' : 'GOOD' }));
export const LEADER_CRITERIA = ['I1', 'I2', 'I4', 'I5', 'I6', 'I7'].map((id) => ({
  id,
  grade: id === 'I2' || id === 'I4' ? 'OUTSTANDING' : 'GOOD',
}));
export const COLLECTIVE_CRITERIA = ['C1', 'C2', 'C3', 'C4', 'C5'].map((id) => ({
  id,
  grade: id === 'C2' || id === 'C4' ? 'OUTSTANDING' : 'GOOD',
}));
export const FULL_TARGETS = { total: 10, done: 10, exceeded: 5 };

/** Plain members (no posts) of a unit's subtree, eligible in the cycle, by code. */
export async function plainMembers(api: TestApi, unitCode: string, count: number): Promise<string[]> {
  const rows = await api.db.query(
    `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.code = $1
      WHERE m.unit_path LIKE u.path || '%' AND m.status = 'OFFICIAL' AND m.admitted_on < '2024-01-01'
        AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id) ORDER BY p.code LIMIT $2`,
    [unitCode, count],
  );
  if (rows.length < count) throw new Error(`only ${rows.length} plain members in ${unitCode}`);
  return rows.map((r: { code: string }) => r.code);
}

export async function secretaryOfBranchOf(api: TestApi, personCode: string): Promise<string> {
  const [row] = await api.db.query(
    `SELECT po.code FROM person p JOIN membership m ON m.person_id = p.id JOIN post po ON po.unit_id = m.branch_id AND po.category = 'BRANCH_SECRETARY' WHERE p.code = $1`,
    [personCode],
  );
  return row.code;
}

/** The rating of a payload, failing the test with the user errors when there are any. */
export function ok(p: { rating: any; userErrors: unknown[]; refused?: unknown }): any {
  if (p.userErrors.length || p.refused) throw new Error(JSON.stringify(p.refused ?? p.userErrors, null, 1));
  return p.rating;
}

const weekBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
