import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';

/** One change, as the audit trail keeps it: who, acting for which body, under which delegation, before and after. */
export interface AuditEntry {
  actorPersonId: string | null;
  actingForBodyId: string | null;
  delegationId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted, so that a value read back from jsonb hashes as it did when written. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function hashOf(prevHash: string, id: string, occurredAt: string, e: AuditEntry): string {
  const body = canonicalJson([id, occurredAt, e.actorPersonId, e.actingForBodyId, e.delegationId, e.action, e.entity, e.entityId, e.before, e.after]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

const APPEND_EVENT = new PreparedStatement(
  `WITH event AS (
     INSERT INTO audit_event (id, occurred_at, actor_person_id, acting_for_body_id, delegation_id, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id)
   UPDATE audit_head SET last_id = (SELECT id FROM event), hash = $12`);

/**
 * Appends an event to the hash chain, in the caller's transaction: the change and its record commit
 * or roll back together. The head row is locked, so the chain stays a single line under concurrency.
 */
export async function appendAudit(em: EntityManager, e: AuditEntry): Promise<void> {
  // Two round trips: lock the head and take the next id; then insert the event and move the head.
  const [head] = await em.query(`SELECT hash, nextval('audit_event_id_seq')::text AS id FROM audit_head FOR UPDATE`);
  const occurredAt = new Date().toISOString();
  const hash = hashOf(head.hash, head.id, occurredAt, e);
  await APPEND_EVENT.run(em,
    [head.id, occurredAt, e.actorPersonId, e.actingForBodyId, e.delegationId, e.action, e.entity, e.entityId,
      e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after), head.hash, hash],
  );
}

export interface ChainCheck { valid: boolean; checked: number; firstBrokenId: string | null; reason: string | null }

/**
 * Recomputes the chain from the start; an edited, inserted or deleted event breaks it at the first such place.
 * The events and the head are read in one snapshot: events appended meanwhile are not a broken chain.
 */
export function verifyAuditChain(em: EntityManager, batch = 5000): Promise<ChainCheck> {
  return em.transaction('REPEATABLE READ', (tx) => verifyInSnapshot(tx, batch));
}

async function verifyInSnapshot(em: EntityManager, batch: number): Promise<ChainCheck> {
  let prev = 'GENESIS';
  let lastId = '0';
  let checked = 0;
  for (;;) {
    const rows = await em.query(
      `SELECT id::text AS id, occurred_at, actor_person_id::text AS actor, acting_for_body_id::text AS body, delegation_id::text AS delegation,
              action, entity, entity_id, before, after, prev_hash, hash
         FROM audit_event e WHERE e.id > $1 ORDER BY e.id LIMIT $2`, [lastId, batch]);
    for (const r of rows) {
      const entry: AuditEntry = { actorPersonId: r.actor, actingForBodyId: r.body, delegationId: r.delegation, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after };
      if (r.prev_hash !== prev) return { valid: false, checked, firstBrokenId: r.id, reason: 'the link to the previous event does not match (an event before it was removed or changed)' };
      if (hashOf(prev, r.id, r.occurred_at, entry) !== r.hash) return { valid: false, checked, firstBrokenId: r.id, reason: 'the event does not match its hash (it was edited)' };
      prev = r.hash;
      lastId = r.id;
      checked += 1;
    }
    if (rows.length < batch) break;
  }
  const [head] = await em.query(`SELECT last_id::text AS "lastId", hash FROM audit_head`);
  if (head.hash !== prev || head.lastId !== lastId) {
    return { valid: false, checked, firstBrokenId: head.lastId, reason: 'the chain ends before its recorded head (the last events were removed)' };
  }
  return { valid: true, checked, firstBrokenId: null, reason: null };
}
