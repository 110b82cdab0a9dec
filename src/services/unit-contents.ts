import { EntityManager } from 'typeorm';
import { UserErrorShape } from './refusal';
import { ReorganizationDecision, invalid } from './reorganization';

/* What mergers and splits share: the units they name, the units they found, the posts they move, the succession they record. */

export interface UnitRow {
  id: string;
  code: string;
  kind: string;
  path: string;
  parentId: string | null;
  dissolvedOn: string | null;
}

/** A unit a merger or a split founds. */
export interface NewUnit {
  code: string;
  name?: string | null;
  /** Defaults to the kind of the units it is made of. */
  kind?: string | null;
  /** The parent's code; defaults to the parent of the units it is made of. */
  parent?: string | null;
}

/**
 * The units with these codes, by code, locked: an operation on the same units at once waits for this one to commit,
 * then reads what it left (in id order, as `lockUnits`, so that overlapping sets do not deadlock).
 */
export async function unitsByCode(em: EntityManager, codes: string[]): Promise<Map<string, UnitRow>> {
  const rows = await em.query<UnitRow[]>(
    `SELECT id::text AS id, code, kind, path, parent_id::text AS "parentId", dissolved_on::text AS "dissolvedOn"
       FROM unit WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [codes],
  );
  return new Map(rows.map((u) => [u.code, u]));
}

/** A unit to found: a free code, a name, a parent that exists and is not one of the units it is made of or below them. */
export function newUnitProblems(u: NewUnit, field: (string | number)[], known: Map<string, UnitRow>, madeOf: UnitRow[]): UserErrorShape[] {
  const problems: UserErrorShape[] = [];
  if (known.has(u.code))
    problems.push(invalid([...field, 'code'], 'reorganization.code-taken', `the code ${u.code} is taken`, `mã ${u.code} đã được dùng`));
  if (!u.name?.trim())
    problems.push(invalid([...field, 'name'], 'reorganization.name', 'a new unit needs a name', 'cần ghi tên đơn vị mới'));
  const parent = u.parent ? known.get(u.parent) : undefined;
  if (u.parent && !parent)
    problems.push(
      invalid([...field, 'parent'], 'reorganization.unknown-unit', `no unit has the code ${u.parent}`, `không có đơn vị mã ${u.parent}`),
    );
  else if (parent && madeOf.some((s) => parent.path.startsWith(s.path)))
    problems.push(
      invalid(
        [...field, 'parent'],
        'reorganization.cycle',
        `${parent.code} is one of the units reorganized or below one: a new unit cannot stand under it`,
        `${parent.code} là đơn vị được sắp xếp hoặc trực thuộc đơn vị đó: không thể làm cấp trên của đơn vị mới`,
      ),
    );
  return problems;
}

/** Founds a unit on the day, its path set from its parent's (its first version is recorded under the operation). */
export async function foundUnit(em: EntityManager, u: NewUnit, parentId: string | null, kind: string, day: string): Promise<UnitRow> {
  const [row] = await em.query<UnitRow[]>(
    `WITH n AS (SELECT nextval(pg_get_serial_sequence('unit', 'id')) AS id)
     INSERT INTO unit (id, code, name, kind, parent_id, path, depth, founded_on)
     SELECT n.id, $1, $2, $3, $4, COALESCE(p.path, '/') || n.id || '/', COALESCE(p.depth + 1, 0), $5 FROM n LEFT JOIN unit p ON p.id = $4
     RETURNING id::text AS id, code, kind, path, parent_id::text AS "parentId", dissolved_on::text AS "dissolvedOn"`,
    [u.code, u.name?.trim(), u.kind ?? kind, parentId, day],
  );
  return row;
}

/** The posts held at the sources on the day (not ended before it) pass to the target; ended ones stay where they were held. */
export async function moveOpenPosts(
  em: EntityManager,
  sources: string[],
  target: string,
  day: string,
  only: string[] | null = null,
): Promise<void> {
  await em.query(
    `UPDATE post SET unit_id = $2, unit_path = (SELECT path FROM unit WHERE id = $2)
      WHERE unit_id = ANY($1::bigint[]) AND (ends_on IS NULL OR ends_on >= $3::date) AND ($4::bigint[] IS NULL OR id = ANY($4::bigint[]))`,
    [sources, target, day, only],
  );
}

/**
 * Memberships pass to a branch (those of the given branches, or the given ones) from the day of the decision; where
 * each was is kept, for the previous organization's comments (004 §II.7.13).
 */
export async function moveMemberships(
  em: EntityManager,
  target: string,
  by: { branches?: string[]; ids?: string[] },
  r: ReorganizationDecision,
): Promise<void> {
  await em.query(
    `INSERT INTO membership_move (membership_id, from_unit_id, to_unit_id, moved_on, decision_ref, recorded_by)
     SELECT id, branch_id, $1, $4, $5, $6 FROM membership WHERE (branch_id = ANY($2::bigint[]) OR id = ANY($3::bigint[])) AND branch_id <> $1`,
    [target, by.branches ?? [], by.ids ?? [], r.effectiveOn, r.decisionRef.trim(), r.recordedBy],
  );
  await em.query(
    `UPDATE membership SET branch_id = $1, unit_path = (SELECT path FROM unit WHERE id = $1)
      WHERE branch_id = ANY($2::bigint[]) OR id = ANY($3::bigint[])`,
    [target, by.branches ?? [], by.ids ?? []],
  );
}

/**
 * Which units a merger or a split made of which (`unit_succession`, with the operation), or which body each body a
 * merger ended continues in (`body_succession`), from the day, under the decision.
 */
export async function recordSuccession(
  em: EntityManager,
  r: ReorganizationDecision,
  pairs: [predecessor: string, successor: string][],
  of: { table: 'unit_succession'; operation: 'MERGE' | 'SPLIT' } | { table: 'body_succession' },
): Promise<void> {
  const operation = 'operation' in of ? of.operation : null;
  await em.query(
    `INSERT INTO ${of.table} (predecessor_id, successor_id, effective_on, decision_ref, recorded_by${operation ? ', operation' : ''})
     SELECT p, s, $3, $4, $5${operation ? ', $6::text' : ''} FROM unnest($1::bigint[], $2::bigint[]) AS x(p, s)`,
    [pairs.map((x) => x[0]), pairs.map((x) => x[1]), r.effectiveOn, r.decisionRef.trim(), r.recordedBy, ...(operation ? [operation] : [])],
  );
}
