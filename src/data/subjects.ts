import { EntityManager } from 'typeorm';
import { RowSource, countedOnce } from '../db/counted-once';
import { membersFound } from './people';
import { knownNamesMatching, searchCondition } from '../db/search';
import { withoutBitmaps } from '../db/plan-hints';
import { NAME_ORDER_WALKED } from '../../migrations/1732000000052-people-in-name-order';
import { SqlParams, underPrefix } from '../db/sql-params';
import { SUBJECT_KINDS, subjectViewOf } from '../model/kinds';
import { ACTIONS, Action } from '../policies/actions';
import { CycleAbility } from '../policies/request-policy';
import { RatingSubjectType, ScopeCountType } from '../schema/authority-types';
import { ConnectionShape, MergedPageQuery, PageArgs, keysetPage, mergedKeysetPage } from '../schema/pagination';
import { readScopeOf } from '../policies/read-scope';
import { stageCounts, talliedCount } from '../reports/stage-counts';
import { runShaped } from '../db/prepared-statement';

/* Rating subjects (the rating_subject view: members, leaders, organizations, collectives) as the caller's ability in a cycle allows. */

const SUBJECT_COLUMNS = (a: string) =>
  `${a}.kind, ${a}.ref_id::text AS "refId", ${a}.code, ${a}.label, ${a}.unit_id::text AS "unitId", ${a}.category, ${a}.person_id::text AS "personId", ${a}.ref_id AS "dbId"`;
const toSubject = (row: object) => Object.assign(new RatingSubjectType(), row);

/** The subject if the caller may do `action` to it, checked by the same SQL condition the lists use. */
export async function subjectIf(
  em: EntityManager,
  ability: CycleAbility,
  action: Action,
  ref: { kind: string; refId: string },
): Promise<RatingSubjectType | null> {
  const p = new SqlParams();
  const [row] = await runShaped<object>(
    em,
    `SELECT ${SUBJECT_COLUMNS('a')} FROM rating_subject a WHERE a.kind = ${p.add(ref.kind)} AND a.ref_id = ${p.add(ref.refId)} AND ${ability.where(action, p, 'a')}`,
    p.values,
  );
  return row ? toSubject(row) : null;
}

/** May the caller read the subject in the cycle (the ability's own test on one subject). */
export async function maySee(em: EntityManager, ability: CycleAbility, kind: string, refId: string): Promise<boolean> {
  const p = new SqlParams();
  const [{ visible }] = await runShaped<{ visible: boolean }>(
    em,
    `SELECT ${ability.allowedOn('read', p, kind, p.add(refId))} AS visible`,
    p.values,
  );
  return visible;
}

/**
 * What the caller may do, counted per kind of subject. An action allowed on every subject (an administrator reads and
 * audits the country) is each kind's subjects as the subject tally counts them (stageCounts); one allowed on none is 0;
 * the others are counted on the subjects (the country's 5.7 million read nine times over for an administrator: 6.4 s).
 */
export async function scopeCounts(em: EntityManager, ability: CycleAbility, withinPath: string | null): Promise<ScopeCountType[]> {
  const p = new SqlParams();
  const conditions = ACTIONS.map((action) => ({ action, sql: ability.where(action, p, 'a') }));
  const counted = conditions.filter((c) => c.sql !== 'TRUE' && c.sql !== 'FALSE');
  const everyOne = conditions.find((c) => c.sql === 'TRUE');
  const totals = new Map<string, number>();
  if (everyOne)
    for (const c of await stageCounts(em, ability.ability, ability.cycleId, withinPath, null, everyOne.action))
      totals.set(c.kind, (totals.get(c.kind) ?? 0) + c.n);
  let each: Record<string, number>[] = [];
  if (counted.length) {
    // A kind without subjects joins one row of nulls: counted by a column it leaves null, not by count(*).
    const filters = counted.map((c) => `, count(a.ref_id) FILTER (WHERE ${c.sql})::int AS "${c.action}"`).join('');
    const subtree = withinPath ? `AND ${underPrefix('a.unit_path', p, withinPath)}` : '';
    // Beside actions on every subject, the others are narrow (one's own ratings): the subjects they allow are read alone.
    // Otherwise the caller's scope bounds the subjects read, and a condition joining theirs slowed a province's (0.18 → 0.30 s).
    const narrowed = everyOne ? `AND (${counted.map((c) => c.sql).join(' OR ')})` : '';
    each = await em.query<Record<string, number>[]>(
      `SELECT k.kind${filters} FROM unnest(${p.add(SUBJECT_KINDS)}::text[]) WITH ORDINALITY AS k(kind, n)
         LEFT JOIN (SELECT * FROM rating_subject a WHERE TRUE ${narrowed} ${subtree}) a ON a.kind = k.kind GROUP BY k.kind, k.n ORDER BY k.n`,
      p.values,
    );
  }
  return SUBJECT_KINDS.map((kind, i) =>
    Object.assign(
      new ScopeCountType(),
      { kind },
      Object.fromEntries(
        conditions.map((c) => [c.action, c.sql === 'TRUE' ? (totals.get(kind) ?? 0) : c.sql === 'FALSE' ? 0 : each[i][c.action]]),
      ),
    ),
  );
}

