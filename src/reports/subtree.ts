import { SqlParams, underPrefix } from '../db/sql-params';

/**
 * A report's subtree: as it stands (a path prefix), or — a past cycle's report — as it stood on the cycle's
 * reference date: today's paths of the units then in it (data/units.ts subtreeThen).
 */
export interface ReportSubtree {
  path: string;
  unitsThen: string[] | null;
}

/** `AND` the condition that `column` (a unit path) lies in the subtree; empty without one. */
export function andInSubtree(column: string, p: SqlParams, s: ReportSubtree | null): string {
  if (!s) return '';
  return s.unitsThen ? `AND ${column} = ANY(${p.add(s.unitsThen)}::text[])` : `AND ${underPrefix(column, p, s.path)}`;
}
