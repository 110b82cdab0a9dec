import { EntityManager } from 'typeorm';
import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { Selected, columnsFor, selectList } from '../db/columns';
import { KeptAcrossRequests } from '../db/kept-across-requests';
import { PreparedStatement } from '../db/prepared-statement';
import { searchCondition } from '../db/search';
import { Membership, UnitSuccession, UnitVersion } from '../entities';
import { SqlParams, underPrefix, withinPath } from '../db/sql-params';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import {
  MEMBERSHIP_COLUMNS,
  MEMBERSHIP_FIELD_READS,
  MEMBERSHIP_PROPERTIES,
  MembershipType,
  PERSON_COLUMNS,
  PERSON_FIELD_READS,
  PERSON_PROPERTIES,
  PersonType,
} from '../schema/people-types';
import { Selection, nodeSelection, propertiesRead } from '../schema/selection';
import { UNIT_COLUMNS, UnitType } from '../schema/tree-types';
import { spansProvinces } from '../policies/read-scope';
import { NAME_ORDER_WALKED } from '../../migrations/1732000000052-people-in-name-order';
import { unitOnSql, validOnSql } from '../services/unit-versions';

/* The tree's units and the members under them. Units are not personal (row-level security still applies); members are read through the caller's scope. */

const toUnit = (r: object) => Object.assign(new UnitType(), r);

/** A unit or a body as an argument names it, with the path of its unit. */
export interface Named {
  id: string;
  code: string;
  path: string;
}

/**
 * The lookups of a unit or a body by id, by code or by both, each a prepared statement with its own key: one text for all
 * three (`$1 IS NULL OR id = $1`) was parsed and planned at every call, 0.7 ms of PostgreSQL's time.
 */
const lookups = (select: string) => ({
  id: new PreparedStatement(`${select} WHERE x.id = $1::bigint`),
  code: new PreparedStatement(`${select} WHERE x.code = $1`),
  both: new PreparedStatement(`${select} WHERE x.id = $1::bigint AND x.code = $2`),
});
const NAMED_BY = {
  Unit: lookups(`SELECT x.id::text AS id, x.code, x.path FROM unit x`),
  Body: lookups(`SELECT x.id::text AS id, x.code, u.path FROM body x JOIN unit u ON u.id = x.unit_id`),
};

/** The unit or body with this id, this code, or both (then they must name the same one); none for neither. */
export async function unitOrBodyByIdOrCode(
  em: EntityManager,
  type: 'Unit' | 'Body',
  dbId: string | null,
  code: string | null,
): Promise<Named | null> {
  const by = NAMED_BY[type];
  const [statement, values] = dbId === null ? [by.code, [code]] : code === null ? [by.id, [dbId]] : [by.both, [dbId, code]];
  const [row] = await statement.run<Named>(em, values);
  return row ?? null;
}

/** A body's code and its unit's path. */
export async function bodyPlace(em: EntityManager, bodyId: string): Promise<Named> {
  return (await unitOrBodyByIdOrCode(em, 'Body', bodyId, null)) as Named;
}

/** Units by code, kept across requests (the tree is read by all and changes only by imports and reorganizations). */
const unitsByCode = new KeptAcrossRequests<object>();

export async function unitByCode(em: EntityManager, code: string): Promise<UnitType | null> {
  let row = unitsByCode.get(code);
  if (!row) {
    [row] = await em.query<object[]>(`SELECT ${UNIT_COLUMNS('u')} FROM unit u WHERE u.code = $1`, [code]);
    if (row) unitsByCode.set(code, row);
  }
  return row ? toUnit(row) : null;
}

export async function rootUnits(em: EntityManager): Promise<UnitType[]> {
  return (await em.query<object[]>(`SELECT ${UNIT_COLUMNS('u')} FROM unit u WHERE u.parent_id IS NULL ORDER BY u.code`)).map(toUnit);
}

export interface UnitFilter {
  parentId?: string | null;
  /** The subtree of this unit, itself excluded. */
  within?: UnitType | null;
  kinds?: string[] | null;
  search?: string | null;
}

/** Units by code, filtered. */
export function unitsPage(em: EntityManager, args: PageArgs, f: UnitFilter): Promise<ConnectionShape<UnitType>> {
  const p = new SqlParams();
  const where: string[] = [];
  if (f.parentId) where.push(`u.parent_id = ${p.add(f.parentId)}`);
  if (f.within) where.push(underPrefix('u.path', p, f.within.path), `u.id <> ${p.add(f.within.dbId)}`);
  if (f.kinds?.length) where.push(`u.kind = ANY(${p.add(f.kinds)})`);
  if (f.search) where.push(searchCondition(p, f.search, 'u.name', 'u.code'));
  return keysetPage(em, args, {
    select: UNIT_COLUMNS('u'),
    from: 'unit u',
    where,
    params: p,
    sortKey: 'u.code COLLATE "C"',
    idKey: 'u.id',
    map: toUnit,
  });
}

