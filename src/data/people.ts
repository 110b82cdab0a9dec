import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { knownNamesMatching, searchCondition } from '../db/search';
import { SqlParams, underPrefix } from '../db/sql-params';
import { spansProvinces } from '../policies/read-scope';
import { NAME_ORDER_WALKED } from '../../migrations/1732000000052-people-in-name-order';
import { ConnectionShape, PageArgs, mergedKeysetPage } from '../schema/pagination';
import { PERSON_COLUMNS, PersonType } from '../schema/people-types';
import { UnitType } from '../schema/tree-types';

/* People, read through the caller's scope: those with a membership or a post the caller may see. */

/** A person by code, through the (scoped) person loader: null when unknown or out of scope alike. */
export async function personByCode(ctx: Ctx, code: string): Promise<PersonType | null> {
  const [row] = await ctx.session.em.query<{ id: string }[]>(`SELECT id::text AS id FROM person WHERE code = $1`, [code]);
  return row ? ctx.loaders.person.load(row.id) : null;
}

/** A member's name as the person's own is compared (ILIKE folds case by the database's collation; the copy sorts in "C"). */
const MEMBER_NAME = 'm.person_name COLLATE "default"';
/** The member's name kept folded (migration 0048); a post holder's is folded as it is read: the posts in scope are few beside their members. */
const MEMBER_NAME_FOLDED = 'm.person_name_folded';
/** A post holder's name, as the post keeps it (migration 0052), compared as the member's is. */
const HOLDER_NAME = 'po.holder_name COLLATE "default"';
/** Posts with their holders' codes, which are the people's. */
const POSTS_WITH_CODES = 'post po JOIN person pe ON pe.id = po.person_id';

/** Where a part of the people page reads its rows, and what they must match beyond the caller's scope. */
interface Source {
  from: string;
  match: string;
}

/**
 * People in scope, within a subtree if given, by name, searched or not: the memberships in scope (by the name and code
 * each keeps of its person, migrations 0040 and 0041) and the posts in scope (by the name each keeps of its holder,
 * migration 0052) are each cut to the page before they are merged. A province's people were read and sorted whole
 * (511 ms), the page takes 42; searched, each of a province's people was read to match their name (1.0–1.3 s on the
 * national database), the memberships' copies take 195 ms. Whole provinces or more walk both in their order (migration
 * 0052's indexes): the administrator's first page sorted the country's 5.6 million members (2.0 s). Searched, they walk
 * them for the names that match (migration 0053), a person's code apart: the administrator's search matched every
 * member's name (2.0–2.8 s).
 */
export function peoplePage(
  ctx: Ctx,
  args: PageArgs,
  within: UnitType | null,
  search: string | null | undefined,
): Promise<ConnectionShape<PersonType>> {
  const policy = requirePolicy(ctx);
  const inScope = (p: SqlParams, alias: string) => {
    const conds = [policy.people(p, `${alias}.unit_path`, `${alias}.person_id`)];
    if (within) conds.push(underPrefix(`${alias}.unit_path`, p, within.path));
    return conds.join(' AND ');
  };
  const walk = spansProvinces(policy.readScope, within?.path ?? null);
  const p = new SqlParams();
  const part = (alias: 'm' | 'po', sortKey: string) => (s: Source) => ({
    from: s.from,
    where: [`${inScope(p, alias)} AND ${s.match}`],
    sortKey,
    idKey: `${alias}.person_id`,
  });
  return mergedKeysetPage(ctx.session.em, args, {
    merged: [
      ...membersMatching(p, search, walk).map(part('m', 'm.person_name')),
      ...holdersMatching(p, search, walk).map(part('po', 'po.holder_name')),
    ],
    select: PERSON_COLUMNS('t'),
    join: 'JOIN person t ON t.id = u.id',
    walkInOrder: walk,
    params: p,
    map: (r) => Object.assign(new PersonType(), r),
    // A person has one membership at most (membership_person_key): the members in scope, and the holders of posts in
    // scope who are not among them, each once (a person matches a search in both or in neither). Counting the people
    // through the union took 665 ms for a province's 169,444 (47 ms this way) and ran past the statement timeout for
    // the whole country. Counted row by row, as a smaller scope reads them: a search's names, probed in the memberships'
    // bitmap, were compared one by one with each row of its lossy pages (53 s for "thanh" in the country).
    count: async () => {
      const c = new SqlParams();
      const [members] = membersMatching(c, search, false);
      const [holders] = holdersMatching(c, search, false);
      const sql = `SELECT (SELECT count(*) FROM membership m WHERE ${inScope(c, 'm')} AND ${members.match})
          + (SELECT count(DISTINCT po.person_id) FROM ${holders.from}
              WHERE ${inScope(c, 'po')} AND ${holders.match}
                AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = po.person_id AND ${inScope(c, 'm')}))::int AS n`;
      return (await ctx.session.em.query<{ n: number }[]>(sql, c.values))[0].n;
    },
  });
}

/** The memberships a page reads: walked for whole provinces (by name, and apart by code when searched), or matched row by row. */
function membersMatching(p: SqlParams, search: string | null | undefined, walk: boolean): Source[] {
  const from = 'membership m';
  if (!search) return [{ from, match: walk ? NAME_ORDER_WALKED('m') : 'TRUE' }];
  if (!walk) return [{ from, match: searchCondition(p, search, MEMBER_NAME, 'm.person_code', MEMBER_NAME_FOLDED) }];
  return [
    { from, match: `m.person_name = ANY(${knownNamesMatching(p, search)}) AND ${NAME_ORDER_WALKED('m')}` },
    // In the collation of migration 0050's index on the code (equal in either: codes are compared byte by byte).
    { from, match: `m.person_code COLLATE "C" = ${p.add(search)}` },
  ];
}

/** The posts a page reads, as membersMatching; a holder's code is the person's. */
function holdersMatching(p: SqlParams, search: string | null | undefined, walk: boolean): Source[] {
  if (!search) return [{ from: 'post po', match: walk ? NAME_ORDER_WALKED('po') : 'TRUE' }];
  if (!walk) return [{ from: POSTS_WITH_CODES, match: searchCondition(p, search, HOLDER_NAME, 'pe.code', 'fold_name(po.holder_name)') }];
  return [
    { from: 'post po', match: `po.holder_name = ANY(${knownNamesMatching(p, search)}) AND ${NAME_ORDER_WALKED('po')}` },
    { from: POSTS_WITH_CODES, match: `pe.code = ${p.add(search)}` },
  ];
}
