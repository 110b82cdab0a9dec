import { EntityManager } from 'typeorm';
import { SplitItemKind } from '../model/kinds';
import { closeRatingsOfEnded, reviewNewlyOrganized } from './ratings-follow';
import { UserErrorShape } from './refusal';
import {
  Reorganization,
  apply,
  endUnits,
  invalid,
  laterChangesBelow,
  standingProblems,
  decisionProblems,
  versionsFrom,
} from './reorganization';
import {
  NewUnit,
  UnitRow,
  foundUnit,
  moveMemberships,
  moveOpenPosts,
  newUnitProblems,
  recordSuccession,
  unitsByCode,
} from './unit-contents';

/** One thing of the unit split, given to a part: a member (person code), a post, a unit below it, or a body (its collectives go with it). */
export interface SplitAssignment {
  kind: SplitItemKind;
  code: string;
  /** The code of the part it goes to. */
  to: string;
}

/** A unit split into parts from a day (004 §II.7.11; docs/reorganization.md). A part with the unit's own code is the unit going on. */
export interface Split extends Reorganization {
  parts: NewUnit[];
  assign: SplitAssignment[];
}

interface Item {
  kind: SplitItemKind;
  id: string;
  code: string;
}

/** What the unit holds on the day that a part must take: its members, the posts held then, the units below it, its bodies. */
async function itemsOf(em: EntityManager, unitId: string, day: string): Promise<Item[]> {
  return em.query<Item[]>(
    `SELECT 'MEMBER' AS kind, m.id::text AS id, p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.branch_id = $1
     UNION ALL SELECT 'POST', id::text, code FROM post WHERE unit_id = $1 AND (ends_on IS NULL OR ends_on >= $2::date)
     UNION ALL SELECT 'UNIT', id::text, code FROM unit WHERE parent_id = $1 AND (dissolved_on IS NULL OR dissolved_on > $2::date)
     UNION ALL SELECT 'BODY', id::text, code FROM body WHERE unit_id = $1
     ORDER BY 1, 3`,
    [unitId, day],
  );
}

const ITEM_WORDS: Record<SplitItemKind, [string, string]> = {
  MEMBER: ['members', 'đảng viên'],
  POST: ['posts', 'chức danh'],
  UNIT: ['units', 'đơn vị'],
  BODY: ['bodies', 'cơ quan'],
};

async function splitProblems(
  em: EntityManager,
  s: Split,
  source: UnitRow,
  known: Map<string, UnitRow>,
  items: Item[],
): Promise<UserErrorShape[]> {
  const problems = [...decisionProblems(s), ...(await standingProblems(em, source.id, s.effectiveOn, ['unit']))];
  problems.push(...(await laterChangesBelow(em, source, s.effectiveOn)));
  const partCodes = s.parts.map((p) => p.code);
  if (new Set(partCodes).size < 2)
    problems.push(
      invalid(['parts'], 'reorganization.split-count', 'a unit is split into at least two parts', 'chia tách thành ít nhất hai đơn vị', {
        parts: new Set(partCodes).size,
      }),
    );
  s.parts.forEach((p, i) => {
    if (partCodes.indexOf(p.code) < i)
      problems.push(invalid(['parts', i, 'code'], 'reorganization.duplicate', `${p.code} is listed twice`, `${p.code} được ghi hai lần`));
    else if (p.code !== source.code) problems.push(...newUnitProblems(p, ['parts', i], known, [source]));
  });
  const byKey = new Map(items.map((x) => [`${x.kind} ${x.code}`, x]));
  const assigned = new Set<string>();
  s.assign.forEach((a, i) => {
    const key = `${a.kind} ${a.code}`;
    if (!byKey.has(key))
      problems.push(
        invalid(
          ['assign', i, 'code'],
          'reorganization.split-assignment',
          `${source.code} holds no ${ITEM_WORDS[a.kind][0].replace(/s$/, '')} ${a.code} on ${s.effectiveOn}`,
          `${source.code} không có ${ITEM_WORDS[a.kind][1]} ${a.code} vào ngày ${s.effectiveOn}`,
        ),
      );
    else if (assigned.has(key))
      problems.push(
        invalid(['assign', i], 'reorganization.duplicate', `${a.kind} ${a.code} is given twice`, `${a.code} được phân hai lần`),
      );
    assigned.add(key);
    if (!partCodes.includes(a.to))
      problems.push(
        invalid(
          ['assign', i, 'to'],
          'reorganization.split-assignment',
          `${a.to} is not one of the parts`,
          `${a.to} không phải đơn vị sau chia tách`,
        ),
      );
  });
  if (!partCodes.includes(source.code)) {
    // The unit ends: what lives in it must go somewhere (its bodies may end with it).
    const left = items.filter((x) => x.kind !== 'BODY' && !assigned.has(`${x.kind} ${x.code}`));
    if (left.length) {
      const counts: Partial<Record<SplitItemKind, number>> = {};
      for (const x of left) counts[x.kind] = (counts[x.kind] ?? 0) + 1;
      const first = left.slice(0, 10).map((x) => x.code);
      problems.push(
        invalid(
          ['assign'],
          'reorganization.split-unassigned',
          `${source.code} ends: give each of what it holds to a part; left unassigned: ${Object.entries(counts)
            .map(([k, n]) => `${n} ${ITEM_WORDS[k as SplitItemKind][0]}`)
            .join(', ')} (${first.join(', ')}${left.length > first.length ? ', …' : ''})`,
          `${source.code} chấm dứt: cần phân về đơn vị mới; còn chưa phân: ${Object.entries(counts)
            .map(([k, n]) => `${n} ${ITEM_WORDS[k as SplitItemKind][1]}`)
            .join(', ')} (${first.join(', ')}${left.length > first.length ? ', …' : ''})`,
          { ...counts, unassigned: left.length },
        ),
      );
    }
  }
  return problems;
}

