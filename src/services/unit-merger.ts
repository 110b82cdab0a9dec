import { EntityManager } from 'typeorm';
import { UserErrorShape } from './refusal';
import {
  ReorganizationDecision,
  apply,
  decisionProblems,
  endUnits,
  invalid,
  laterChangesBelow,
  standingProblems,
  versionsFrom,
} from './reorganization';
import { closeRatingsOfEnded, reviewNewlyOrganized } from './ratings-follow';
import { MergedQuotaScope, quotaScopesFollow } from './merged-quota-scopes';
import {
  moveMemberships,
  moveOpenPosts,
  UnitRow,
  unitsByCode,
  newUnitProblems,
  foundUnit,
  NewUnit,
  recordSuccession,
} from './unit-contents';

/** Units merged into one that exists, or into one the merger founds (004 §II.7.11; docs/reorganization.md). */
export interface Merger extends ReorganizationDecision {
  /** The units merged, by code. */
  units: string[];
  /** The existing unit they merge into… */
  into: string | null;
  /** …or the unit the merger founds (under the sources' common parent unless another is named). */
  newUnit: NewUnit | null;
}

/** Everything wrong with a merger, all at once. */
async function mergerProblems(em: EntityManager, m: Merger, known: Map<string, UnitRow>): Promise<UserErrorShape[]> {
  const problems = decisionProblems(m);
  const sources = m.units.map((code) => known.get(code));
  m.units.forEach((code, i) => {
    if (!known.has(code))
      problems.push(invalid(['units', i], 'reorganization.unknown-unit', `no unit has the code ${code}`, `không có đơn vị mã ${code}`));
    else if (m.units.indexOf(code) < i)
      problems.push(invalid(['units', i], 'reorganization.duplicate', `${code} is listed twice`, `${code} được ghi hai lần`));
  });
  if (Boolean(m.into) === Boolean(m.newUnit))
    problems.push(
      invalid(
        ['into'],
        'reorganization.merge-target',
        'a merger names either the existing unit the units merge into (into) or the unit it founds (newUnit)',
        'cần ghi hoặc đơn vị nhận sáp nhập (into) hoặc đơn vị mới hợp nhất (newUnit)',
      ),
    );
  const target = m.into ? known.get(m.into) : undefined;
  if (m.into && !target)
    problems.push(invalid(['into'], 'reorganization.unknown-unit', `no unit has the code ${m.into}`, `không có đơn vị mã ${m.into}`));
  const needed = m.newUnit ? 2 : 1;
  if (new Set(m.units).size < needed)
    problems.push(
      invalid(
        ['units'],
        'reorganization.merge-count',
        m.newUnit ? 'a merger founding a unit merges at least two units' : 'name at least one unit to merge',
        m.newUnit ? 'hợp nhất cần ít nhất hai đơn vị' : 'cần ghi ít nhất một đơn vị sáp nhập',
        { units: new Set(m.units).size, needed },
      ),
    );
  const kind = target?.kind ?? m.newUnit?.kind ?? sources.find(Boolean)?.kind;
  for (const [i, s] of sources.entries()) {
    if (!s || m.units.indexOf(s.code) < i) continue;
    if (target && s.id === target.id)
      problems.push(
        invalid(
          ['units', i],
          'reorganization.merge-target',
          `${s.code} cannot merge into itself`,
          `${s.code} không thể sáp nhập vào chính nó`,
        ),
      );
    else if (target?.path.startsWith(s.path) || sources.some((o) => o && o !== s && o.path.startsWith(s.path)))
      problems.push(
        invalid(
          ['units', i],
          'reorganization.cycle',
          `${s.code} holds another unit of the merger: a unit cannot merge with one below it`,
          `${s.code} chứa đơn vị khác của việc sáp nhập: không thể sáp nhập với đơn vị trực thuộc`,
        ),
      );
    if (s.kind !== kind)
      problems.push(
        invalid(
          ['units', i],
          'reorganization.kind',
          `${s.code} is a ${s.kind}; the merger makes a ${kind}`,
          `${s.code} là ${s.kind}, khác loại ${kind}`,
          {
            kind: s.kind,
            expected: kind,
          },
        ),
      );
    problems.push(...(await standingProblems(em, s.id, m.effectiveOn, ['units', i])));
    problems.push(...(await laterChangesBelow(em, s, m.effectiveOn)));
  }
  if (target) problems.push(...(await standingProblems(em, target.id, m.effectiveOn, ['into'])));
  if (m.newUnit) {
    const parents = new Set(sources.filter(Boolean).map((s) => s?.parentId));
    const parent = m.newUnit.parent ? known.get(m.newUnit.parent) : undefined;
    problems.push(
      ...newUnitProblems(
        m.newUnit,
        ['newUnit'],
        known,
        sources.filter((s): s is UnitRow => Boolean(s)),
      ),
    );
    if (!m.newUnit.parent && parents.size > 1)
      problems.push(
        invalid(
          ['newUnit', 'parent'],
          'reorganization.merge-parent',
          'the units merged stand under different parents: name the new unit’s parent',
          'các đơn vị hợp nhất thuộc các cấp trên khác nhau: cần ghi cấp trên của đơn vị mới',
        ),
      );
    if (parent?.dissolvedOn)
      problems.push(
        invalid(
          ['newUnit', 'parent'],
          'reorganization.dissolved',
          `${parent.code} is dissolved since ${parent.dissolvedOn}`,
          `${parent.code} đã giải thể`,
        ),
      );
  }
  return problems;
}

