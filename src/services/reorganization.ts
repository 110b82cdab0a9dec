import { EntityManager } from 'typeorm';
import { withinPath } from '../db/sql-params';
import { appendAudit } from './audit-log';
import { Refusal, UserErrorShape } from './refusal';
import { refreshUnitPaths } from './unit-paths';
import { Touched, lockTallyRecount, ratingsFollowSubjects } from './ratings-follow';
import { askTransferOpinionsOf } from './workflow/transfer-opinion';
import { VersionStamp, recordUnitVersions } from './unit-versions';

/* Reorganization during a cycle (004 §II.7.11; 000 §11(2)): a unit transferred, renamed or dissolved from a day, by a decision; the tree's history kept (mergers and splits: unit-merger.ts, unit-split.ts). */

/** What every operation records: the day it takes effect, the decision, who records it (API) or none (a dataset file). */
export interface ReorganizationDecision {
  recordedBy: string | null;
  /** The day it takes effect: on or before `today` when applied (one dated ahead is kept until then, scheduled-reorganizations.ts). */
  effectiveOn: string;
  decisionRef: string;
  today: string;
}

/**
 * One operation on one unit as asked: through the API (administrators, on the owner's pool by the reason "reorganize")
 * or in a dataset file (`reorganizations`, the import's caller).
 */
export interface Reorganization extends ReorganizationDecision {
  unit: { id: string; code: string };
}

/** A problem of a reorganization: every one is refused under 004 §II.7.11 and listed with the others. */
export const invalid = (
  field: (string | number)[],
  rule: string,
  message: string,
  messageVi: string,
  figures: Record<string, unknown> | null = null,
): UserErrorShape => ({
  code: 'REORGANIZATION_INVALID',
  field: ['input', ...field.map(String)],
  message,
  messageVi,
  rule,
  source: '004 §II.7.11',
  figures,
});

/** The decision's reference, and the day against today. */
export function decisionProblems(r: ReorganizationDecision): UserErrorShape[] {
  const problems: UserErrorShape[] = [];
  if (!r.decisionRef.trim())
    problems.push(
      invalid(
        ['decisionRef'],
        'reorganization.decision',
        'a reorganization is recorded with the number of its decision',
        'cần ghi số quyết định sắp xếp tổ chức',
      ),
    );
  if (r.effectiveOn > r.today)
    problems.push(
      invalid(
        ['effectiveOn'],
        'reorganization.in-force',
        `a reorganization is applied once in force: ${r.effectiveOn} is after today (${r.today}); one decided ahead is kept until its day`,
        `chỉ ghi nhận khi đã có hiệu lực: ngày ${r.effectiveOn} sau hôm nay (${r.today})`,
        { effectiveOn: r.effectiveOn, today: r.today },
      ),
    );
  return problems;
}

interface Open {
  code: string;
  validFrom: string;
  dissolvedOn: string | null;
  /** The latest cycle starting after the day in which the unit or a unit below has ratings, and its start. */
  cycle: string | null;
  cycleStartsOn: string | null;
}

/**
 * A unit the operation changes must stand (not dissolved), have changed last on or before the day, and not have
 * been rated in a cycle that began after the day: its ratings there were made on the tree as it stood, and a
 * change dated before that cycle would rewrite the history they were made on (the tree of its reference date).
 */