/**
 * The party members in a unit's subtree that the caller may see, by name, with their people where the request asks for
 * them: the columns read are those the request's fields read (schema/selection.ts), all where it cannot tell.
 */
export function membersPage(
  ctx: Ctx,
  unit: UnitType,
  args: PageArgs,
  statuses: string[] | null | undefined,
  selection: Selection,
): Promise<ConnectionShape<MembershipType>> {
  const p = new SqlParams();
  const policy = requirePolicy(ctx);
  const scope = policy.people(p, 'm.unit_path', 'm.person_id', unit.path);
  const where = [underPrefix('m.unit_path', p, unit.path), scope];
  if (statuses?.length) where.push(`m.status = ANY(${p.add(statuses)})`);
  // A province's members, or more, walked in the country's name order (migration 0055 keeps each row's path there): one
  // row in a few dozen is the page's, where sorting a province's 160,000 to keep 51 took 36 ms. A filter on statuses may
  // keep rows far apart in that order: those are sorted.
  const walk = !statuses?.length && spansProvinces(policy.readScope, unit.path);
  if (walk) where.push(NAME_ORDER_WALKED('m'));
  const nodes = nodeSelection(selection);
  const own = propertiesRead(nodes, MEMBERSHIP_PROPERTIES, MEMBERSHIP_FIELD_READS);
  const personAsked = nodes.get('person');
  const person = personAsked && propertiesRead(personAsked, PERSON_PROPERTIES, PERSON_FIELD_READS);
  // Sorted by the name each membership keeps (migration 0040), then only the people shown are joined (each membership
  // here passed the scope, which makes its person visible — the join drops none of the page). A person read whole
  // primes the person loader, one statement fewer; a part of them only answers this page's `person`.
  const whole = person === null || (person !== undefined && PERSON_PROPERTIES.every((x) => person.has(x)));
  const split = personAsked ? rowSplitter('person.', MembershipType, PersonType) : null;
  return keysetPage(ctx.session.em, args, {
    select: personAsked ? `${MEMBERSHIP_COLUMNS('m', own)}, ${PERSON_COLUMNS('pe', 'person.', person)}` : MEMBERSHIP_COLUMNS('m', own),
    from: 'membership m',
    // The rows cut are as narrow as the page (`own` holds the person's key where the person is asked).
    joinAfter: personAsked
      ? { alias: 'm', keep: own ? columnsFor(Membership, 'm', own) : undefined, join: 'JOIN person pe ON pe.id = m.person_id' }
      : undefined,
    where,
    params: p,
    sortKey: 'm.person_name COLLATE "C"',
    idKey: 'm.id',
    walkInOrder: walk,
    // Where the caller's scope holds the unit, the read's values are the unit's range, the statuses and the cursor. The
    // row-level policies' own range hides them from the planner, which plans the read alike for any unit: a commune's page
    // and a province's (docs/performance.md, session 57).
    planKept: scope === 'TRUE',
    map: (r) => {
      if (!split) return Object.assign(new MembershipType(), r);
      const [membership, read] = split(r);
      if (whole) ctx.loaders.person.prime(read.dbId, read);
      membership.personRead = read;
      return membership;
    },
  });
}

/* The tree as of a day (unit_version): a unit's name, kind, parent and path as they were then. */

const AS_OF_COLUMNS = `u.id AS "dbId", u.code, v.name, v.kind, v.parent_id::text AS "parentId", v.path, v.depth, u.founded_on AS "foundedOn", u.dissolved_on AS "dissolvedOn"`;

/** Units by id or code as they were on `day` (absent: not in the tree that day). */
export async function unitsAsOf(em: EntityManager, day: string, by: { ids?: string[]; code?: string }): Promise<UnitType[]> {
  const rows = await em.query<object[]>(
    `SELECT ${AS_OF_COLUMNS} FROM unit u JOIN unit_version v ON v.unit_id = u.id AND ${validOnSql('v', '$1::date')}
      WHERE ($2::bigint[] IS NULL OR u.id = ANY($2)) AND ($3::text IS NULL OR u.code = $3)`,
    [day, by.ids ?? null, by.code ?? null],
  );
  return rows.map(toUnit);
}

/** A unit's children as they were on `day`, by code. */
export function childrenAsOf(em: EntityManager, unitId: string, day: string, args: PageArgs): Promise<ConnectionShape<UnitType>> {
  const p = new SqlParams();
  return keysetPage(em, args, {
    select: AS_OF_COLUMNS,
    from: 'unit u JOIN unit_version v ON v.unit_id = u.id',
    where: [`v.parent_id = ${p.add(unitId)}`, validOnSql('v', `${p.add(day)}::date`)],
    params: p,
    sortKey: 'u.code COLLATE "C"',
    idKey: 'u.id',
    map: toUnit,
  });
}

