import { createHmac } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { selectList } from '../db/columns';
import { PreparedStatement, sendWithNext } from '../db/prepared-statement';
import { AuditEvent } from '../entities';
import { AUDIT_CHAINS } from '../../migrations/1732000000047-audit-chains';
import { AuditKey, AuditKeyRing, auditKeyRing } from './audit-keys';

/** One change, as the audit trail keeps it: who, acting for which body, under which delegation, before and after. */
export type AuditEntry = Pick<
  AuditEvent,
  'actorPersonId' | 'actingForBodyId' | 'delegationId' | 'action' | 'entity' | 'entityId' | 'before' | 'after'
>;

/** The head of a chain: its last event and hash, and the key that event was written under. */
interface Head {
  chain: number;
  lastId: string;
  hash: string;
  keyId: string | null;
}

/** The head locked for the event about to be appended, with that event's id. */
export type LockedHead = Pick<Head, 'chain' | 'hash' | 'keyId'> & { id: string };

/** The chain the running transaction appends to, in SQL. */
export const TRANSACTION_CHAIN = `(txid_current() % ${AUDIT_CHAINS})::smallint`;

/**
 * Locks the head of the transaction's chain and takes the next event's id. A change may send it with its own
 * statement, after it (workflow/core.ts `update`). The chain is the transaction id's: every event of a transaction is
 * in one chain (it holds one head, so writers cannot deadlock on heads), and transactions running at once, whose ids
 * are near, are in different chains. An id is taken under the head's lock: ids rise along each chain.
 */
export const LOCK_HEAD = new PreparedStatement(
  `SELECT chain, hash, key_id AS "keyId", nextval('audit_event_id_seq')::text AS id FROM audit_head
    WHERE chain = ${TRANSACTION_CHAIN} FOR UPDATE`,
);

/** Who did what to which row, in the order the hash and the table keep them. */
const who = (e: AuditEntry) => [e.actorPersonId, e.actingForBodyId, e.delegationId, e.action, e.entity, e.entityId];

/** JSON with object keys sorted, so that a value read back from jsonb hashes as it did when written. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * The link of one event: an HMAC-SHA256, under a key the database does not hold, of the previous
 * link in its chain and the event (its key id included). Without the key no one can write a valid continuation.
 */