export interface SubjectFilter {
  kinds?: string[] | null;
  withinPath?: string | null;
  search?: string | null;
}

/** The order of the subject lists: by kind, then code, compared as text in "C" (the cursor keeps it). */
export const SUBJECT_ORDER = (a: string) => `(${a}.kind || ' ' || ${a}.code) COLLATE "C"`;

/**
 * One kind's subjects in SUBJECT_ORDER, as a part of a merged page (`before` what precedes the kind in the page's
 * order): the kind a constant prefix, the key the code alone, which migration 0050 indexes. A cursor on the code is an
 * index condition under row-level security; on `kind || ' ' || code` (`||` is not leakproof) it was a filter behind the
 * policy's, and a page deep in the country's members read the 5 million before it.
 */
export const kindPart = (kind: string, a: string, before = '') => ({ prefix: `${before}${kind} `, sortKey: `${a}.code COLLATE "C"` });

/** The subjects the caller may do `action` to, by kind and code. */
export function subjectsPage(
  em: EntityManager,
  ability: CycleAbility,
  action: Action,
  args: PageArgs,
  f: SubjectFilter,
): Promise<ConnectionShape<RatingSubjectType>> {
  const p = new SqlParams();
  const where = [ability.where(action, p, 'a', f.withinPath)];
  if (f.withinPath) where.push(underPrefix('a.unit_path', p, f.withinPath));
  // Every subject stands in one group of the subject tally: the groups in scope are summed (4.6 s for an
  // administrator's country counted row by row). A search by name or code is not in the tally.
  const tallied = () => talliedCount(em, ability, action, f.withinPath ?? null, (c) => !f.kinds?.length || f.kinds.includes(c.kind));
  const kinds = SUBJECT_KINDS.filter((k) => !f.kinds?.length || f.kinds.includes(k));
  if (readScopeOf(ability.viewer).all && !f.withinPath) {
    return f.search ? searchedCountry(em, ability, action, args, kinds, f.search) : walkedCountry(em, args, kinds, p, where, tallied);
  }
  // The label folded as it is read (searchCondition): about what the ILIKE it goes before costs (a province's subjects: 121–142 against 117 ms).
  if (f.search) where.push(searchCondition(p, f.search, 'a.label', 'a.code'));
  if (f.kinds?.length) where.push(`a.kind = ANY(${p.add(f.kinds)})`);
  return keysetPage(em, args, {
    select: SUBJECT_COLUMNS('a'),
    from: 'rating_subject a',
    where,
    params: p,
    sortKey: SUBJECT_ORDER('a'),
    idKey: 'a.ref_id',
    map: toSubject,
    ...(f.search ? {} : { count: tallied }),
  });
}

/**
 * The subject of a kind and key (SQL expressions), joined as `alias`: read by its key in the union's branches, a
 * subquery the planner keeps apart (LIMIT; joined, it hashed the whole union of subjects).
 */
export const subjectByKey = (alias: string, kind: string, ref: string) =>
  `JOIN LATERAL (SELECT * FROM rating_subject ${alias} WHERE ${alias}.kind = ${kind} AND ${alias}.ref_id = ${ref} LIMIT 1) ${alias} ON TRUE`;

/** One kind's part of a page of the whole country's subjects: its rows (as `a`), keyed by code within the kind. */
const countryPart = (kind: string, from: string, where: string[]) => ({ from, where, ...kindPart(kind, 'a'), idKey: 'a.ref_id' });

/** A page of the whole country's subjects merged from its kinds' parts; the subjects shown read from rating_subject by key. */
const countryPage = (
  em: EntityManager,
  args: PageArgs,
  q: Pick<MergedPageQuery<RatingSubjectType>, 'merged' | 'params' | 'count' | 'walkInOrder'>,
) =>
  mergedKeysetPage(em, args, {
    ...q,
    select: SUBJECT_COLUMNS('s'),
    // The kind is the sort key's first word.
    join: subjectByKey('s', `split_part(u."sortKey", ' ', 1)`, 'u.id'),
    map: toSubject,
  });

/**
 * The whole country: each kind's view walked in this order (the members by migration 0050's index) to the page, then
 * merged; sorting the country's 5.7 million subjects took 2.8 s. Member codes follow the provinces: a smaller scope
 * sorts its own.
 */
function walkedCountry(em: EntityManager, args: PageArgs, kinds: string[], p: SqlParams, where: string[], count: () => Promise<number>) {
  const merged = kinds.map((kind) => countryPart(kind, `${subjectViewOf(kind)} a`, where));
  return countryPage(em, args, { merged, params: p, count, walkInOrder: true });
}

/**
 * How many members bearing the names a search matches the whole country's search still sorts (searchedCountry); from
 * that many on it walks the members' codes instead, where one in every 280 or more bears one of them.
 */