export async function standingProblems(
  em: EntityManager,
  unitId: string,
  effectiveOn: string,
  field: (string | number)[],
): Promise<UserErrorShape[]> {
  const [open] = await em.query<Open[]>(
    `SELECT u.code, v.valid_from::text AS "validFrom", u.dissolved_on::text AS "dissolvedOn", c.code AS cycle, c.starts_on::text AS "cycleStartsOn"
       FROM unit u LEFT JOIN unit_version v ON v.unit_id = u.id AND v.valid_until IS NULL
       LEFT JOIN LATERAL (SELECT c.code, c.starts_on FROM cycle c
                           WHERE c.starts_on > $2::date AND EXISTS (SELECT 1 FROM rating r WHERE r.cycle_id = c.id AND ${withinPath('r.unit_path', 'u.path')})
                           ORDER BY c.starts_on DESC, c.code LIMIT 1) c ON true
      WHERE u.id = $1`,
    [unitId, effectiveOn],
  );
  if (open.dissolvedOn || !open.validFrom)
    return [
      invalid(
        field,
        'reorganization.dissolved',
        `${open.code} is dissolved${open.dissolvedOn ? ` since ${open.dissolvedOn}` : ''}`,
        `${open.code} đã giải thể${open.dissolvedOn ? ` từ ${open.dissolvedOn}` : ''}`,
        { dissolvedOn: open.dissolvedOn },
      ),
    ];
  const problems: UserErrorShape[] = [];
  if (open.cycle)
    problems.push(
      invalid(
        ['effectiveOn'],
        'reorganization.before-cycle',
        `${open.code} is rated in cycle ${open.cycle}, which began on ${open.cycleStartsOn}: a change from ${effectiveOn}, before that cycle, would rewrite the tree its ratings were made on`,
        `${open.code} đã có đánh giá, xếp loại trong kỳ ${open.cycle} (từ ${open.cycleStartsOn}): không ghi thay đổi từ ${effectiveOn}, trước kỳ đó`,
        { effectiveOn, cycle: open.cycle, cycleStartsOn: open.cycleStartsOn },
      ),
    );
  if (open.validFrom > effectiveOn)
    problems.push(
      invalid(
        ['effectiveOn'],
        'reorganization.overlap',
        `${open.code} changed on ${open.validFrom}: a change from ${effectiveOn} would overlap it (record changes in the order they took effect)`,
        `${open.code} đã thay đổi từ ${open.validFrom}: thay đổi từ ${effectiveOn} sẽ chồng lên (ghi theo thứ tự có hiệu lực)`,
        { effectiveOn, lastChange: open.validFrom },
      ),
    );
  return problems;
}

/**
 * Two operations on the same units at once: the second waits for the first to commit, then checks what it left
 * (in id order, so that two operations locking overlapping sets do not deadlock).
 */