export function hashOf(prevHash: string, id: string, occurredAt: string, e: AuditEntry, key: AuditKey): string {
  const body = canonicalJson([id, occurredAt, key.id, ...who(e), e.before, e.after]);
  return createHmac('sha256', key.secret).update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The event and the head's move in one statement. Nothing is returned: under row-level security a RETURNING row must be
 * one the caller may read, and a system event (a key rotation, path '/') met by an ordinary caller's write is not. So it
 * goes with the transaction's next statement, usually its commit (sendWithNext).
 */
const APPEND_EVENT = new PreparedStatement(
  `WITH event AS (
     INSERT INTO audit_event (id, occurred_at, actor_person_id, acting_for_body_id, delegation_id, action, entity, entity_id, before, after, prev_hash, hash, key_id, chain)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14))
   UPDATE audit_head SET last_id = $1, hash = $12, key_id = $13 WHERE chain = $14`,
);

const ROTATION = 'rotateAuditKey';

/** Writes event `id` in `chain` after the link `prevHash`, keyed with `key`; returns its link. */
async function writeEvent(em: EntityManager, chain: number, id: string, prevHash: string, e: AuditEntry, key: AuditKey): Promise<string> {
  const occurredAt = new Date().toISOString();
  const hash = hashOf(prevHash, id, occurredAt, e, key);
  await sendWithNext(em, APPEND_EVENT, [
    id,
    occurredAt,
    ...who(e),
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
    prevHash,
    hash,
    key.id,
    chain,
  ]);
  return hash;
}

/**
 * Appends an event to the transaction's chain, in the caller's transaction: the change and its record commit or roll
 * back together. The chain's head row is locked, so the chain stays a single line under concurrency. The first
 * event of a chain under a new key is preceded by a rotation event, itself under the new key.
 */
export async function appendAudit(
  em: EntityManager,
  e: AuditEntry,
  ring: AuditKeyRing = auditKeyRing(),
  locked?: LockedHead,
): Promise<void> {
  // Outside a transaction the head's lock would end with its statement and two writers could fork the chain.
  if (!em.queryRunner?.isTransactionActive) throw new Error('appendAudit needs the caller’s transaction');
  // Lock the head and take the next id (unless the caller did, with its change: `locked`); then insert the event and
  // move the head, with the next statement.
  const head = locked ?? (await LOCK_HEAD.run<LockedHead>(em, []))[0];
  const key = ring.current;
  if (head.keyId && head.keyId !== key.id) {
    const rotated = await writeEvent(
      em,
      head.chain,
      head.id,
      head.hash,
      {
        actorPersonId: null,
        actingForBodyId: null,
        delegationId: null,
        action: ROTATION,
        entity: 'audit_key',
        entityId: key.id,
        before: { keyId: head.keyId },
        after: { keyId: key.id },
      },
      key,
    );
    const [{ id }] = await em.query<{ id: string }[]>(`SELECT nextval('audit_event_id_seq')::text AS id`);
    await writeEvent(em, head.chain, id, rotated, e, key);
    return;
  }
  await writeEvent(em, head.chain, head.id, head.hash, e, key);
}

export interface ChainCheck {
  valid: boolean;
  checked: number;
  firstBrokenId: string | null;
  reason: string | null;
}

/**
 * Recomputes every chain from its start; an edited, inserted or deleted event breaks its chain at the first such place.
 * The events and the heads are read in one snapshot: events appended meanwhile are not a broken chain.
 * Events are read in batches, in the order of their ids (`onBatch` hears how many are checked after each), each checked
 * against the last event of its chain so far: memory does not grow with the trail.
 */
export function verifyAuditChain(
  em: EntityManager,
  opts: { batch?: number; ring?: AuditKeyRing; onBatch?: (checked: number) => void } = {},
): Promise<ChainCheck> {
  return em.transaction('REPEATABLE READ', (tx) => verifyInSnapshot(tx, opts.batch ?? 5000, opts.ring ?? auditKeyRing(), opts.onBatch));
}

/** Where a chain stands while it is checked: its last link, key and event. */
interface ChainEnd {
  prev: string;
  prevKey: string | null;
  lastId: string;
}

async function verifyInSnapshot(
  em: EntityManager,
  batch: number,
  ring: AuditKeyRing,
  onBatch?: (checked: number) => void,
): Promise<ChainCheck> {
  const ends = new Map<number, ChainEnd>();
  const endOf = (chain: number) => ends.get(chain) ?? ends.set(chain, { prev: 'GENESIS', prevKey: null, lastId: '0' }).get(chain)!;
  let lastId = '0';
  let checked = 0;
  /** Checks the next batch: how many events it held, or where the chain broke. Its rows are let go when it returns. */
  const checkNext = async (): Promise<number | ChainCheck> => {
    const rows = await em.query<Omit<AuditEvent, 'unitPath'>[]>(
      `SELECT ${selectList(AuditEvent, 'e', { omit: ['unitPath'] })} FROM audit_event e WHERE e.id > $1 ORDER BY e.id LIMIT $2`,
      [lastId, batch],
    );
    for (const r of rows) {
      const { actorPersonId, actingForBodyId, delegationId, action, entity, entityId, before, after } = r;
      const entry: AuditEntry = { actorPersonId, actingForBodyId, delegationId, action, entity, entityId, before, after };
      const broken = (reason: string): ChainCheck => ({ valid: false, checked, firstBrokenId: r.id, reason });
      const end = endOf(r.chain);
      if (r.prevHash !== end.prev)
        return broken('the link to the previous event does not match (an event before it was removed or changed)');
      const key = r.keyId ? ring.byId.get(r.keyId) : undefined;
      if (!key)
        return broken(`the event names ${r.keyId ? `key ${r.keyId}, which this server does not hold` : 'no key'}: it cannot be verified`);
      if (end.prevKey && r.keyId !== end.prevKey && !(r.action === ROTATION && r.entityId === r.keyId))
        return broken(`the key changed from ${end.prevKey} to ${r.keyId} without a rotation event`);
      if (hashOf(end.prev, r.id, r.occurredAt, entry, key) !== r.hash)
        return broken('the event does not match its keyed hash (it was edited, or written without the key)');
      ends.set(r.chain, { prev: r.hash, prevKey: r.keyId, lastId: r.id });
      lastId = r.id;
      checked += 1;
    }
    return rows.length;
  };
  for (;;) {
    const outcome = await checkNext();
    if (typeof outcome !== 'number') return outcome;
    // What the verification holds between batches (the chains' ends), not the batch just checked.
    onBatch?.(checked);
    if (outcome < batch) break;
  }
  const heads = await em.query<Head[]>(`SELECT chain, last_id::text AS "lastId", hash, key_id AS "keyId" FROM audit_head ORDER BY chain`);
  for (const head of heads) {
    const end = endOf(head.chain);
    if (head.hash !== end.prev || head.lastId !== end.lastId) {
      return {
        valid: false,
        checked,
        firstBrokenId: head.lastId,
        reason: `chain ${head.chain} ends before its recorded head (the last events were removed)`,
      };
    }
  }
  return { valid: true, checked, firstBrokenId: null, reason: null };
}
