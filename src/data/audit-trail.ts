import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { selectList } from '../db/columns';
import { SqlParams, underPrefix } from '../db/sql-params';
import { AuditEvent } from '../entities';
import { apiError } from '../errors';
import { sql } from '../policies/request-policy';
import { AuditEventType } from '../schema/follow-up-types';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { runShaped } from '../db/prepared-statement';

/* The audit trail, for administrators and audit staff, within the part of the tree they audit. */

const AUDIT_EVENT_COLUMNS = selectList(AuditEvent, 'e', { as: { id: 'dbId' }, omit: ['prevHash', 'unitPath', 'keyId', 'chain'] });
const toEvent = (row: object) => Object.assign(new AuditEventType(), row);

/** One event of the trail by id, for those who may read the trail there (node(id:)); null otherwise, as for an id that does not exist. */
export async function readableAuditEvent(ctx: Ctx, dbId: string): Promise<AuditEventType | null> {
  const p = new SqlParams();
  const access = requirePolicy(ctx).auditTrail(p, 'e.unit_path');
  if (access === false || !/^\d+$/.test(dbId)) return null;
  const [row] = await runShaped<object>(
    ctx.session.em,
    `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_event e WHERE e.id = ${p.add(dbId)} AND ${sql(access)}`,
    p.values,
  );
  return row ? toEvent(row) : null;
}

export interface AuditFilter {
  entity?: string | null;
  entityId?: string | null;
  action?: string | null;
  /** Only the events of this subtree's rows. */
  withinPath?: string | null;
}

/** The trail oldest first; FORBIDDEN for whoever audits nothing. */
export function auditTrailPage(ctx: Ctx, args: PageArgs, f: AuditFilter): Promise<ConnectionShape<AuditEventType>> {
  const p = new SqlParams();
  const access = requirePolicy(ctx).auditTrail(p, 'e.unit_path', f.withinPath ?? undefined);
  if (access === false) throw apiError('FORBIDDEN', 'auditTrail is for administrators and audit staff', { needed: 'AUDITOR' });
  const where: string[] = [sql(access)];
  if (f.withinPath) where.push(underPrefix('e.unit_path', p, f.withinPath));
  if (f.entity) where.push(`e.entity = ${p.add(f.entity)}`);
  if (f.entityId) where.push(`e.entity_id = ${p.add(f.entityId)}`);
  if (f.action) where.push(`e.action = ${p.add(f.action)}`);
  return keysetPage(ctx.session.em, args, {
    select: AUDIT_EVENT_COLUMNS,
    from: 'audit_event e',
    where,
    params: p,
    sortKey: `lpad(e.id::text, 20, '0') COLLATE "C"`,
    idKey: 'e.id',
    map: toEvent,
  });
}
