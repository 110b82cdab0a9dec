import { EntityManager } from 'typeorm';

export interface VersionStamp {
  /** The first day the new versions hold. */
  day: string;
  operation: 'TRANSFER' | 'RENAME' | 'MERGE' | 'SPLIT' | 'IMPORT';
  decisionRef: string | null;
  recordedBy: string | null;
}

/** SQL: the version `v` holds on `day` (an SQL date expression). */
export const validOnSql = (v: string, day: string) =>
  `${v}.valid_from <= ${day} AND (${v}.valid_until IS NULL OR ${v}.valid_until > ${day})`;

/**
 * SQL for a LATERAL: the `path` and `parent_id` unit `unit` (an alias) had on `day` — its version then, or
 * for a unit with no history yet, its row as it stands; no row where it has history but none that day.
 */
export const unitOnSql = (unit: string, day: string) => `(
  SELECT v.path, v.parent_id FROM unit_version v WHERE v.unit_id = ${unit}.id AND ${validOnSql('v', day)}
  UNION ALL
  SELECT ${unit}.path, ${unit}.parent_id WHERE NOT EXISTS (SELECT 1 FROM unit_version h WHERE h.unit_id = ${unit}.id))`;

interface Changed {
  id: string;
  /** Its open version, or null for a unit that has none yet. */
  vid: string | null;
  sameDay: boolean;
}

/**
 * Brings the tree's history in line with `unit` as it now stands, never rewriting it: a unit whose parent,
 * name, kind or path changed has its open version closed on `day` and a new one from `day` (one opened that
 * same day is corrected instead); a unit without any version gets its first, from its foundation (or since
 * ever; a unit a merger or a split founds that day, under that operation). In the caller's transaction, one at
 * a time across transactions. Returns the units that got a new or corrected version.
 */
export async function recordUnitVersions(em: EntityManager, stamp: VersionStamp): Promise<string[]> {
  // Two imports at once would both see the same units without a version and both open one: the second waits for the
  // first to commit, then reads what it wrote (each statement of READ COMMITTED sees the latest commits).
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('unit_version', 0))`);
  const changed = await em.query<Changed[]>(
    `SELECT u.id::text AS id, v.id::text AS vid, COALESCE(v.valid_from = $1::date, false) AS "sameDay"
       FROM unit u LEFT JOIN unit_version v ON v.unit_id = u.id AND v.valid_until IS NULL
      WHERE (v.id IS NULL AND u.dissolved_on IS NULL AND NOT EXISTS (SELECT 1 FROM unit_version w WHERE w.unit_id = u.id))
         OR (v.id IS NOT NULL AND (v.parent_id, v.name, v.kind, v.path) IS DISTINCT FROM (u.parent_id, u.name, u.kind, u.path))`,
    [stamp.day],
  );
  if (changed.length === 0) return [];
  const meta = [stamp.operation, stamp.decisionRef, stamp.recordedBy];
  const corrected = changed.filter((c) => c.vid && c.sameDay).map((c) => c.vid);
  const closed = changed.filter((c) => c.vid && !c.sameDay).map((c) => c.vid);
  if (corrected.length)
    await em.query(
      `UPDATE unit_version v SET parent_id = u.parent_id, name = u.name, kind = u.kind, path = u.path, depth = u.depth,
              operation = $2, decision_ref = $3, recorded_by = $4, recorded_at = now()
         FROM unit u WHERE u.id = v.unit_id AND v.id = ANY($1::bigint[])`,
      [corrected, ...meta],
    );
  if (closed.length) await em.query(`UPDATE unit_version SET valid_until = $2::date WHERE id = ANY($1::bigint[])`, [closed, stamp.day]);
  const opening = changed.filter((c) => !c.sameDay || !c.vid);
  await em.query(
    `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind, path, depth, operation, decision_ref, recorded_by)
     SELECT u.id, CASE WHEN f.first THEN COALESCE(u.founded_on, '1900-01-01') ELSE $2::date END, u.parent_id, u.name, u.kind, u.path, u.depth,
            CASE WHEN f.first AND NOT (u.founded_on = $2::date AND $3 IN ('MERGE', 'SPLIT')) THEN 'FOUNDED' ELSE $3 END, $4, $5
       FROM unnest($1::bigint[], $6::boolean[]) AS f(id, first) JOIN unit u ON u.id = f.id`,
    [opening.map((c) => c.id), stamp.day, ...meta, opening.map((c) => c.vid === null)],
  );
  return changed.map((c) => c.id);
}
