import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { SqlParams } from '../db/sql-params';
import { badInput } from '../errors';
import { Action } from './actions';
import { SubjectAbility, actsFor, bodiesOf, buildAbility } from './ability';
import { abilityToSql, allowedOnRatedSubjectSql, allowedOnSubjectSql } from './casl-sql';
import { CoveringRow, rowsConcerningJson } from './delegation-matrix';
import { DelegationRow } from './delegation-row';
import { matrixCache } from './matrix-cache';
import { ReadScope, outermost, rangesWithin, readScopeOf, scopeCondition } from './read-scope';
import { Viewer, auditPostsOf, isAdmin, isAuditor } from './viewer';

/** A cycle as read with the matrix rows that concern the caller's bodies (CYCLE_WITH_ROWS). */
export interface CycleWithRows {
  id: string;
  code: string;
  referenceDate: string;
  rows: DelegationRow[];
}

/** Columns of a cycle (alias `c`) and of its matrix rows concerning the bodies in parameter `bodies`, in one statement. */
export const CYCLE_WITH_ROWS = (c: string, bodies: string) =>
  `${c}.id::text AS id, ${c}.code, ${c}.reference_date AS "referenceDate", ${rowsConcerningJson(`${c}.id`, `${bodies}::bigint[]`)} AS rows`;

const CYCLE_BY_CODE = new PreparedStatement(`SELECT ${CYCLE_WITH_ROWS('c', '$2')} FROM cycle c WHERE c.code = $1`);

/**
 * An answer of the policy: allowed, refused, or allowed on the rows where a SQL condition holds
 * (Payload's `true | false | Where`). `sql` turns any answer into a condition for a WHERE clause.
 */
export type Access = boolean | { where: string };
export const sql = (a: Access): string => (a === true ? 'TRUE' : a === false ? 'FALSE' : a.where);

/** The caller's access to the audit trail, as a condition on a path column. */
export interface AuditsTrail {
  auditTrail(p: SqlParams, column: string): Access;
}

/** The caller's authority over one subject: may they see it, and do one of the actions asked (and the rows covering it, when asked). */
export interface Authority {
  visible: boolean;
  allowed: boolean;
  covering: CoveringRow[];
}

/** What a workflow step asks of the caller's authority over its rating's subject: one of these actions, and the covering rows. */
export interface AuthorityAsked {
  actions: Action[];
  covering: boolean;
}

/** The caller's authority over rating subjects in one cycle, with the matrix rows it was built from. */
export class CycleAbility {
  private readonly readable = new Set<string>();
  private readonly answered = new Map<string, Authority>();

  constructor(
    readonly viewer: Viewer,
    readonly cycleId: string,
    readonly cycleCode: string,
    readonly referenceDate: string,
    readonly ability: SubjectAbility,
    readonly rows: DelegationRow[],
  ) {}

  /**
   * The subjects (view `rating_subject` or one of its kinds, alias `alias`) on which the caller may take the action;
   * `within`, a path the query keeps its rows under already (abilityToSql).
   */
  where(action: Action, params: SqlParams, alias: string, within?: string | null): string {
    return abilityToSql(this.ability, action, params, alias, within);
  }

  /** Whether the caller may take the action on one subject, as a SQL boolean; `ref`, its key as a SQL expression. */
  allowedOn(action: Action, params: SqlParams, kind: string, ref: string): string {
    return allowedOnSubjectSql(this.ability, action, params, kind, ref);
  }

  /**
   * Whether the caller may take the action on the subject of the rating `r`, as a SQL boolean. Where the caller reads the
   * whole country and the action's rule has no condition, it holds for every rating: a rating's subject is a row of its
   * kind's view, and no subject is ever deleted. Looked up rating by rating, the country's 2.7 M delegated decisions took
   * the administrator's count 5.0 s.
   */
  allowedOnRated(action: Action, params: SqlParams, r: string, within?: string | null): string {
    if (readScopeOf(this.viewer).all && this.where(action, new SqlParams(), 'a') === 'TRUE') return 'TRUE';
    return allowedOnRatedSubjectSql(this.ability, action, params, r, within);
  }

  /** Records that a check of the current workflow step found the subject readable by the caller (the step need not ask again). */
  sawReadable(kind: string, refId: string): void {
    this.readable.add(`${kind}:${refId}`);
  }

  hasSeenReadable(kind: string, refId: string): boolean {
    return this.readable.has(`${kind}:${refId}`);
  }

  /** Keeps the authority over a subject read with the step's lock of its rating, for the step's own check to take. */
  keepAnswer(kind: string, refId: string, asked: AuthorityAsked, authority: Authority): void {
    this.answered.set(`${kind}:${refId}:${asked.actions.join(',')}:${asked.covering}`, authority);
  }

