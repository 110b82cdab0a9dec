import { EntityManager } from 'typeorm';
import { appendAudit } from './audit-log';
import { Refusal, UserErrorShape } from './refusal';
import { refreshUnitPaths } from './unit-paths';
import { recordUnitVersions } from './unit-versions';

/* Reorganization during a cycle (004 §II.7.11; 000 §11(2)): a unit transferred, renamed or dissolved from a day, by a decision; the tree's history kept. */

/**
 * One operation as asked: through the API (administrators, on the owner's pool by the reason "reorganize") or in a dataset
 * file (`reorganizations`, the import's caller). `recordedBy`: the person who records it, if any.
 */
export interface Reorganization {
  unit: { id: string; code: string };
  recordedBy: string | null;
  /** The day it takes effect (on or before today: a decision is recorded once in force). */
  effectiveOn: string;
  decisionRef: string;
  today: string;
}

interface Open {
  code: string;
  validFrom: string;
  dissolvedOn: string | null;
}

/** The problems every operation shares: the decision's reference, the day against today and the unit's open version. */
async function commonProblems(em: EntityManager, r: Reorganization): Promise<UserErrorShape[]> {
  const [open] = await em.query<Open[]>(
    `SELECT u.code, v.valid_from::text AS "validFrom", u.dissolved_on::text AS "dissolvedOn"
       FROM unit u LEFT JOIN unit_version v ON v.unit_id = u.id AND v.valid_until IS NULL WHERE u.id = $1`,
    [r.unit.id],
  );
  const problems: UserErrorShape[] = [];
  if (!r.decisionRef.trim())
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'decisionRef'],
      message: 'a reorganization is recorded with the number of its decision',
      messageVi: 'cần ghi số quyết định sắp xếp tổ chức',
      rule: 'reorganization.decision',
      source: '004 §II.7.11',
      figures: null,
    });
  if (r.effectiveOn > r.today)
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'effectiveOn'],
      message: `a reorganization is recorded once in force: ${r.effectiveOn} is after today (${r.today})`,
      messageVi: `chỉ ghi nhận khi đã có hiệu lực: ngày ${r.effectiveOn} sau hôm nay (${r.today})`,
      rule: 'reorganization.in-force',
      source: '004 §II.7.11',
      figures: { effectiveOn: r.effectiveOn, today: r.today },
    });
  if (open.dissolvedOn || !open.validFrom)
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'unit'],
      message: `${open.code} is dissolved${open.dissolvedOn ? ` since ${open.dissolvedOn}` : ''}`,
      messageVi: `${open.code} đã giải thể${open.dissolvedOn ? ` từ ${open.dissolvedOn}` : ''}`,
      rule: 'reorganization.dissolved',
      source: '004 §II.7.11',
      figures: { dissolvedOn: open.dissolvedOn },
    });
  else if (open.validFrom > r.effectiveOn)
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'effectiveOn'],
      message: `${open.code} changed on ${open.validFrom}: a change from ${r.effectiveOn} would overlap it (record changes in the order they took effect)`,
      messageVi: `${open.code} đã thay đổi từ ${open.validFrom}: thay đổi từ ${r.effectiveOn} sẽ chồng lên (ghi theo thứ tự có hiệu lực)`,
      rule: 'reorganization.overlap',
      source: '004 §II.7.11',
      figures: { effectiveOn: r.effectiveOn, lastChange: open.validFrom },
    });
  return problems;
}

/** Refuses with every problem found, or does `change` and records the audit event. */
async function apply(
  em: EntityManager,
  r: Reorganization,
  action: 'transferUnit' | 'renameUnit' | 'dissolveUnit',
  problems: UserErrorShape[],
  change: () => Promise<void>,
  after: Record<string, unknown> = {},
): Promise<void> {
  if (problems.length) throw new Refusal(problems);
  await change();
  await appendAudit(em, {
    actorPersonId: r.recordedBy,
    actingForBodyId: null,
    delegationId: null,
    action,
    entity: 'unit',
    entityId: r.unit.id,
    before: null,
    after: { unit: r.unit.code, effectiveOn: r.effectiveOn, decisionRef: r.decisionRef.trim(), ...after },
  });
}

/** After a unit moved or was renamed: the paths below it, and the tree's new versions from the day it took effect. */
async function versionsFrom(em: EntityManager, r: Reorganization, operation: 'TRANSFER' | 'RENAME'): Promise<void> {
  await refreshUnitPaths(em);
  await recordUnitVersions(em, { day: r.effectiveOn, operation, decisionRef: r.decisionRef.trim(), recordedBy: r.recordedBy });
}