const HISTORY_OMITS = ['id', 'unitId', 'path', 'depth', 'recordedBy', 'recordedAt'] as const;
export type UnitVersionRow = Selected<UnitVersion, Record<never, never>, (typeof HISTORY_OMITS)[number]>;

/** A unit's versions, earliest first. */
export function unitHistory(em: EntityManager, unitId: string): Promise<UnitVersionRow[]> {
  return em.query<UnitVersionRow[]>(
    `SELECT ${selectList(UnitVersion, 'v', { omit: HISTORY_OMITS })} FROM unit_version v WHERE v.unit_id = $1 ORDER BY v.valid_from`,
    [unitId],
  );
}

const SUCCESSION_OMITS = ['id', 'recordedBy', 'recordedAt'] as const;
export type UnitSuccessionRow = Selected<UnitSuccession, Record<never, never>, (typeof SUCCESSION_OMITS)[number]>;

/** Whether a unit moved, merged or split after a day (the key), as the tree stands. */
const movedSince = new KeptAcrossRequests<boolean>();

/**
 * The report's subtree on a past day, or null where the tree has not changed since (today's paths then say
 * the same): today's paths of the units that stood in `unitId`'s subtree on `day`.
 */
export async function subtreeThen(em: EntityManager, unitId: string, day: string): Promise<string[] | null> {
  // Two statements: the costly branch, planned in one with the test, was compiled by the JIT (0.4 s) though never run.
  // The first is the same for every report of the cycle until the tree changes: kept across requests (forgotten then).
  let moved = movedSince.get(day);
  if (moved === null) {
    [{ moved }] = await em.query<{ moved: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM unit_version c WHERE c.valid_from > $1::date AND c.operation NOT IN ('FOUNDED', 'RENAME')) AS moved`,
      [day],
    );
    movedSince.set(day, moved);
  }
  if (!moved) return null;
  // Only the units that can have stood there are looked up: those with no history whose path lies there today, and those
  // whose version of the day does (every unit of the country looked up took 0.37–0.54 s of every report on a past day).
  const root = '(SELECT path FROM root)';
  const [{ paths }] = await em.query<{ paths: string[] }[]>(
    `WITH root AS MATERIALIZED (SELECT w.path FROM unit x CROSS JOIN LATERAL ${unitOnSql('x', '$2::date')} w WHERE x.id = $1)
     SELECT ARRAY(SELECT u.path FROM unit u CROSS JOIN LATERAL ${unitOnSql('u', '$2::date')} v
                   WHERE ${withinPath('v.path', root)}
                     AND u.id IN (SELECT id FROM unit WHERE ${withinPath('path', root)}
                                  UNION SELECT unit_id FROM unit_version h WHERE ${withinPath('h.path', root)} AND ${validOnSql('h', '$2::date')})) AS paths`,
    [unitId, day],
  );
  return paths;
}

/** The mergers and splits a unit took part in, as predecessor or successor, earliest first. */
export function unitSuccession(em: EntityManager, unitId: string): Promise<UnitSuccessionRow[]> {
  return em.query<UnitSuccessionRow[]>(
    `SELECT ${selectList(UnitSuccession, 's', { omit: SUCCESSION_OMITS })} FROM unit_succession s
      WHERE $1 IN (s.predecessor_id, s.successor_id) ORDER BY s.effective_on, s.id`,
    [unitId],
  );
}

/**
 * Splits each row of one answer into an object of its own columns and one of those aliased with `prefix` (a joined row).
 * The columns are sorted once, from the first row: all rows of an answer have the same. Copying each row through two
 * plain objects, its keys cut at every row, took 27–29 µs for a page of 51 rows, against 12 µs this way.
 */
function rowSplitter<Own extends object, Joined extends object>(
  prefix: string,
  own: new () => Own,
  joined: new () => Joined,
): (row: Record<string, unknown>) => [Own, Joined] {
  let columns: { own: string[]; joined: [to: string, from: string][] } | null = null;
  return (row) => {
    if (!columns) {
      columns = { own: [], joined: [] };
      for (const k in row) {
        if (k.startsWith(prefix)) columns.joined.push([k.slice(prefix.length), k]);
        else columns.own.push(k);
      }
    }
    const a = new own() as Record<string, unknown>;
    for (const k of columns.own) a[k] = row[k];
    const b = new joined() as Record<string, unknown>;
    for (const [to, from] of columns.joined) b[to] = row[from];
    return [a as Own, b as Joined];
  };
}