  /** The answer kept for exactly this question, taken once: a later check asks PostgreSQL again. */
  takeAnswer(kind: string, refId: string, asked: AuthorityAsked): Authority | undefined {
    const key = `${kind}:${refId}:${asked.actions.join(',')}:${asked.covering}`;
    const kept = this.answered.get(key);
    this.answered.delete(key);
    return kept;
  }

  /** A workflow step starts with nothing seen: what an earlier step of the request found is not taken for granted. */
  forgetSeen(): void {
    this.readable.clear();
    this.answered.clear();
  }
}

/**
 * Everything a request may ask about its caller's authority, in one object built once per request
 * (`ctx.policy`): which people-related rows they read, which part of the audit trail, whose quota,
 * which operations past the scope, and — per cycle — what they may do to which rating subject, both
 * as a yes/no and as the SQL condition lists and counts carry.
 */
export class RequestPolicy {
  readonly readScope: ReadScope;
  private readonly cycles = new Map<string, Promise<CycleAbility>>();

  constructor(readonly viewer: Viewer) {
    this.readScope = readScopeOf(viewer);
  }

  get isAdmin(): boolean {
    return isAdmin(this.viewer);
  }

  /**
   * People-related rows (persons, memberships, posts): the subtrees of the caller's posts and membership, and their own rows;
   * `within`, a path the query keeps its rows under already (scopeCondition).
   */
  people(params: SqlParams, pathColumn: string, personColumn?: string, within?: string): string {
    return scopeCondition(this.readScope, params, pathColumn, personColumn, within);
  }

  /**
   * The audit trail: everything for administrators, the subtrees of their auditing bodies for audit staff, nothing
   * otherwise. `within`: a path the query keeps its rows under already — a subtree an auditing body holds needs no
   * condition, and one no auditing body reaches gets FALSE (no row read).
   */
  auditTrail(params: SqlParams, pathColumn: string, within?: string): Access {
    if (this.isAdmin) return true;
    const roots = outermost(auditPostsOf(this.viewer).map((p) => p.unitPath));
    if (!roots.length) return false;
    const ranges = rangesWithin(roots, params, pathColumn, within);
    if (ranges === true) return true;
    return { where: ranges.length ? `(${ranges.join(' OR ')})` : 'FALSE' };
  }

  /** The live quota of a deciding authority: those who act for its body, its auditors and administrators. */
  quota(body: { id: string; unitPath: string }): boolean {
    return this.isAdmin || actsFor(this.viewer, body.id) || auditPostsOf(this.viewer).some((p) => body.unitPath.startsWith(p.unitPath));
  }

  /**
   * The operations that run past the caller's scope, and who may ask for each. A transferring committee's opinion
   * is open to anyone: the service reads and writes only the consultations of the bodies the caller acts for.
   */
  bypass(reason: 'import' | 'reorganize' | 'verifyAuditChain' | 'auditCheckpoint' | 'transferOpinion'): boolean {
    if (reason === 'transferOpinion') return true;
    return reason === 'import' || reason === 'reorganize' ? this.isAdmin : isAuditor(this.viewer);
  }

  /** The caller's authority in a cycle, built once per request and cycle (one SQL statement, none when this replica kept the rows). */
  cycle(em: EntityManager, cycleCode: string): Promise<CycleAbility> {
    return this.cached(cycleCode, async () => {
      const bodies = bodiesOf(this.viewer);
      const kept = matrixCache.get(cycleCode, bodies);
      if (kept) return kept;
      const [cycle] = await CYCLE_BY_CODE.run<CycleWithRows>(em, [cycleCode, bodies]);
      if (!cycle) throw badInput(`cycle: no cycle "${cycleCode}"`, { cycle: cycleCode }, 'cycle');
      matrixCache.set(cycleCode, bodies, cycle);
      return cycle;
    });
  }

  /** The same, for a cycle already read with CYCLE_WITH_ROWS and the caller's bodies. */
  cycleRead(cycle: CycleWithRows): Promise<CycleAbility> {
    return this.cached(cycle.code, async () => cycle);
  }

  private cached(cycleCode: string, read: () => Promise<CycleWithRows>): Promise<CycleAbility> {
    let pending = this.cycles.get(cycleCode);
    if (!pending) {
      pending = read().then(
        (c) => new CycleAbility(this.viewer, c.id, cycleCode, c.referenceDate, buildAbility(this.viewer, c.rows), c.rows),
      );
      this.cycles.set(cycleCode, pending);
    }
    return pending;
  }
}

/** What a report reads of the caller's ability in a cycle: the cycle, and the SQL condition of an action on a subject. */
export type ScopedCycle = Pick<CycleAbility, 'cycleId' | 'where'>;
