import { SqlParams, underPrefix } from '../db/sql-params';
import { Viewer, isAdmin } from './viewer';

/**
 * Which people-related rows (people, memberships, posts) a caller may read: those held in the
 * subtrees of the units where the caller holds an active post or is a member, plus their own.
 * Units, bodies, collectives, cycles and delegations are the public structure and need no scope.
 */
export type ReadScope = { all: true } | { all: false; prefixes: string[]; personId: string };

export function readScopeOf(viewer: Viewer): ReadScope {
  if (isAdmin(viewer)) return { all: true };
  const paths = viewer.posts.map((p) => p.unitPath);
  if (viewer.membership) paths.push(viewer.membership.unitPath);
  return { all: false, prefixes: outermost(paths), personId: viewer.personId };
}

/** The steps of a path: 1 for a province (`/12/`), 0 for the tree's root. */
const stepsOf = (path: string) => path.split('/').filter(Boolean).length;

/** The unit of a path is a province or the tree's root (`/12/`): its depth is 0. */
const provinceOrWider = (path: string) => stepsOf(path) <= 1;
const isProvince = (path: string) => stepsOf(path) === 1;

/**
 * Whether rows kept to this scope, and `within` a unit when given, are of whole provinces or more: a thirty-fourth of
 * the country or more, found every few dozen rows of an order over the whole country. A scope of provinces that does
 * not reach `within` keeps no row there: walked, the country's order was read to its end to find none (0.6 s for the
 * people of another province, 1.5 s for its ratings).
 */
export function spansProvinces(scope: ReadScope, within: string | null): boolean {
  if (within !== null && !provinceOrWider(within)) return false;
  if (scope.all) return true;
  if (scope.prefixes.length === 0 || !scope.prefixes.every(provinceOrWider)) return false;
  return within === null || scope.prefixes.some((p) => p.startsWith(within) || within.startsWith(p));
}

/** The one province whose rows a walk kept to this scope, and `within` a unit when given, reads; null where they span more. */
export function oneProvince(scope: ReadScope, within: string | null): string | null {
  if (within !== null && isProvince(within)) return within;
  if (!scope.all && scope.prefixes.length === 1 && isProvince(scope.prefixes[0])) return scope.prefixes[0];
  return null;
}

/** Drops paths inside another listed path, so the SQL predicate has as few branches as possible. */
export function outermost(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept.sort();
}

/**
 * The SQL condition that keeps a row whose scope column `pathColumn` lies in the caller's scope,
 * or whose person column is the caller. Each prefix becomes an index range on the path column.
 * `within`: the query keeps rows under that path anyway; a scope holding the whole of it needs no
 * condition (a range the statement repeated made the planner count its rows twice over and misjudge
 * the plan), and a prefix apart from it none either (FALSE there: only the caller's own rows are left).
 */
export function scopeCondition(scope: ReadScope, params: SqlParams, pathColumn: string, personColumn?: string, within?: string): string {
  if (scope.all) return 'TRUE';
  const branches = rangesWithin(scope.prefixes, params, pathColumn, within);
  if (branches === true) return 'TRUE';
  if (personColumn) branches.push(`${personColumn} = ${params.add(scope.personId)}`);
  return branches.length ? `(${branches.join(' OR ')})` : 'FALSE';
}

/**
 * The index ranges of `prefixes` on `pathColumn` that rows under `within` (when given) can lie in: true where a prefix
 * holds the whole of `within` (no condition), and none for a prefix apart from it.
 */
export function rangesWithin(prefixes: string[], params: SqlParams, pathColumn: string, within?: string): string[] | true {
  if (within !== undefined && prefixes.some((p) => within.startsWith(p))) return true;
  const reaching = within === undefined ? prefixes : prefixes.filter((p) => p.startsWith(within));
  return reaching.map((p) => underPrefix(pathColumn, params, p));
}
