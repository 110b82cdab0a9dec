import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { searchCondition } from '../db/search';
import { SqlParams, underPrefix } from '../db/sql-params';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { PERSON_COLUMNS, PersonType } from '../schema/people-types';
import { UnitType } from '../schema/tree-types';

/* People, read through the caller's scope: those with a membership or a post the caller may see. */

/** A person by code, through the (scoped) person loader: null when unknown or out of scope alike. */
export async function personByCode(ctx: Ctx, code: string): Promise<PersonType | null> {
  const [row] = await ctx.session.em.query<{ id: string }[]>(`SELECT id::text AS id FROM person WHERE code = $1`, [code]);
  return row ? ctx.loaders.person.load(row.id) : null;
}

/** People in scope, within a subtree if given, by name. */
export function peoplePage(
  ctx: Ctx,
  args: PageArgs,
  within: UnitType | null,
  search: string | null | undefined,
): Promise<ConnectionShape<PersonType>> {
  const p = new SqlParams();
  const inScope = (alias: string) => {
    const conds = [requirePolicy(ctx).people(p, `${alias}.unit_path`, `${alias}.person_id`)];
    if (within) conds.push(underPrefix(`${alias}.unit_path`, p, within.path));
    return conds.join(' AND ');
  };
  const where = [
    `t.id IN (SELECT m.person_id FROM membership m WHERE ${inScope('m')} UNION SELECT po.person_id FROM post po WHERE ${inScope('po')})`,
  ];
  if (search) where.push(searchCondition(p, search, 't.full_name', 't.code'));
  return keysetPage(ctx.session.em, args, {
    select: PERSON_COLUMNS('t'),
    from: 'person t',
    where,
    params: p,
    sortKey: 't.full_name COLLATE "C"',
    idKey: 't.id',
    map: (r) => Object.assign(new PersonType(), r),
  });
}
