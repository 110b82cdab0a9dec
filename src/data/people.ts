import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { searchCondition } from '../db/search';
import { SqlParams, underPrefix } from '../db/sql-params';
import { ConnectionShape, PageArgs, keysetPage, mergedKeysetPage } from '../schema/pagination';
import { PERSON_COLUMNS, PersonType } from '../schema/people-types';
import { UnitType } from '../schema/tree-types';

/* People, read through the caller's scope: those with a membership or a post the caller may see. */

/** A person by code, through the (scoped) person loader: null when unknown or out of scope alike. */
export async function personByCode(ctx: Ctx, code: string): Promise<PersonType | null> {
  const [row] = await ctx.session.em.query<{ id: string }[]>(`SELECT id::text AS id FROM person WHERE code = $1`, [code]);
  return row ? ctx.loaders.person.load(row.id) : null;
}

/**
 * People in scope, within a subtree if given, by name. Searched, the name's trigram index leads; listed, the memberships
 * (by the name each keeps, migration 0040) and the posts in scope are each cut to the page before they are merged: a
 * province's people were read and sorted whole (511 ms), the page takes 42.
 */
export function peoplePage(
  ctx: Ctx,
  args: PageArgs,
  within: UnitType | null,
  search: string | null | undefined,
): Promise<ConnectionShape<PersonType>> {
  const inScope = (p: SqlParams, alias: string) => {
    const conds = [requirePolicy(ctx).people(p, `${alias}.unit_path`, `${alias}.person_id`)];
    if (within) conds.push(underPrefix(`${alias}.unit_path`, p, within.path));
    return conds.join(' AND ');
  };
  const held = (p: SqlParams) =>
    `t.id IN (SELECT m.person_id FROM membership m WHERE ${inScope(p, 'm')} UNION SELECT po.person_id FROM post po WHERE ${inScope(p, 'po')})`;
  const map = (r: Record<string, unknown>) => Object.assign(new PersonType(), r);
  const p = new SqlParams();
  if (search) {
    return keysetPage(ctx.session.em, args, {
      select: PERSON_COLUMNS('t'),
      from: 'person t',
      where: [held(p), searchCondition(p, search, 't.full_name', 't.code')],
      params: p,
      sortKey: 't.full_name COLLATE "C"',
      idKey: 't.id',
      map,
    });
  }
  return mergedKeysetPage(ctx.session.em, args, {
    merged: [
      { from: 'membership m', where: [inScope(p, 'm')], sortKey: 'm.person_name', idKey: 'm.person_id' },
      {
        from: 'post po JOIN person pe ON pe.id = po.person_id',
        where: [inScope(p, 'po')],
        sortKey: 'pe.full_name COLLATE "C"',
        idKey: 'po.person_id',
      },
    ],
    select: PERSON_COLUMNS('t'),
    join: 'JOIN person t ON t.id = u.id',
    params: p,
    map,
    // A person has one membership at most (membership_person_key): the members in scope, and the holders of posts in
    // scope who are not among them, each once. Counting the people through the union took 665 ms for a province's
    // 169,444 (47 ms this way) and ran past the statement timeout for the whole country.
    count: async () => {
      const c = new SqlParams();
      const sql = `SELECT (SELECT count(*) FROM membership m WHERE ${inScope(c, 'm')})
          + (SELECT count(DISTINCT po.person_id) FROM post po WHERE ${inScope(c, 'po')}
              AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = po.person_id AND ${inScope(c, 'm')}))::int AS n`;
      return (await ctx.session.em.query<{ n: number }[]>(sql, c.values))[0].n;
    },
  });
}
