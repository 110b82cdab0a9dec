/** Quota scopes (DOMAIN §15.1): locked, counted and, under 366, by peer group and raised by a recorded decision. */
import { EntityManager } from 'typeorm';
import { PreparedStatement, Read, runRead, shaped } from '../../db/prepared-statement';
import { SqlParams } from '../../db/sql-params';
import { subjectViewOf } from '../../model/kinds';
import { buildAbility, SubjectAbility } from '../../policies/ability';
import { abilityToSql } from '../../policies/casl-sql';
import { concerning, rowsConcerning } from '../../policies/delegation-matrix';
import { DelegationRow } from '../../policies/delegation-row';
import { Viewer } from '../../policies/viewer';
import { checkQuota, Level, LEVELS, raisedQuota } from '../../rules';
import type { RulePack } from '../../rules';
import { Actor } from './core';

const ADVISORY_LOCK = new PreparedStatement(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`);

/** One lock per quota scope (authority, cycle, subject kind, peer group) until the transaction ends: decisions in the scope queue here. */
export const quotaLockRead = (scope: QuotaScope): Read => [
  ADVISORY_LOCK,
  [`quota:${scope.cycleId}:${scope.kind}:${scope.authority.bodyId}:${scope.authority.office}:${scope.peerGroup ?? ''}`],
];

export function lockQuotaScope(em: EntityManager, scope: QuotaScope): Promise<unknown> {
  return runRead(em, quotaLockRead(scope));
}

const POST_CATEGORY = new PreparedStatement(`SELECT category FROM post WHERE id = $1`);

/**
 * The peer group a subject's quota counts in (366-QĐ/TW Art. 11: same position, role, function and
 * tasks): where the pack groups by position, a leader's is the category of the post; otherwise the
 * whole kind the authority decides (null).
 */
export async function peerGroupOf(em: EntityManager, pack: RulePack, kind: string, refId: string): Promise<string | null> {
  if (pack.quota.peerGroup !== 'POSITION' || kind !== 'LEADER') return null;
  const [row] = await POST_CATEGORY.run<{ category: string }>(em, [refId]);
  return row?.category ?? null;
}

/** Marks the eligible count as a lower bound ("≥ 6") when it was counted only up to the small-group threshold. */
function withLowerBound(q: ReturnType<typeof checkQuota>, atLeast: boolean): ReturnType<typeof checkQuota> {
  if (!atLeast) return q;
  const eligible = `≥ ${q.figures.eligible}`;
  return {
    ...q,
    figures: { ...q.figures, eligibleAtLeast: true } as typeof q.figures,
    findings: q.findings.map((f) => ({ ...f, figures: { ...f.figures, eligible } })),
  };
}

/**
 * A scope's quota as it would stand with `adding` counted over its decided levels (the rating being
 * decided left out). The number eligible matters only for the small-group rule: it is counted up to
 * one past its threshold, and the figures say so.
 */
export async function quotaWith(
  em: EntityManager,
  scope: QuotaScope,
  pack: RulePack,
  exceptRatingId: string,
  adding: Partial<Record<Level, number>>,
  counting?: Read,
) {
  const counted = await quotaOfAuthority(em, scope, checkCounting(pack, exceptRatingId), counting);
  const levels = Object.fromEntries(LEVELS.map((l) => [l, counted.decided[l] + (adding[l] ?? 0)])) as Record<Level, number>;
  return withLowerBound(checkQuota(raisedQuota(pack.quota, counted.raisedBy), counted.eligible, levels), counted.atLeast);
}

/** How a check counts a scope (quotaWith): the rating being decided left out, the eligible counted up to one past the small-group threshold. */
const checkCounting = (pack: RulePack, exceptRatingId: string): CountOptions => ({
  exceptRatingId,
  minMonths: pack.eligibility.minMonths,
  countUpTo: pack.quota.smallGroupThreshold + 1,
});

/** The statement `quotaWith` counts with (given it back, it is not made again): a read, which a decision makes in the round trip that takes the scope's lock, after it. */
export const quotaCountRead = (em: EntityManager, scope: QuotaScope, pack: RulePack, exceptRatingId: string): Promise<Read> =>
  countRead(em, scope, checkCounting(pack, exceptRatingId));

/** One quota scope (DOMAIN §15.1): an authority (body and office), a cycle, a kind of subject and, under 366, a peer group. */
export interface QuotaScope {
  cycleId: string;
  referenceDate: string;
  kind: string;
  authority: { bodyId: string; office: string };
  peerGroup: string | null;
  /** The matrix rows concerning the authority's body, when already read (a decider's own rows); read otherwise. */
  rows?: DelegationRow[];
}

/** The quota scope of a decision by the actor: the actor acts for the authority's body, so their rows include its rows. */
export function quotaScopeOf(
  actor: Actor,
  kind: string,
  authority: { bodyId: string; office: string },
  peerGroup: string | null,
): QuotaScope {
  return {
    cycleId: actor.cycleId,
    referenceDate: actor.referenceDate,
    kind,
    authority,
    peerGroup,
    rows: concerning(actor.rows, authority.bodyId),
  };
}

/**
 * The body whose quota counts a body's decisions of a cycle now: the body itself, or the one it ended in through
 * mergers on a day the cycle had not ended by (quotaScopesFollow), and so on down the line.
 */
const CONTINUED_IN = new PreparedStatement(
  `WITH RECURSIVE line(id, n) AS (
     SELECT $1::bigint, 0
     UNION ALL
     SELECT s.successor_id, l.n + 1 FROM line l JOIN body_succession s ON s.predecessor_id = l.id
       JOIN cycle c ON c.id = $2::bigint AND s.effective_on <= c.ends_on
      WHERE l.n < 50)
   SELECT id::text AS id FROM line ORDER BY n DESC LIMIT 1`,
);

export async function continuedIn(em: EntityManager, bodyId: string, cycleId: string): Promise<string> {
  const [{ id }] = await CONTINUED_IN.run<{ id: string }>(em, [bodyId, cycleId]);
  return id;
}

/**
 * The bodies whose decisions a body's quota counts: itself and the bodies that ended in it through mergers
 * (migration 0037), theirs kept under the authority that decided them.
 */
export const lineageOf = (body: string) =>
  `(WITH RECURSIVE lineage(id) AS (SELECT ${body}::bigint UNION SELECT s.predecessor_id FROM body_succession s JOIN lineage l ON s.successor_id = l.id)
    SELECT id FROM lineage)`;

/**
 * Eligible subjects and decided levels of one quota scope (its body's and those of the bodies merged into it),
 * leaving out one rating (the one being decided), and the decision that raised the scope's quota if any, in one statement. With
 * `countUpTo`, eligible subjects are counted only up to that number. `made`: that statement, made already (quotaCountRead).
 */
export async function quotaOfAuthority(em: EntityManager, q: QuotaScope, opts: CountOptions, made?: Read) {
  type Counted = Record<Level, number> & { eligible: number; raisedBy: string | null };
  const [row] = await runRead<Counted>(em, made ?? (await countRead(em, q, opts)));
  const decided = Object.fromEntries(LEVELS.map((l) => [l, row[l]])) as Record<Level, number>;
  return {
    eligible: row.eligible as number,
    decided,
    atLeast: opts.countUpTo !== undefined && row.eligible >= opts.countUpTo,
    raisedBy: row.raisedBy as string | null,
  };
}

interface CountOptions {
  exceptRatingId?: string;
  minMonths: number;
  countUpTo?: number;
}

/**
 * `quotaOfAuthority`'s count as a named statement with its values. Counted only up to a few subjects (a decision's
 * check), its plan need not know the scope's unit paths. Counted whole (the quota meter), the policies' bounds hide the
 * scope's size from the planner, which plans alike with the values or without; where they would change the plan,
 * PostgreSQL keeps planning it with them (its choice after five runs). A commune's figures: 2.7–6.5 ms planned at each
 * run through the extended protocol, 1.0–1.5 ms with the plan kept (docs/performance.md, session 57).
 */
async function countRead(em: EntityManager, q: QuotaScope, opts: CountOptions): Promise<Read> {
  const p = new SqlParams();
  const eligible = eligibleSql(q, p, await authorityAbility(em, q), opts.minMonths, opts.countUpTo);
  const [cycle, kind, body, office, group] = [
    p.add(q.cycleId),
    p.add(q.kind),
    p.add(q.authority.bodyId),
    p.add(q.authority.office),
    p.add(q.peerGroup),
  ];
  // The scope's decided levels from the quota tally (migration 0051), looked up by each body of the lineage (OFFSET 0:
  // not flattened; joined, the lineage was planned inside and the tally read whole, 5–10 ms, where the tally had no
  // statistics yet), the rating left out subtracted by its key.
  const scope = `cycle_id = ${cycle} AND subject_kind = ${kind} AND authority_office = ${office} AND peer_group IS NOT DISTINCT FROM ${group}::text`;
  const level = (l: Level) => `COALESCE(sum(n) FILTER (WHERE decided_level = '${l}'), 0)::int AS "${l}"`;
  const text = `SELECT ${LEVELS.map(level).join(', ')},
            (${eligible}) AS eligible,
            (SELECT decision_ref FROM quota_raise WHERE ${scope} AND authority_body_id = ${body}) AS "raisedBy"
       FROM (SELECT t.decided_level, t.n FROM ${lineageOf(body)} l(id)
               CROSS JOIN LATERAL (SELECT decided_level, n FROM quota_tally WHERE ${scope} AND authority_body_id = l.id OFFSET 0) t
             UNION ALL SELECT decided_level, -1 FROM rating WHERE id = ${p.add(opts.exceptRatingId ?? '0')} AND ${scope}
               AND authority_body_id IN ${lineageOf(body)} AND annulled_at IS NULL AND decided_level IS NOT NULL) counted`;
  return [shaped(text), p.values];
}

/** The authority's own ability: a synthetic holder of the office in the body, built from the same matrix. */
async function authorityAbility(em: EntityManager, q: QuotaScope): Promise<SubjectAbility> {
  const holder: Viewer = {
    personId: '0',
    code: '',
    systemRoles: [],
    membership: null,
    posts: [
      {
        id: '0',
        unitId: '0',
        unitPath: '/none/',
        bodyId: q.authority.bodyId,
        collectiveId: null,
        collectiveBodyId: null,
        bodyKind: null,
        category: q.authority.office,
        role: 'MEMBER',
      },
    ],
  };
  return buildAbility(holder, q.rows ?? (await rowsConcerning(em, q.cycleId, [q.authority.bodyId])));
}

/** The count of subjects of a kind the authority decides in the cycle, less those not rated: the n of DOMAIN §15.1. */
function eligibleSql(q: QuotaScope, p: SqlParams, ability: SubjectAbility, months: number, countUpTo?: number): string {
  const cond = abilityToSql(ability, 'decide', p, 'a');
  // Counted up to a few, each subject's rating is looked up by its key (OFFSET 0 keeps the subquery a subplan). Joined,
  // the rating's row-level-security range, which PostgreSQL estimates at one row, made it read the scope's ratings
  // whole: a commune's secretary's check took 0.71–1.03 ms under the API's role against 0.24–0.37 ms as the owner, and
  // 0.37–0.41 ms as a subplan (national database, alternated; docs/performance.md, session 48). Counted whole, the join.
  const byKey = countUpTo !== undefined ? ' OFFSET 0' : '';
  // Not eligible: settled NOT_RATED at opening, or — for members not opened yet — exempted, suspended or
  // admitted less than the pack's months before the reference date (004 §II.1.2; DOMAIN §15.5).
  return `SELECT count(*)::int FROM (SELECT 1 FROM ${subjectViewOf(q.kind)} a
      WHERE ${cond} ${q.peerGroup !== null ? `AND a.category = ${p.add(q.peerGroup)}` : ''}
        AND NOT EXISTS (SELECT 1 FROM rating x WHERE x.cycle_id = ${p.add(q.cycleId)} AND x.subject_kind = a.kind AND x.subject_ref_id = a.ref_id
                          AND x.annulled_at IS NULL AND x.stage = 'NOT_RATED'${byKey})
        ${
          q.kind === 'PARTY_MEMBER'
            ? // From the member's row as the view read it (migration 0056), not read again by its key.
              `AND a.member_status IN ('OFFICIAL', 'PROBATIONARY') AND a.member_admitted_on + make_interval(months => ${p.add(months)}::int) <= ${p.add(q.referenceDate)}::date`
            : ''
        }
      ${countUpTo !== undefined ? `LIMIT ${limitLiteral(countUpTo)}` : ''}) counted`;
}

/**
 * The count's limit written into the statement: a parameter there leaves a prepared statement's generic plan costed
 * for a tenth of the scope's subjects, so PostgreSQL planned the count again at every decision (1–1.5 ms); the limit
 * is a rule parameter, one per pack, so the statements stay few.
 */
function limitLiteral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`a count's limit must be a whole number, not ${n}`);
  return String(n);
}
