import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { EntityManager } from 'typeorm';
import { RowSource, countedOnce } from '../db/counted-once';
import { withoutBitmaps } from '../db/plan-hints';
import { knownNamesMatching, searchCondition } from '../db/search';
import { SqlParams, underPrefix } from '../db/sql-params';
import { spansProvinces } from '../policies/read-scope';
import { NAME_ORDER_WALKED } from '../../migrations/1732000000052-people-in-name-order';
import { ConnectionShape, PageArgs, mergedKeysetPage } from '../schema/pagination';
import { PERSON_COLUMNS, PersonType } from '../schema/people-types';
import { UnitType } from '../schema/tree-types';
import { PreparedStatement } from '../db/prepared-statement';

/* People, read through the caller's scope: those with a membership or a post the caller may see. */

const PERSON_ID_BY_CODE = new PreparedStatement(`SELECT id::text AS id FROM person WHERE code = $1`);

/** A person by code, through the (scoped) person loader: null when unknown or out of scope alike. */
export async function personByCode(ctx: Ctx, code: string): Promise<PersonType | null> {
  const [row] = await PERSON_ID_BY_CODE.run<{ id: string }>(ctx.session.em, [code]);
  return row ? ctx.loaders.person.load(row.id) : null;
}

/** One side of the people page: its table, with the person's code where the side does not keep it, and the name it sorts by. */
interface Side {
  alias: 'm' | 'po';
  from: string;
  withCodes: string;
  /** The name kept, in "C": the sort key, and what the names kept once are compared with. */
  name: string;
  /** The name as the person's own is compared (ILIKE folds case by the database's collation; the copy sorts in "C"), and folded. */
  text: string;
  folded: string;
  /** The code, in the collation of migration 0050's index on the member's (equal in either: codes are compared byte by byte). */
  code: string;
}

const MEMBERS: Side = {
  alias: 'm',
  from: 'membership m',
  withCodes: 'membership m',
  name: 'm.person_name',
  text: 'm.person_name COLLATE "default"',
  // Kept folded (migration 0048); a post holder's is folded as it is read: the posts in scope are few beside their members.
  folded: 'm.person_name_folded',
  code: 'm.person_code COLLATE "C"',
};
/** A holder's code is the person's. */
const HOLDERS: Side = {
  alias: 'po',
  from: 'post po',
  withCodes: 'post po JOIN person pe ON pe.id = po.person_id',
  name: 'po.holder_name',
  text: 'po.holder_name COLLATE "default"',
  folded: 'fold_name(po.holder_name)',
  code: 'pe.code',
};

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
  // `byPerson`: the caller's own rows by their person too (a row without a person column has the paths alone).
  const inScope = (p: SqlParams, alias: string, byPerson = true) => {
    const conds = [policy.people(p, `${alias}.unit_path`, byPerson ? `${alias}.person_id` : undefined, within?.path)];
    if (within) conds.push(underPrefix(`${alias}.unit_path`, p, within.path));
    return conds.join(' AND ');
  };
  const walk = spansProvinces(policy.readScope, within?.path ?? null);
  const p = new SqlParams();
  const parts = (side: Side) =>
    sourcesOf(side, p, search, walk).map((s) => ({
      from: s.from,
      where: [`${inScope(p, side.alias)} AND ${s.match}`],
      sortKey: side.name,
      idKey: `${side.alias}.person_id`,
    }));
  return mergedKeysetPage(ctx.session.em, args, {
    merged: [...parts(MEMBERS), ...parts(HOLDERS)],
    select: PERSON_COLUMNS('t'),
    join: 'JOIN person t ON t.id = u.id',
    walkInOrder: walk,
    params: p,
    map: (r) => Object.assign(new PersonType(), r),
    // A person has one membership at most (membership_person_key): the members in scope, and the holders of posts in
    // scope who are not among them, each once (a person matches a search in both or in neither). Counting the people
    // through the union took 665 ms for a province's 169,444 (47 ms this way) and ran past the statement timeout for
    // the whole country. Each side is counted from the sources its page reads; the whole country's searched by the names
    // that match, the members' from the name-order index, which keeps each row's path (migration 0055).
    count: async () => {
      const c = new SqlParams();
      // Searched, a province's rows matched one by one cost 40 ms whatever the term; found by the names, "ng" took 0.45–0.69 s.
      const byNames = search ? policy.readScope.all && !within : walk;
      const members = countedOnce(sourcesOf(MEMBERS, c, search, byNames), 'count(*)', (s) => `${inScope(c, 'm')} AND ${s.match}`);
      const holders = countedOnce(
        sourcesOf(HOLDERS, c, search, byNames),
        'count(DISTINCT po.person_id)',
        (s) =>
          `${inScope(c, 'po')} AND ${s.match} AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = po.person_id AND ${inScope(c, 'm')})`,
      );
      const sql = `SELECT (${walk && !search ? talliedMembers(inScope(c, 't', false), members) : members} + ${holders})::int AS n`;
      const counted = async (em: EntityManager) => (await em.query<{ n: number }[]>(sql, c.values))[0].n;
      // A bitmap of a common name's bearers goes lossy, each row compared with every name again (past the timeout).
      return search && byNames ? withoutBitmaps(ctx.session.em, counted) : counted(ctx.session.em);
    },
  });
}

/**
 * The members of whole provinces, unsearched, as the subject tally counts them: every membership is a party member's
 * subject in every cycle (migration 0008), so the first cycle's groups of that kind count the memberships under their
 * paths (the administrator's 5.6 million counted row by row under row-level security: 1.9 s). The scope's paths alone:
 * a scope of whole provinces holds the caller's own rows. Without a cycle there is no tally: `counted`, row by row.
 */
const talliedMembers = (inScope: string, counted: string) =>
  `CASE WHEN EXISTS (SELECT 1 FROM cycle) THEN (SELECT COALESCE(sum(t.n), 0) FROM subject_tally t
      WHERE t.cycle_id = (SELECT min(id) FROM cycle) AND t.kind = 'PARTY_MEMBER' AND ${inScope}) ELSE ${counted} END`;

/** The memberships a search finds across whole provinces: by the names kept once that match, then apart by code (sources on `m`). */
export const membersFound = (p: SqlParams, search: string): RowSource[] => sourcesOf(MEMBERS, p, search, true);

/** What a side of the page reads: walked for whole provinces (by name, and apart by code when searched), or matched row by row. */
function sourcesOf(side: Side, p: SqlParams, search: string | null | undefined, walk: boolean): RowSource[] {
  if (!search) return [{ from: side.from, match: walk ? NAME_ORDER_WALKED(side.alias) : 'TRUE' }];
  if (!walk) return [{ from: side.withCodes, match: searchCondition(p, search, side.text, side.code, side.folded) }];
  return [
    { from: side.from, match: `${side.name} = ANY(${knownNamesMatching(p, search)}) AND ${NAME_ORDER_WALKED(side.alias)}` },
    { from: side.withCodes, match: `${side.code} = ${p.add(search)}` },
  ];
}