/** A unit and its subtree move under another parent from a day: the new superior decides from then on; decisions taken stand. */
export async function transferUnit(
  em: EntityManager,
  r: Reorganization & { newParent: { id: string; code: string; path: string } },
): Promise<void> {
  const problems = await commonProblems(em, r);
  const [unit] = await em.query<{ path: string; parentId: string | null }[]>(
    `SELECT path, parent_id::text AS "parentId" FROM unit WHERE id = $1`,
    [r.unit.id],
  );
  if (r.newParent.path.startsWith(unit.path))
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'newParent'],
      message: `${r.newParent.code} is ${r.newParent.id === r.unit.id ? r.unit.code : `below ${r.unit.code}`}: a unit cannot move under itself`,
      messageVi: `không thể chuyển ${r.unit.code} vào chính nó hoặc đơn vị trực thuộc nó (${r.newParent.code})`,
      rule: 'reorganization.cycle',
      source: '004 §II.7.11',
      figures: null,
    });
  else if (unit.parentId === r.newParent.id)
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'newParent'],
      message: `${r.unit.code} is already under ${r.newParent.code}`,
      messageVi: `${r.unit.code} đã trực thuộc ${r.newParent.code}`,
      rule: 'reorganization.no-change',
      source: '004 §II.7.11',
      figures: null,
    });
  const [{ moving }] = await em.query<{ moving: string[] }[]>(
    `SELECT COALESCE(array_agg(u.code ORDER BY u.path) FILTER (WHERE v.valid_from > $2::date), '{}') AS moving
       FROM unit u JOIN unit_version v ON v.unit_id = u.id AND v.valid_until IS NULL WHERE u.path LIKE $1 || '%' AND u.id <> $3`,
    [unit.path, r.effectiveOn, r.unit.id],
  );
  if (moving.length)
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'effectiveOn'],
      message: `units below ${r.unit.code} changed after ${r.effectiveOn}: ${moving.join(', ')}`,
      messageVi: `các đơn vị trực thuộc ${r.unit.code} đã thay đổi sau ${r.effectiveOn}: ${moving.join(', ')}`,
      rule: 'reorganization.overlap',
      source: '004 §II.7.11',
      figures: { units: moving.length },
    });
  await apply(
    em,
    r,
    'transferUnit',
    problems,
    async () => {
      await em.query(`UPDATE unit SET parent_id = $2, updated_at = now() WHERE id = $1`, [r.unit.id, r.newParent.id]);
      await versionsFrom(em, r, 'TRANSFER');
    },
    { newParent: r.newParent.code },
  );
}

/** A unit takes a new name from a day. */
export async function renameUnit(em: EntityManager, r: Reorganization & { name: string }): Promise<void> {
  const problems = await commonProblems(em, r);
  if (!r.name.trim())
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'name'],
      message: 'a unit is renamed to a name',
      messageVi: 'cần ghi tên mới',
      rule: 'reorganization.name',
      source: '004 §II.7.11',
      figures: null,
    });
  await apply(
    em,
    r,
    'renameUnit',
    problems,
    async () => {
      await em.query(`UPDATE unit SET name = $2, updated_at = now() WHERE id = $1`, [r.unit.id, r.name.trim()]);
      await versionsFrom(em, r, 'RENAME');
    },
    { name: r.name.trim() },
  );
}

/** A unit ends on a day: only once nothing lives in it — no unit below, no member, no post held then. */
export async function dissolveUnit(em: EntityManager, r: Reorganization): Promise<void> {
  const problems = await commonProblems(em, r);
  const [live] = await em.query<{ units: string[]; members: number; posts: number }[]>(
    `SELECT ARRAY(SELECT c.code FROM unit c WHERE c.parent_id = $1 AND (c.dissolved_on IS NULL OR c.dissolved_on > $2::date) ORDER BY c.code) AS units,
            (SELECT count(*) FROM membership m WHERE m.branch_id = $1)::int AS members,
            (SELECT count(*) FROM post p WHERE p.unit_id = $1 AND (p.ends_on IS NULL OR p.ends_on >= $2::date))::int AS posts`,
    [r.unit.id, r.effectiveOn],
  );
  if (live.units.length || live.members || live.posts)
    problems.push({
      code: 'REORGANIZATION_INVALID',
      field: ['input', 'unit'],
      message: `${r.unit.code} still has ${[
        live.units.length ? `units (${live.units.join(', ')})` : '',
        live.members ? `${live.members} members` : '',
        live.posts ? `${live.posts} posts held on ${r.effectiveOn}` : '',
      ]
        .filter(Boolean)
        .join(', ')}: transfer them first`,
      messageVi: `${r.unit.code} còn đơn vị, đảng viên hoặc chức danh: chuyển đi trước khi giải thể`,
      rule: 'reorganization.dissolve-live',
      source: '004 §II.7.11',
      figures: { units: live.units.length, members: live.members, posts: live.posts },
    });
  await apply(em, r, 'dissolveUnit', problems, async () => {
    await em.query(`UPDATE unit SET dissolved_on = $2, updated_at = now() WHERE id = $1`, [r.unit.id, r.effectiveOn]);
    await em.query(`UPDATE unit_version SET valid_until = $2 WHERE unit_id = $1 AND valid_until IS NULL`, [r.unit.id, r.effectiveOn]);
  });
}
