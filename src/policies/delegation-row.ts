import { MongoQuery } from '@casl/ability';

/** A delegation row with what its scope unit is, as the policies need it. */
export interface DelegationRow {
  id: string;
  code: string;
  delegatorBodyId: string | null;
  delegateBodyId: string;
  delegateOffice: string | null;
  power: 'DECIDE' | 'PROPOSE';
  subjectKind: string;
  subjectCategories: string[];
  scopeMode: 'SELF' | 'CHILDREN' | 'SUBTREE' | 'BELOW';
  scopePath: string;
  scopeDepth: number;
  consultBodyIds: string[];
  compilerBodyId: string | null;
  source: string;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The subjects a row covers, as a CASL (Mongo-style) condition on flat columns: kind, category and
 * the unit path. The same condition is checked in memory and translated to SQL (casl-sql.ts).
 */
export function rowCondition(row: DelegationRow): MongoQuery<Record<string, unknown>> {
  const c: Record<string, unknown> = { kind: row.subjectKind };
  if (row.subjectCategories.length) c.category = { $in: row.subjectCategories };
  const under = { $regex: `^${escapeRegex(row.scopePath)}` };
  switch (row.scopeMode) {
    case 'SELF': c.unitPath = row.scopePath; break;
    case 'CHILDREN': c.unitPath = under; c.unitDepth = row.scopeDepth + 1; break;
    case 'SUBTREE': c.unitPath = under; break;
    case 'BELOW': c.unitPath = { ...under, $ne: row.scopePath }; break;
  }
  return c as MongoQuery<Record<string, unknown>>;
}