export const SUBJECT_SEARCH = { sortedUpTo: 20_000 };

/**
 * The whole country searched. Members are found by their names among the names kept once (migration 0053) and apart by
 * code; the other kinds, a few tens of thousands each, match their labels row by row. The members bearing the names
 * are counted up to SUBJECT_SEARCH.sortedUpTo first: fewer are read through the name index and sorted by code (a rare
 * name); more, the code index is walked until the page is full (a common name, or a short term). The administrator's
 * search matched the folded label of every one of the country's 5.7 million subjects, then sorted: 5.4–10.3 s.
 */
async function searchedCountry(
  em: EntityManager,
  ability: CycleAbility,
  action: Action,
  args: PageArgs,
  kinds: string[],
  search: string,
): Promise<ConnectionShape<RatingSubjectType>> {
  const bearing = (q: SqlParams) => `a.label COLLATE "C" = ANY(${knownNamesMatching(q, search)}) AND ${NAME_ORDER_WALKED('a')}`;
  const c = new SqlParams();
  const bearers = kinds.includes('PARTY_MEMBER')
    ? await withoutBitmaps(em, async (tx) => {
        const sql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM subject_party_member a
            WHERE ${ability.where(action, c, 'a')} AND ${bearing(c)} LIMIT ${SUBJECT_SEARCH.sortedUpTo}) x`;
        return (await tx.query<{ n: number }[]>(sql, c.values))[0].n;
      })
    : 0;
  const walk = bearers >= SUBJECT_SEARCH.sortedUpTo;
  const p = new SqlParams();
  const allowed = ability.where(action, p, 'a');
  const merged = kinds.flatMap((kind) => {
    const view = `${subjectViewOf(kind)} a`;
    if (kind !== 'PARTY_MEMBER') return [countryPart(kind, view, [allowed, searchCondition(p, search, 'a.label', 'a.code')])];
    const named = [allowed, bearing(p)];
    return [
      // The code in the collation of migration 0050's index (equal in either).
      countryPart(kind, view, [allowed, `a.code COLLATE "C" = ${p.add(search)}`]),
      // Walked, the name is a filter on the codes read in order; sorted, the bearers are read apart first (OFFSET 0).
      walk ? countryPart(kind, view, named) : countryPart(kind, `(SELECT * FROM ${view} WHERE ${named.join(' AND ')} OFFSET 0) a`, []),
    ];
  });
  // Counted from the same sources, each kind's apart: the members bearing the names from the name-order index, which
  // keeps each row's path (migration 0055). Matching the label of each of the country's subjects took 4.6–5.7 s.
  const count = async () => {
    const q = new SqlParams();
    const allowedHere = ability.where(action, q, 'a');
    const parts = kinds.map((kind) => {
      const from = `${subjectViewOf(kind)} a`;
      const sources: RowSource[] =
        kind !== 'PARTY_MEMBER'
          ? [{ from, match: searchCondition(q, search, 'a.label', 'a.code') }]
          : allowedHere === 'TRUE'
            ? // Every member: from the memberships, as the people page finds them, which the name-order index answers alone
              // (through the view, the join to the member's unit, though planned away, kept each row read from the table: 4.2 s for "thanh").
              membersFound(q, search)
            : [
                // The names first: a source is tested against those before it, and the code is not in the index.
                { from, match: bearing(q) },
                { from, match: `a.code COLLATE "C" = ${q.add(search)}` },
              ];
      return countedOnce(sources, 'count(*)', (s) => `${allowedHere} AND ${s.match}`);
    });
    const sql = `SELECT (${parts.join(' + ')})::int AS n`;
    return withoutBitmaps(em, async (tx) => (await tx.query<{ n: number }[]>(sql, q.values))[0].n);
  };
  if (walk) return countryPage(em, args, { merged, params: p, count, walkInOrder: true });
  return withoutBitmaps(em, (tx) => countryPage(tx, args, { merged, params: p, count }));
}

export interface SubjectNamed {
  kind: string;
  code?: string | null;
  personId?: string | null;
  postId?: string | null;
}

/** The readable subjects of a kind a code, a person or a post names: at most two (more than one is the caller's to resolve). */
export async function subjectsNamed(em: EntityManager, ability: CycleAbility, n: SubjectNamed): Promise<RatingSubjectType[]> {
  const p = new SqlParams();
  const where = [`a.kind = ${p.add(n.kind)}`, ability.where('read', p, 'a')];
  if (n.code != null) where.push(`a.code = ${p.add(n.code)}`);
  if (n.personId != null) where.push(`a.person_id = ${p.add(n.personId)}`);
  if (n.postId != null) where.push(`a.ref_id = ${p.add(n.postId)}`);
  const rows = await em.query<object[]>(
    `SELECT ${SUBJECT_COLUMNS('a')} FROM rating_subject a WHERE ${where.join(' AND ')} ORDER BY a.code LIMIT 2`,
    p.values,
  );
  return rows.map(toSubject);
}