async function lockUnits(em: EntityManager, ids: string[]): Promise<void> {
  await em.query(`SELECT id FROM unit WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, [ids]);
}

/** The problems every operation on one unit shares: the decision, the day, and the unit standing on it (locked first). */
async function commonProblems(em: EntityManager, r: Reorganization, others: string[] = []): Promise<UserErrorShape[]> {
  await lockUnits(em, [r.unit.id, ...others]);
  return [...decisionProblems(r), ...(await standingProblems(em, r.unit.id, r.effectiveOn, ['unit']))];
}

/** Units below `path` (not the unit itself) that changed after the day: a change from the day would overlap theirs. */
export async function laterChangesBelow(
  em: EntityManager,
  unit: { id: string; code: string },
  effectiveOn: string,
): Promise<UserErrorShape[]> {
  const [{ moving }] = await em.query<{ moving: string[] }[]>(
    `SELECT COALESCE(array_agg(u.code ORDER BY u.path) FILTER (WHERE v.valid_from > $2::date), '{}') AS moving
       FROM unit u JOIN unit_version v ON v.unit_id = u.id AND v.valid_until IS NULL
      WHERE ${withinPath('u.path', '(SELECT path FROM unit WHERE id = $1)')} AND u.id <> $1`,
    [unit.id, effectiveOn],
  );
  return moving.length
    ? [
        invalid(
          ['effectiveOn'],
          'reorganization.overlap',
          `units below ${unit.code} changed after ${effectiveOn}: ${moving.join(', ')}`,
          `các đơn vị trực thuộc ${unit.code} đã thay đổi sau ${effectiveOn}: ${moving.join(', ')}`,
          { units: moving.length },
        ),
      ]
    : [];
}

/** Refuses with every problem found, or does `change` and records the audit event about the unit it answers. */
export async function apply(
  em: EntityManager,
  r: ReorganizationDecision,
  action: 'transferUnit' | 'renameUnit' | 'dissolveUnit' | 'mergeUnits' | 'splitUnit',
  problems: UserErrorShape[],
  change: () => Promise<{ id: string; code: string }>,
  after: Record<string, unknown> = {},
): Promise<void> {
  if (problems.length) throw new Refusal(problems);
  await lockTallyRecount(em);
  const unit = await change();
  await appendAudit(em, {
    actorPersonId: r.recordedBy,
    actingForBodyId: null,
    delegationId: null,
    action,
    entity: 'unit',
    entityId: unit.id,
    before: null,
    after: { unit: unit.code, effectiveOn: r.effectiveOn, decisionRef: r.decisionRef.trim(), ...after },
  });
}

/**
 * After units moved, merged, split or were renamed: the paths below them, the tree's new versions from the day,
 * and the subjects' ratings in progress where their subjects now are.
 */
export async function versionsFrom(
  em: EntityManager,
  r: ReorganizationDecision,
  operation: VersionStamp['operation'],
  touched: Touched | null = null,
): Promise<void> {
  await refreshUnitPaths(em);
  await recordUnitVersions(em, { day: r.effectiveOn, operation, decisionRef: r.decisionRef.trim(), recordedBy: r.recordedBy });
  if (touched) await ratingsFollowSubjects(em, touched);
}

/** A unit and its subtree move under another parent from a day: the new superior decides from then on; decisions taken stand. */
export async function transferUnit(
  em: EntityManager,
  r: Reorganization & { newParent: { id: string; code: string; path: string } },
): Promise<void> {
  const problems = await commonProblems(em, r, [r.newParent.id]);
  const [unit] = await em.query<{ path: string; parentId: string | null }[]>(
    `SELECT path, parent_id::text AS "parentId" FROM unit WHERE id = $1`,
    [r.unit.id],
  );
  if (r.newParent.path.startsWith(unit.path))
    problems.push(
      invalid(
        ['newParent'],
        'reorganization.cycle',
        `${r.newParent.code} is ${r.newParent.id === r.unit.id ? r.unit.code : `below ${r.unit.code}`}: a unit cannot move under itself`,
        `không thể chuyển ${r.unit.code} vào chính nó hoặc đơn vị trực thuộc nó (${r.newParent.code})`,
      ),
    );
  else if (unit.parentId === r.newParent.id)
    problems.push(
      invalid(
        ['newParent'],
        'reorganization.no-change',
        `${r.unit.code} is already under ${r.newParent.code}`,
        `${r.unit.code} đã trực thuộc ${r.newParent.code}`,
      ),
    );
  problems.push(...(await laterChangesBelow(em, r.unit, r.effectiveOn)));
  await apply(
    em,
    r,
    'transferUnit',
    problems,
    async () => {
      await em.query(`UPDATE unit SET parent_id = $2, updated_at = now() WHERE id = $1`, [r.unit.id, r.newParent.id]);
      await versionsFrom(em, r, 'TRANSFER', { oldPaths: [unit.path], units: [r.unit.id] });
      await askTransferOpinionsOf(em, r.unit.id);
      return r.unit;
    },
    { newParent: r.newParent.code },
  );
}

/** A unit takes a new name from a day. */
export async function renameUnit(em: EntityManager, r: Reorganization & { name: string }): Promise<void> {
  const problems = await commonProblems(em, r);
  if (!r.name.trim()) problems.push(invalid(['name'], 'reorganization.name', 'a unit is renamed to a name', 'cần ghi tên mới'));
  await apply(
    em,
    r,
    'renameUnit',
    problems,
    async () => {
      await em.query(`UPDATE unit SET name = $2, updated_at = now() WHERE id = $1`, [r.unit.id, r.name.trim()]);
      await versionsFrom(em, r, 'RENAME');
      return r.unit;
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
    problems.push(
      invalid(
        ['unit'],
        'reorganization.dissolve-live',
        `${r.unit.code} still has ${[
          live.units.length ? `units (${live.units.join(', ')})` : '',
          live.members ? `${live.members} members` : '',
          live.posts ? `${live.posts} posts held on ${r.effectiveOn}` : '',
        ]
          .filter(Boolean)
          .join(', ')}: transfer them first`,
        `${r.unit.code} còn đơn vị, đảng viên hoặc chức danh: chuyển đi trước khi giải thể`,
        { units: live.units.length, members: live.members, posts: live.posts },
      ),
    );
  await apply(em, r, 'dissolveUnit', problems, async () => {
    await endUnits(em, [r.unit.id], r.effectiveOn);
    return r.unit;
  });
}

/** Units end on a day: their open versions close then. */
export async function endUnits(em: EntityManager, ids: string[], day: string): Promise<void> {
  await em.query(`UPDATE unit SET dissolved_on = $2, updated_at = now() WHERE id = ANY($1::bigint[])`, [ids, day]);
  await em.query(`UPDATE unit_version SET valid_until = $2 WHERE unit_id = ANY($1::bigint[]) AND valid_until IS NULL`, [ids, day]);
}
