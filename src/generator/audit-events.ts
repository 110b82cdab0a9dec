import { EntityManager } from 'typeorm';
import { AuditKeyRing } from '../services/audit-keys';
import { AuditEntry, TRANSACTION_CHAIN, appendAudit, hashOf } from '../services/audit-log';

const BATCH = 5000;

/**
 * Appends `n` synthetic events to the keyed chain, in batches, for the benchmark of its verification:
 * the links are computed as appendAudit computes them, so the chain stays valid.
 */
export async function appendSyntheticEvents(em: EntityManager, n: number, ring: AuditKeyRing): Promise<void> {
  await em.transaction(async (tx) => {
    // One event through the workflow's own path first: it records a key rotation if the key is new.
    await appendAudit(
      tx,
      {
        actorPersonId: null,
        actingForBodyId: null,
        delegationId: null,
        action: 'benchmark',
        entity: 'bench',
        entityId: '0',
        before: null,
        after: { events: n },
      },
      ring,
    );
    // The chain that event went to, the transaction's (LOCK_HEAD).
    const [head] = await tx.query<{ chain: number; lastId: string; hash: string }[]>(
      `SELECT chain, last_id::text AS "lastId", hash FROM audit_head WHERE chain = ${TRANSACTION_CHAIN} FOR UPDATE`,
    );
    let prev: string = head.hash;
    let lastId: string = head.lastId;
    const key = ring.current;
    for (let done = 0; done < n; done += BATCH) {
      const size = Math.min(BATCH, n - done);
      const [{ ids }] = await tx.query<{ ids: string[] }[]>(
        `SELECT array_agg(nextval('audit_event_id_seq')::text ORDER BY g) AS ids FROM generate_series(1, $1) g`,
        [size],
      );
      const cols: Record<string, unknown[]> = { id: [], at: [], entityId: [], after: [], prev: [], hash: [] };
      ids.forEach((id: string, i: number) => {
        const at = new Date().toISOString();
        const entry: AuditEntry = {
          actorPersonId: null,
          actingForBodyId: null,
          delegationId: null,
          action: 'synthetic',
          entity: 'bench',
          entityId: String(done + i + 1),
          before: null,
          after: { i: done + i + 1 },
        };
        const hash = hashOf(prev, id, at, entry, key);
        cols.id.push(id);
        cols.at.push(at);
        cols.entityId.push(entry.entityId);
        cols.after.push(JSON.stringify(entry.after));
        cols.prev.push(prev);
        cols.hash.push(hash);
        prev = hash;
        lastId = id;
      });
      await tx.query(
        `INSERT INTO audit_event (id, occurred_at, action, entity, entity_id, after, prev_hash, hash, key_id, chain)
         SELECT v.id, v.at, 'synthetic', 'bench', v.entity_id, v.after, v.prev, v.hash, $7, $8
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[]) AS v(id, at, entity_id, after, prev, hash)`,
        [cols.id, cols.at, cols.entityId, cols.after, cols.prev, cols.hash, key.id, head.chain],
      );
    }
    await tx.query(`UPDATE audit_head SET last_id = $1, hash = $2, key_id = $3 WHERE chain = $4`, [lastId, prev, key.id, head.chain]);
  });
}
