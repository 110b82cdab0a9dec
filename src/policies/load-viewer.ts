import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { Viewer } from './viewer';

const VIEWER_BY_CODE = new PreparedStatement(
  `SELECT p.id, p.code, p.system_roles AS roles,
            COALESCE((SELECT json_agg(json_build_object('id', po.id::text, 'unitId', po.unit_id::text, 'unitPath', po.unit_path,
                        'bodyId', po.body_id::text, 'collectiveId', po.collective_id::text, 'collectiveBodyId', co.body_id::text, 'bodyKind', b.kind,
                        'category', po.category, 'role', po.role) ORDER BY po.id)
                        FROM post po LEFT JOIN collective co ON co.id = po.collective_id LEFT JOIN body b ON b.id = po.body_id WHERE po.person_id = p.id AND po.starts_on <= $2 AND (po.ends_on IS NULL OR po.ends_on >= $2)), '[]') AS posts,
            (SELECT json_build_object('branchId', m.branch_id::text, 'unitPath', m.unit_path) FROM membership m WHERE m.person_id = p.id) AS membership
       FROM person p WHERE p.code = $1`);

/** Loads the caller by person code with the posts they hold today, in one statement; null when unknown. */
export async function loadViewer(em: EntityManager, personCode: string, today: string): Promise<Viewer | null> {
  const [row] = await VIEWER_BY_CODE.run(em, [personCode, today]);
  if (!row) return null;
  return { personId: String(row.id), code: row.code, systemRoles: row.roles ?? [], posts: row.posts, membership: row.membership };
}
