import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { searchCondition } from '../db/search';
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

/**
 * People in scope, within a subtree if given, by name, searched or not: the memberships in scope (by the name and code
 * each keeps of its person, migrations 0040 and 0041) and the posts in scope (by the name each keeps of its holder,
 * migration 0052) are each cut to the page before they are merged. A province's people were read and sorted whole
 * (511 ms), the page takes 42; searched, each of a province's people was read to match their name (1.0–1.3 s on the
 * national database; an administrator's search ran past the statement timeout), the memberships' copies take 195 ms.
 * Whole provinces or more, unsearched, walk both in their order (migration 0052's indexes): the administrator's first
 * page sorted the country's 5.6 million members (2.0 s). A search still reads the scope's rows: a rare name would walk
 * the whole index to fill a page.
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
  const matching = (p: SqlParams, name: string, code: string, folded?: string) =>
    search ? ` AND ${searchCondition(p, search, name, code, folded)}` : '';
  // The holder's code is the person's: read only when searched.
  const posts = search ? 'post po JOIN person pe ON pe.id = po.person_id' : 'post po';
  const walk = !search && spansProvinces(policy.readScope, within?.path ?? null);
  // Only a walk says the name-order indexes' condition: no smaller scope is planned along them.
  const walked = (alias: string) => (walk ? ` AND ${NAME_ORDER_WALKED(alias)}` : '');
  const p = new SqlParams();
  return mergedKeysetPage(ctx.session.em, args, {
    merged: [
      {
        from: 'membership m',
        where: [inScope(p, 'm') + matching(p, MEMBER_NAME, 'm.person_code', MEMBER_NAME_FOLDED) + walked('m')],
        sortKey: 'm.person_name',
        idKey: 'm.person_id',
      },
      {
        from: posts,
        where: [inScope(p, 'po') + matching(p, HOLDER_NAME, 'pe.code', 'fold_name(po.holder_name)') + walked('po')],
        sortKey: 'po.holder_name',
        idKey: 'po.person_id',
      },
    ],
    select: PERSON_COLUMNS('t'),
    join: 'JOIN person t ON t.id = u.id',
    walkInOrder: walk,
    params: p,
    map: (r) => Object.assign(new PersonType(), r),
    // A person has one membership at most (membership_person_key): the members in scope, and the holders of posts in
    // scope who are not among them, each once (a person matches a search in both or in neither). Counting the people
    // through the union took 665 ms for a province's 169,444 (47 ms this way) and ran past the statement timeout for
    // the whole country.
    count: async () => {
      const c = new SqlParams();
      const sql = `SELECT (SELECT count(*) FROM membership m WHERE ${inScope(c, 'm')}${matching(c, MEMBER_NAME, 'm.person_code', MEMBER_NAME_FOLDED)})
          + (SELECT count(DISTINCT po.person_id) FROM ${posts}
              WHERE ${inScope(c, 'po')}${matching(c, HOLDER_NAME, 'pe.code', 'fold_name(po.holder_name)')}
                AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = po.person_id AND ${inScope(c, 'm')}))::int AS n`;
      return (await ctx.session.em.query<{ n: number }[]>(sql, c.values))[0].n;
    },
  });
}
