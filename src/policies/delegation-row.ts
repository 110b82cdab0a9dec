import { MongoQuery } from '@casl/ability';
import type { Selected } from '../db/columns';
import { unitIdOfPath } from '../db/sql-params';
import type { Delegation } from '../entities/delegation';
import type { SubjectSelector } from '../entities/subject-selector';

/** The part of a delegation row or management-list entry that says which subjects it covers, with its scope unit's place. */
export type Selector = Selected<SubjectSelector, Record<never, never>, 'scopeUnitId'> & { scopePath: string; scopeDepth: number };

/**
 * A delegation row with what its scope unit is, as the policies need it: the row's columns (src/entities/delegation.ts)
 * and the entries of the management lists it names, `listed` (covered only if listed) and `exceptListed` (left out).
 */
export type DelegationRow = Selected<Delegation, Record<never, never>, 'cycleId' | 'scopeUnitId' | 'note'> &
  Selector & { listed: Selector[]; exceptListed: Selector[] };

type Condition = MongoQuery<Record<string, unknown>>;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** "The unit path starts with `path`", as a CASL condition (translated to an index range by casl-sql.ts). */
export const under = (path: string) => ({ $regex: `^${escapeRegex(path)}` });

/** The subjects a selector covers, as a condition on flat columns: kind, category and the unit path. */
function selectorCondition(s: Selector): Record<string, unknown> {
  const c: Record<string, unknown> = { kind: s.subjectKind };
  if (s.subjectCategories.length) c.category = { $in: s.subjectCategories };
  const below = under(s.scopePath);
  switch (s.scopeMode) {
    case 'SELF':
      c.unitPath = s.scopePath;
      break;
    case 'CHILDREN':
      c.unitPath = below;
      c.unitDepth = s.scopeDepth + 1;
      break;
    case 'SUBTREE':
      c.unitPath = below;
      break;
    case 'BELOW':
      c.unitPath = { ...below, $ne: s.scopePath };
      break;
  }
  return c;
}

/**
 * The subjects a row covers, as a CASL (Mongo-style) condition on flat columns: its own selector,
 * narrowed to the entries of a management list and without its exceptions — lists are selectors
 * too, so the whole stays conditions on kind, category and path (index ranges, never lists of ids).
 * The same condition is checked in memory and translated to SQL (casl-sql.ts). Null when the row
 * covers nothing (it requires a list with no entry of its kind).
 */
export function rowCondition(row: DelegationRow): Condition | null {
  const own = selectorCondition(row);
  if (row.exceptCategories.length) own.category = { ...(own.category as object | undefined), $nin: row.exceptCategories };
  // Seats are in the committees of the row's scope unit (the last id of its path): "members of the executive committee" of that level.
  const atScope = (seats: string[]) => seats.map((seat) => `${unitIdOfPath(row.scopePath)}:${seat}`);
  if (row.subjectSeats.length) own.seats = { $in: atScope(row.subjectSeats) };
  if (row.exceptSeats.length) own.seats = { ...(own.seats as object | undefined), $nin: atScope(row.exceptSeats) };
  const parts: Record<string, unknown>[] = [own];
  if (row.listedByBodyId) {
    const listed = row.listed.filter((e) => e.subjectKind === row.subjectKind);
    if (listed.length === 0) return null;
    parts.push({ $or: listed.map(selectorCondition) });
  }
  const excepted = row.exceptListed.filter((e) => e.subjectKind === row.subjectKind);
  if (row.exceptListedByBodyId && excepted.length) parts.push({ $nor: excepted.map(selectorCondition) });
  return (parts.length === 1 ? own : { $and: parts }) as Condition;
}