/**
 * Merges units from a day: the units below them, their bodies, collectives, posts held then and memberships pass to
 * the unit they merge into; a body or collective of a kind that unit already has ends, its posts and seats passing to
 * that unit's own, and its rating in progress closes (REORGANIZED). The merged units end; ratings in progress follow
 * their subjects, decided ones stay as they were. Returns the unit merged into.
 */
export async function mergeUnits(em: EntityManager, m: Merger): Promise<{ unit: UnitRow; quotaScopes: MergedQuotaScope[] }> {
  const codes = [...m.units, m.into, m.newUnit?.code, m.newUnit?.parent].filter((c): c is string => Boolean(c));
  const known = await unitsByCode(em, codes);
  const problems = await mergerProblems(em, m, known);
  const sources = [...new Set(m.units)].map((c) => known.get(c) as UnitRow);
  let target = m.into ? known.get(m.into) : undefined;
  let quotaScopes: MergedQuotaScope[] = [];
  await apply(
    em,
    m,
    'mergeUnits',
    problems,
    async () => {
      target ??= await foundUnit(
        em,
        m.newUnit as NewUnit,
        (m.newUnit?.parent ? known.get(m.newUnit.parent) : undefined)?.id ?? sources[0].parentId,
        sources[0].kind,
        m.effectiveOn,
      );
      const ended = await mergeContents(
        em,
        sources.map((s) => s.id),
        target.id,
        m,
      );
      await endUnits(
        em,
        sources.map((s) => s.id),
        m.effectiveOn,
      );
      await recordSuccession(
        em,
        m,
        sources.map((s) => [s.id, (target as UnitRow).id]),
        { table: 'unit_succession', operation: 'MERGE' },
      );
      // Below the unit merged into, only what came from the units merged changed: their subtrees, and its own level.
      await versionsFrom(em, m, 'MERGE', { oldPaths: sources.map((s) => s.path), units: ended.children, levels: [target.id] });
      await closeRatingsOfEnded(em, ended, m.recordedBy);
      await reviewNewlyOrganized(em, [target.id], m.effectiveOn, m.recordedBy);
      quotaScopes = await quotaScopesFollow(em, m, ended.bodyMap);
      return target;
    },
    { merged: [...new Set(m.units)], into: m.into ?? null, newUnit: m.newUnit?.code ?? null },
  );
  return { unit: target as UnitRow, quotaScopes };
}

interface Held {
  id: string;
  kind: string;
}

/**
 * Moves what the sources hold into the target; a body or collective whose kind the target holds already is
 * mapped onto the target's own. Returns the bodies and collectives that ended so.
 */
