import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { SUBJECT_KINDS, subjectViewOf } from '../model/kinds';
import { ReadScope, oneProvince } from '../policies/read-scope';
import { PagePart } from '../schema/pagination';
import { PAGE_ORDER_WALKED } from '../../migrations/1732000000061-rating-page-order-walked';

/**
 * The order of the lists of ratings: by subject, kind first — `subject_kind || ' ' || subject_code` in "C", kept as a
 * column (migration 0049) so that a page's cursor is an index condition under row-level security.
 */
export const RATING_ORDER = 'r.page_key';

/**
 * What a page of ratings (alias `r`) that walks RATING_ORDER says, and no other read does: one province's order
 * (rating_province_order_idx, migration 0062) where the walk kept to the scope, and `within` a unit when given, reads one
 * province, whose ratings lie together in the country's order; else the country's (rating_page_order_idx, migration 0061).
 */
export function ratingOrderWalked(scope: ReadScope, within: string | null, p: SqlParams): string {
  const province = oneProvince(scope, within);
  return province ? `r.province_path = ${p.add(province)}` : PAGE_ORDER_WALKED('r');
}

/**
 * A list of ratings (alias `r`) with a condition on their subject (alias `a`), as one part per kind of subject, each
 * joined to the view of its kind, which PostgreSQL flattens into the join and reads by key or by its own conditions.
 * Joined to the union of the kinds' views instead, it read the union whole (its branches are joins: not flattened).
 */
export function ratedSubjectParts(from: string, where: string[]): PagePart[] {
  return SUBJECT_KINDS.map((kind) => ({
    from: `${from} JOIN ${subjectViewOf(kind)} a ON a.ref_id = r.subject_ref_id`,
    where: [`r.subject_kind = '${kind}'`, ...where],
    sortKey: RATING_ORDER,
    idKey: 'r.id',
  }));
}

/** The rows of the parts over all pages (a rating has one kind: the parts share none). */
export async function countOfParts(em: EntityManager, parts: PagePart[], params: unknown[]): Promise<number> {
  const counts = parts.map((x) => `(SELECT count(*) FROM ${x.from} WHERE ${x.where.join(' AND ')})`);
  return (await em.query<{ n: number }[]>(`SELECT (${counts.join(' + ')})::int AS n`, params))[0].n;
}