/**
 * Splits a unit from a day: the parts not yet existing are founded (under the unit's parent unless another is named),
 * each member, post held then, unit below and body listed passes to its part (a body with its collectives), and what is
 * not listed stays with the unit when it goes on as one of the parts. Otherwise the unit ends, with the bodies left in it
 * (their ratings in progress close, REORGANIZED). Ratings in progress follow their subjects. Returns the parts.
 */
export async function splitUnit(em: EntityManager, s: Split): Promise<UnitRow[]> {
  const known = await unitsByCode(em, [s.unit.code, ...s.parts.flatMap((p) => [p.code, p.parent ?? s.unit.code])]);
  const source = known.get(s.unit.code) as UnitRow;
  const items = await itemsOf(em, source.id, s.effectiveOn);
  const problems = await splitProblems(em, s, source, known, items);
  const parts = new Map<string, UnitRow>();
  await apply(
    em,
    s,
    'splitUnit',
    problems,
    async () => {
      for (const p of s.parts)
        parts.set(
          p.code,
          p.code === source.code
            ? source
            : await foundUnit(em, p, p.parent ? (known.get(p.parent) as UnitRow).id : source.parentId, source.kind, s.effectiveOn),
        );
      const byKey = new Map(items.map((x) => [`${x.kind} ${x.code}`, x]));
      for (const part of parts.values()) {
        if (part.id === source.id) continue;
        const given = (kind: SplitItemKind) =>
          s.assign.filter((a) => a.kind === kind && a.to === part.code).map((a) => (byKey.get(`${kind} ${a.code}`) as Item).id);
        await moveMemberships(em, part.id, { ids: given('MEMBER') }, s);
        await moveOpenPosts(em, [source.id], part.id, s.effectiveOn, given('POST'));
        await em.query(`UPDATE unit SET parent_id = $2, updated_at = now() WHERE id = ANY($1::bigint[])`, [given('UNIT'), part.id]);
        await em.query(`UPDATE body SET unit_id = $2 WHERE id = ANY($1::bigint[])`, [given('BODY'), part.id]);
        await em.query(`UPDATE collective SET unit_id = $2 WHERE body_id = ANY($1::bigint[])`, [given('BODY'), part.id]);
      }
      const continuing = s.parts.find((p) => p.code === source.code);
      if (continuing?.name?.trim())
        await em.query(`UPDATE unit SET name = $2, updated_at = now() WHERE id = $1`, [source.id, continuing.name.trim()]);
      if (!continuing) await endUnits(em, [source.id], s.effectiveOn);
      const founded = [...parts.values()].filter((p) => p.id !== source.id);
      await recordSuccession(
        em,
        s,
        founded.map((p) => [source.id, p.id]),
        { table: 'unit_succession', operation: 'SPLIT' },
      );
      await versionsFrom(em, s, 'SPLIT', { oldPaths: [source.path], units: [...parts.values()].map((p) => p.id) });
      // After the tally is counted again (its lock), as a merger: every writer takes the tally before the audit trail's
      // head, and closing the ratings puts them on the trail (closing them first deadlocked with a step, in CI).
      if (!continuing) {
        const [left] = await em.query<{ bodies: string[]; collectives: string[] }[]>(
          `SELECT ARRAY(SELECT id::text FROM body WHERE unit_id = $1) AS bodies, ARRAY(SELECT id::text FROM collective WHERE unit_id = $1) AS collectives`,
          [source.id],
        );
        await closeRatingsOfEnded(em, left, s.recordedBy);
      }
      await reviewNewlyOrganized(
        em,
        [...parts.values()].map((p) => p.id),
        s.effectiveOn,
        s.recordedBy,
      );
      return source;
    },
    { parts: s.parts.map((p) => p.code), assigned: s.assign.length },
  );
  return [...parts.values()];
}