async function mergeContents(
  em: EntityManager,
  sources: string[],
  target: string,
  m: ReorganizationDecision,
): Promise<{ bodies: string[]; collectives: string[]; bodyMap: [string, string][]; children: string[] }> {
  const day = m.effectiveOn;
  // An UPDATE answers its returned rows and the count.
  const [children] = await em.query<[{ id: string }[], number]>(
    `UPDATE unit SET parent_id = $2, updated_at = now() WHERE parent_id = ANY($1::bigint[]) AND (dissolved_on IS NULL OR dissolved_on > $3::date)
     RETURNING id::text AS id`,
    [sources, target, day],
  );
  const bodies = await mapByKind(em, 'body', target, sources);
  await remap(em, 'body', 'parent_body_id', bodies, null);
  const collectives = await mapByKind(em, 'collective', target, sources);
  await remap(em, 'collective', 'body_id', bodies, null);
  await moveOpenPosts(em, sources, target, day);
  await remap(em, 'post', 'body_id', bodies, day);
  await remap(em, 'post', 'managed_by_body_id', bodies, day);
  await remap(em, 'post', 'collective_id', collectives, day);
  // A seat open on the day passes to the target's committee, unless the person already holds one there from the same day.
  await em.query(
    `UPDATE committee_seat cs SET body_id = m.target FROM unnest($1::bigint[], $2::bigint[]) m(source, target)
      WHERE cs.body_id = m.source AND (cs.ends_on IS NULL OR cs.ends_on >= $3::date)
        AND NOT EXISTS (SELECT 1 FROM committee_seat o WHERE o.body_id = m.target AND o.person_id = cs.person_id AND o.starts_on = cs.starts_on)`,
    [[...bodies.keys()], [...bodies.values()], day],
  );
  await moveMemberships(em, target, { branches: sources }, m);
  return {
    bodies: [...bodies.keys()],
    collectives: [...collectives.keys()],
    bodyMap: [...bodies.entries()],
    children: children.map((c) => c.id),
  };
}

/**
 * The target keeps what it holds; each source body or collective of a kind it lacks moves to it (and stands for
 * that kind from then), each of a kind it has maps onto that one. Returns the mapping of the rows that ended.
 */
async function mapByKind(em: EntityManager, table: 'body' | 'collective', target: string, sources: string[]): Promise<Map<string, string>> {
  const byKind = new Map(
    (await em.query<Held[]>(`SELECT id::text AS id, kind FROM ${table} WHERE unit_id = $1 ORDER BY id`, [target])).map((h) => [
      h.kind,
      h.id,
    ]),
  );
  const ended = new Map<string, string>();
  const moved: string[] = [];
  const held = await em.query<Held[]>(
    `SELECT x.id::text AS id, x.kind FROM ${table} x JOIN unnest($1::bigint[]) WITH ORDINALITY s(id, n) ON s.id = x.unit_id ORDER BY s.n, x.code`,
    [sources],
  );
  for (const h of held) {
    const kept = byKind.get(h.kind);
    if (kept) ended.set(h.id, kept);
    else {
      byKind.set(h.kind, h.id);
      moved.push(h.id);
    }
  }
  if (moved.length) await em.query(`UPDATE ${table} SET unit_id = $2 WHERE id = ANY($1::bigint[])`, [moved, target]);
  return ended;
}

/** Points `column` of `table` from each ended row to the one it maps onto (of rows open on `day`, for posts). */
async function remap(
  em: EntityManager,
  table: 'body' | 'collective' | 'post',
  column: string,
  map: Map<string, string>,
  day: string | null,
): Promise<void> {
  if (!map.size) return;
  await em.query(
    `UPDATE ${table} x SET ${column} = m.target FROM unnest($1::bigint[], $2::bigint[]) m(source, target)
      WHERE x.${column} = m.source${day ? ` AND (x.ends_on IS NULL OR x.ends_on >= $3::date)` : ''}`,
    day ? [[...map.keys()], [...map.values()], day] : [[...map.keys()], [...map.values()]],
  );
}
