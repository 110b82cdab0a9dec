import { EntityManager } from 'typeorm';
import { withParallelScans } from '../db/parallel-scans';
import { SqlParams, underPrefix } from '../db/sql-params';
import { SubjectAbility } from '../policies/ability';
import { Action } from '../policies/actions';
import type { CycleAbility } from '../policies/request-policy';
import { abilityToGroupSql, abilityToSql } from '../policies/casl-sql';
import { Level } from '../rules';
import { currentRatingJoin } from './current-rating';

export interface StageCount {
  kind: string;
  stage: string;
  level: Level | null;
  n: number;
}

/**
 * How many subjects the caller may read (or take another action on) stand at each stage and level in a cycle (NOT_STARTED: no
 * rating yet), optionally within a subtree: the groups of the subject tally in scope, plus the few
 * subjects admitted one by one (the caller's own ratings) that no group in scope already counts
 * (policies/casl-sql.ts abilityToGroupSql). One statement, whatever the size of the scope. `unitsThen`:
 * the subtree as it stood on a past day, as today's paths of its units (data/units.ts subtreeThen).
 */
export async function stageCounts(
  em: EntityManager,
  ability: SubjectAbility,
  cycleId: string,
  withinPath: string | null,
  unitsThen: string[] | null = null,
  action: Action = 'read',
): Promise<StageCount[]> {
  const p = new SqlParams();
  const c = p.add(cycleId);
  const scope = tallyScope(ability, action, p, withinPath, unitsThen);
  const oneByOne =
    scope.oneByOne &&
    `
      SELECT a.kind, COALESCE(r.stage, 'NOT_STARTED'), r.decided_level, 1, TRUE
        FROM rating_subject a ${currentRatingJoin(c)}
       WHERE ${scope.oneByOne}`;
  // No group visible (a subtree outside the caller's scope): the groups are not read at all.
  const noneVisible = scope.visible === 'FALSE' ? 'AND FALSE' : '';
  const read = (on: EntityManager) =>
    on.query<StageCount[]>(
      `SELECT kind, stage, level, (sum(n) FILTER (WHERE visible))::int AS n FROM (
         SELECT t.kind, t.stage, t.level, t.n, ${scope.visible} AS visible FROM subject_tally t WHERE t.cycle_id = ${c} AND ${scope.groups} ${noneVisible}
         ${oneByOne ? `UNION ALL ${oneByOne}` : ''}) counted
        GROUP BY 1, 2, 3 HAVING sum(n) FILTER (WHERE visible) <> 0`,
      p.values,
    );
  return wholeCountry(em, withinPath, unitsThen, read);
}

/** The whole country's tally is the one scan here large enough to pay for parallel workers. */
export const wholeCountry = <T>(
  em: EntityManager,
  withinPath: string | null,
  unitsThen: string[] | null,
  read: (on: EntityManager) => Promise<T>,
) => (withinPath || unitsThen ? read(em) : withParallelScans(em, read));

/**
 * The caller's subjects as the subject tally counts them (alias `t` for its groups, `a` for subjects): the groups to read
 * (`groups`), whether each counts (`visible`), and the subjects admitted one by one that no group in scope already
 * counts (`oneByOne`, a condition on `a`; null when there can be none) — policies/casl-sql.ts abilityToGroupSql.
 * `withinPath`: a subtree as it stands; `unitsThen`: as it stood on a past day, as today's paths of its units.
 */
export function tallyScope(
  ability: SubjectAbility,
  action: Action,
  p: SqlParams,
  withinPath: string | null,
  unitsThen: string[] | null,
): { groups: string; visible: string; oneByOne: string | null } {
  const scope = abilityToGroupSql(ability, action);
  const then = unitsThen && `${p.add(unitsThen)}::text[]`;
  const inSubtree = (alias: string) =>
    then ? `${alias}.unit_path = ANY(${then})` : withinPath ? underPrefix(`${alias}.unit_path`, p, withinPath) : null;
  // Within a subtree the scope is tested on its groups (usually settled: TRUE for a subtree the caller
  // reads whole); it filters the sum rather than the rows, since its ORs in WHERE made the planner
  // expect a few rows and sort them (42 ms for a province) instead of hashing them (17 ms). A past
  // subtree is not a prefix of today's paths: its groups are tested one by one.
  const visible = then ? scope.groups(p, 't') : withinPath ? scope.groups(p, 't', withinPath) : 'TRUE';
  const groups = inSubtree('t') ?? scope.groups(p, 't');
  const perSubject = visible === 'TRUE' && withinPath ? null : scope.perSubject(p, 'a');
  // Parameters are numbered as added: the subjects' subtree condition only where it is written.
  const subjectInSubtree = perSubject && inSubtree('a');
  const oneByOne =
    perSubject &&
    `${perSubject} AND ${abilityToSql(ability, action, p, 'a', then ? null : withinPath)} AND (${scope.groups(p, 'a', then ? undefined : (withinPath ?? undefined))}) IS NOT TRUE ${subjectInSubtree ? `AND ${subjectInSubtree}` : ''}`;
  return { groups, visible, oneByOne };
}

/**
 * The subjects the caller may take the action on (read, by default) in the groups `keep` takes, counted from the tally:
 * a list's `totalCount` where its filters are the tally's own (kind, stage, subtree).
 */
export async function talliedCount(
  em: EntityManager,
  cycle: Pick<CycleAbility, 'ability' | 'cycleId'>,
  action: Action,
  withinPath: string | null,
  keep: (c: StageCount) => boolean,
): Promise<number> {
  const counts = await stageCounts(em, cycle.ability, cycle.cycleId, withinPath, null, action);
  return counts.reduce((n, c) => (keep(c) ? n + c.n : n), 0);
}
