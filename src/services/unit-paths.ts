import { EntityManager } from 'typeorm';

/**
 * Recomputes the materialized path and depth of every unit whose parent chain changed, and copies
 * the new paths onto the scope columns of posts and memberships held there. Returns how many units moved.
 */
export async function refreshUnitPaths(em: EntityManager): Promise<number> {
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [moved]: [{ id: string }[], number] = await em.query(`
    WITH RECURSIVE t(id, path, depth) AS (
      SELECT id, '/' || id || '/', 0 FROM unit WHERE parent_id IS NULL
      UNION ALL
      SELECT u.id, t.path || u.id || '/', t.depth + 1 FROM unit u JOIN t ON u.parent_id = t.id
    )
    UPDATE unit SET path = t.path, depth = t.depth
      FROM t WHERE unit.id = t.id AND (unit.path <> t.path OR unit.depth <> t.depth)
    RETURNING unit.id`);
  if (moved.length === 0) return 0;
  const ids = moved.map((m) => m.id);
  await em.query(`UPDATE post SET unit_path = u.path FROM unit u WHERE post.unit_id = u.id AND u.id = ANY($1)`, [ids]);
  await em.query(`UPDATE membership SET unit_path = u.path FROM unit u WHERE membership.branch_id = u.id AND u.id = ANY($1)`, [ids]);
  return moved.length;
}
