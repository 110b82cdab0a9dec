import { createHash, createHmac, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TestApi, startTestApi } from '../support/api';
import { AuditEntry, TRANSACTION_CHAIN, appendAudit, hashOf, verifyAuditChain } from '../../src/services/audit-log';
import { AuditKey, auditKeyRing, keyRing } from '../../src/services/audit-keys';
import { SqlParams, underPrefix } from '../../src/db/sql-params';
import { breakWithinScope, ratingsAgainstTrail, tallyDifferences } from '../../src/reports/trail-agreement';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkpointMismatch, writeCheckpoint } from '../../src/services/audit-checkpoint';
import { Workflow, ok, plainMembers } from '../support/workflow';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { AUDIT_CHAINS } from '../../migrations/1732000000047-audit-chains';
import { createDataSource } from '../../src/db/data-source';
import { RequestSession } from '../../src/db/request-session';
import { dbIdOf } from '../support/ids';

/** The keyed chain (issue: an audit trail a database administrator cannot rewrite). Every change here is rolled back. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

class Rollback extends Error {}
const note = (n: number): AuditEntry => ({
  actorPersonId: null,
  actingForBodyId: null,
  delegationId: null,
  action: 'note',
  entity: 'test',
  entityId: String(n),
  before: null,
  after: { n },
});

/** Runs `run` on the chain as it stands plus five events of this process's key, then rolls everything back. */
async function rolledBack(run: (em: EntityManager) => Promise<void>): Promise<void> {
  await undone(async (em) => {
    await em.query(`LOCK TABLE audit_head IN EXCLUSIVE MODE`);
    for (let n = 0; n < 5; n++) await appendAudit(em, note(n));
    await run(em);
  });
}

/** Runs `run` in a transaction, then rolls it back. */
async function undone(run: (em: EntityManager) => Promise<void>): Promise<void> {
  await api.db
    .transaction(async (em) => {
      await run(em);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
}

/** The chain of the transaction `q` runs in. */
const chainOf = async (q: { query: (sql: string) => Promise<{ c: number }[]> }): Promise<number> =>
  (await q.query(`SELECT ${TRANSACTION_CHAIN} AS c`))[0].c;

/**
 * Appends `note(n)` in a transaction of its own whose chain is `chain` (transactions are begun again until one is),
 * holding the chain's head `holdSeconds` more before it commits.
 */
async function appendInChain(chain: number, n: number, holdSeconds = 0): Promise<string> {
  for (;;) {
    const id = await api.db
      .transaction(async (em) => {
        if ((await chainOf(em)) !== chain) throw new Rollback();
        await appendAudit(em, note(n));
        if (holdSeconds) await em.query(`SELECT pg_sleep($1)`, [holdSeconds]);
        return (await em.query(`SELECT last_id::text AS id FROM audit_head WHERE chain = $1`, [chain]))[0].id as string;
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
        return null;
      });
    if (id) return id;
  }
}

const entryOf = (r: any): AuditEntry => ({
  actorPersonId: r.actor_person_id,
  actingForBodyId: r.acting_for_body_id,
  delegationId: r.delegation_id,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before,
  after: r.after,
});

/**
 * What an insider with write access does: edit an event near the head, then recompute every later link of its chain
 * with `link`, and move the chain's head.
 */
async function rewriteFrom(em: EntityManager, link: (prev: string, r: any) => string, fromId?: string): Promise<string> {
  const from = fromId ?? (await em.query(`SELECT e.id::text FROM audit_event e ORDER BY e.id DESC OFFSET 2 LIMIT 1`))[0].id;
  const rows = await em.query(
    `SELECT e.id::text AS id, occurred_at, actor_person_id::text, acting_for_body_id::text, delegation_id::text, action, entity, entity_id, before, after, prev_hash, key_id, chain
                                 FROM audit_event e WHERE e.id >= $1 AND e.chain = (SELECT chain FROM audit_event WHERE id = $1) ORDER BY e.id`,
    [from],
  );
  const victim = rows[0];
  // An edit that always changes the event: the victim may be another file's decision already EXCELLENT.
  await em.query(`UPDATE audit_event SET after = COALESCE(after, '{}') || '{"decidedLevel": "EXCELLENT", "forged": true}' WHERE id = $1`, [
    victim.id,
  ]);
  let prev: string = victim.prev_hash;
  for (const r of rows) {
    const [fresh] = await em.query(`SELECT after FROM audit_event WHERE id = $1`, [r.id]);
    const hash = link(prev, { ...r, after: fresh.after });
    await em.query(`UPDATE audit_event SET prev_hash = $2, hash = $3 WHERE id = $1`, [r.id, prev, hash]);
    prev = hash;
  }
  await em.query(`UPDATE audit_head SET hash = $1 WHERE chain = $2`, [prev, victim.chain]);
  return victim.id;
}

describe('the keyed audit chain', () => {
  it('detects a rewrite by whoever lacks the key: a forged continuation under a guessed key or plain SHA-256 fails where the edit is', async () => {
    const ring = auditKeyRing();
    const keyOf = (r: any): AuditKey => ring.byId.get(r.key_id) as AuditKey;
    // With the key, the rewrite is consistent: the procedure is right, and only the key stands in the way.
    await rolledBack(async (em) => {
      await rewriteFrom(em, (prev, r) => hashOf(prev, r.id, r.occurred_at, entryOf(r), keyOf(r)));
      expect((await verifyAuditChain(em)).valid).toBe(true);
    });
    await rolledBack(async (em) => {
      const guessed = (r: any): AuditKey => ({ id: r.key_id, secret: randomBytes(32) });
      const victim = await rewriteFrom(em, (prev, r) => hashOf(prev, r.id, r.occurred_at, entryOf(r), guessed(r)));
      expect(await verifyAuditChain(em)).toMatchObject({
        valid: false,
        firstBrokenId: victim,
        reason: expect.stringContaining('keyed hash'),
      });
    });
    await rolledBack(async (em) => {
      const victim = await rewriteFrom(em, (prev, r) =>
        createHash('sha256')
          .update(prev)
          .update('\n')
          .update(JSON.stringify(entryOf(r)))
          .digest('hex'),
      );
      expect(await verifyAuditChain(em)).toMatchObject({ valid: false, firstBrokenId: victim });
    });
    expect((await verifyAuditChain(api.db.manager)).valid).toBe(true);
  });

  it('tells where the chain breaks only to those whose audit scope holds the event there', async () => {
    await rolledBack(async (em) => {
      const [event] = await em.query(`SELECT e.id::text AS id FROM audit_event e ORDER BY e.id DESC LIMIT 1`);
      await em.query(`UPDATE audit_event SET unit_path = '/1/77/', after = '{"n": 99}' WHERE id = $1`, [event.id]);
      const chain = await verifyAuditChain(em);
      expect(chain).toMatchObject({ valid: false, firstBrokenId: event.id });
      const scopedTo = (prefix: string) => ({ auditTrail: (p: SqlParams, column: string) => ({ where: underPrefix(column, p, prefix) }) });
      expect(await breakWithinScope(em, scopedTo('/1/77/'), chain)).toEqual(chain);
      expect(await breakWithinScope(em, scopedTo('/1/78/'), chain)).toEqual({
        ...chain,
        firstBrokenId: null,
        reason: expect.stringContaining('outside your audit scope'),
      });
      expect(await breakWithinScope(em, { auditTrail: () => true }, chain)).toEqual(chain);
    });
  });

  it('appends only inside the caller’s transaction, where the head stays locked until the change commits', async () => {
    await expect(appendAudit(api.db.manager, note(7))).rejects.toThrow('transaction');
  });

  it('runs in chains: writers at once in different chains do not wait for each other, and each chain verifies', async () => {
    const holder = api.db.createQueryRunner();
    const other = api.db.createQueryRunner();
    try {
      await holder.startTransaction();
      await appendAudit(holder.manager, note(8));
      const held = await chainOf(holder);
      // A second writer, begun again until its transaction falls in another chain, appends while the first holds its head.
      let chain = held;
      while (chain === held) {
        if (other.isTransactionActive) await other.rollbackTransaction();
        await other.startTransaction();
        chain = await chainOf(other);
      }
      await other.query(`SET LOCAL lock_timeout = '2s'`);
      await appendAudit(other.manager, note(9));
      await other.commitTransaction();
      await holder.commitTransaction();
      const [mine, theirs] = await api.db.query(
        `SELECT DISTINCT ON (entity_id) entity_id AS "entityId", chain FROM audit_event WHERE entity = 'test' AND entity_id IN ('8', '9') ORDER BY entity_id, id DESC`,
      );
      expect([mine, theirs]).toEqual([
        { entityId: '8', chain: held },
        { entityId: '9', chain },
      ]);
      expect((await verifyAuditChain(api.db.manager)).valid).toBe(true);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await other.release();
      await holder.release();
    }
  });

  it('keeps a chain one line when writers at once meet in it: each takes its id once it holds the head', async () => {
    // Six writers, each begun again until its transaction falls in chain 7, then holding the head a moment after appending.
    await Promise.all([0, 1, 2, 3, 4, 5].map((n) => appendInChain(7, 200 + n, 0.03)));
    const events = await api.db.query(
      `SELECT e.entity_id AS "entityId" FROM audit_event e WHERE e.entity = 'test' AND e.entity_id = ANY(ARRAY['200', '201', '202', '203', '204', '205']) AND e.chain = 7`,
    );
    expect(events).toHaveLength(6);
    expect((await verifyAuditChain(api.db.manager)).valid).toBe(true);
  });

  it('finds the last events of any chain removed', async () => {
    await appendInChain(5, 10);
    await rolledBack(async (em) => {
      const [last] = await em.query(`SELECT e.id::text AS id FROM audit_event e WHERE e.chain = 5 ORDER BY e.id DESC LIMIT 1`);
      await em.query(`DELETE FROM audit_event WHERE id = $1`, [last.id]);
      expect(await verifyAuditChain(em)).toMatchObject({
        valid: false,
        firstBrokenId: last.id,
        reason: 'chain 5 ends before its recorded head (the last events were removed)',
      });
    });
  });

  it('records a key rotation as an event and verifies across it with both keys, and not without the new one', async () => {
    const old = auditKeyRing();
    const rotated = keyRing([...old.byId.values(), { id: 'rotated', secret: randomBytes(32) }]);
    await rolledBack(async (em) => {
      await appendAudit(em, { ...note(1), after: { x: 1 } }, rotated);
      const last = await em.query(
        `SELECT action, entity_id AS "entityId", key_id AS "keyId", before, after FROM audit_event ORDER BY id DESC LIMIT 2`,
      );
      expect(last.reverse()).toEqual([
        { action: 'rotateAuditKey', entityId: 'rotated', keyId: 'rotated', before: { keyId: old.current.id }, after: { keyId: 'rotated' } },
        { action: 'note', entityId: '1', keyId: 'rotated', before: null, after: { x: 1 } },
      ]);
      expect((await verifyAuditChain(em, { ring: rotated })).valid).toBe(true);
      expect(await verifyAuditChain(em, { ring: old })).toMatchObject({
        valid: false,
        reason: expect.stringContaining('key rotated, which this server does not hold'),
      });
    });
  });
});

describe('a key rotation met by an ordinary caller', () => {
  it('is recorded within their write, under row-level security, though the rotation is an event they may not read', async () => {
    const pool = createDataSource(process.env.TEST_DATABASE_URL as string, { role: API_ROLE, poolSize: 1 });
    await pool.initialize();
    const session = new RequestSession(pool, api.db, 100);
    const [member] = await plainMembers(api, 'HT-TP-BH-CB04', 1);
    const rotated = keyRing([...auditKeyRing().byId.values(), { id: 'rotated-by-member', secret: randomBytes(32) }]);
    try {
      expect(await session.enter(member, '2026-11-30')).not.toBeNull();
      await session
        .transaction(async (em) => {
          await appendAudit(em, note(1), rotated);
          expect(await em.query(`SELECT key_id AS "keyId" FROM audit_head WHERE chain = ${TRANSACTION_CHAIN}`)).toEqual([
            { keyId: 'rotated-by-member' },
          ]);
          throw new Rollback();
        })
        .catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
    } finally {
      await session.end();
      await pool.destroy();
    }
  });
});

describe('signed checkpoints', () => {
  const VERIFY = `query($c: AuditCheckpointInput) { verifyAuditChain(checkpoint: $c) { valid firstBrokenId reason } }`;

  it('let an auditor who kept one detect a rewrite older than it in any chain, even by a holder of the key', async () => {
    // Two chains with an event each, the first not the latest head.
    const earlier = await appendInChain(3, 98);
    await appendInChain(4, 99);
    const admin = api.as('ADMIN001');
    const { auditCheckpoint: cp } = await admin.request<any>(
      `{ auditCheckpoint { lastId hash at keyId heads { chain lastId hash } signature publicKey } }`,
    );
    expect(cp.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(cp.heads).toHaveLength(AUDIT_CHAINS);
    const three = cp.heads.find((h: any) => h.chain === 3);
    expect(BigInt(three.lastId)).toBeGreaterThanOrEqual(BigInt(earlier));
    expect(BigInt(cp.lastId)).toBe(cp.heads.reduce((a: bigint, h: any) => (BigInt(h.lastId) > a ? BigInt(h.lastId) : a), 0n));
    const { publicKey: _publicKey, ...kept } = cp;
    expect((await admin.request<any>(VERIFY, { c: kept })).verifyAuditChain).toMatchObject({ valid: true, reason: null });
    // A checkpoint altered by whoever kept it (or forged) is not trusted: its latest event, or any chain's head.
    const altered = [
      { ...kept, lastId: String(Number(kept.lastId) - 1) },
      { ...kept, heads: kept.heads.map((h: any) => (h.chain === 3 ? { ...h, lastId: String(Number(h.lastId) - 1) } : h)) },
      { ...kept, heads: kept.heads.filter((h: any) => h.chain !== 3) },
    ];
    for (const c of altered)
      expect((await admin.request<any>(VERIFY, { c })).verifyAuditChain).toMatchObject({
        valid: false,
        reason: expect.stringContaining('signature'),
      });
    const ring = auditKeyRing();
    await rolledBack(async (em) => {
      // With the key, the rewrite of chain 3 from its checkpointed event on is a consistent chain — but not the one the auditor kept.
      await rewriteFrom(em, (prev, r) => hashOf(prev, r.id, r.occurred_at, entryOf(r), ring.byId.get(r.key_id) as AuditKey), three.lastId);
      expect((await verifyAuditChain(em)).valid).toBe(true);
      expect(await checkpointMismatch(em, kept)).toContain(`event ${three.lastId} no longer has the link`);
    });
  });

  it('taken while the trail was one chain, still verify against chain 0', async () => {
    const id = await appendInChain(0, 97);
    const [event] = await api.db.query(`SELECT hash FROM audit_event WHERE id = $1`, [id]);
    // Signed as checkpoints were before the chains: the latest event and its link, no heads.
    const key = auditKeyRing().current;
    const seed = createHmac('sha256', key.secret).update('audit-checkpoint-signing').digest();
    const privateKey = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const unsigned = { lastId: id, hash: event.hash, at: new Date().toISOString(), keyId: key.id };
    const legacy = {
      ...unsigned,
      signature: sign(null, Buffer.from(JSON.stringify([id, event.hash, unsigned.at, key.id])), privateKey).toString('base64'),
    };
    expect((await api.as('ADMIN001').request<any>(VERIFY, { c: legacy })).verifyAuditChain).toMatchObject({ valid: true, reason: null });
    await rolledBack(async (em) => {
      await em.query(`UPDATE audit_event SET hash = 'forged' WHERE id = $1`, [id]);
      expect(await checkpointMismatch(em, legacy)).toContain(`event ${id} no longer has the link`);
    });
  });
});

describe('checkpoints written at intervals', () => {
  it('go to a directory as files an auditor can copy, once per head, and verify later', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpoints-'));
    await api.db.transaction((em) => appendAudit(em, note(100)));
    // The head held still (other files append meanwhile): the second write finds the same head.
    const file = await api.db.transaction(async (em) => {
      await em.query(`LOCK TABLE audit_head IN EXCLUSIVE MODE`);
      const first = await writeCheckpoint(em, dir);
      expect(await writeCheckpoint(em, dir)).toBeNull();
      return first;
    });
    expect(file).toMatch(/checkpoint-\d+\.json$/);
    const kept = JSON.parse(fs.readFileSync(file as string, 'utf8'));
    expect(await checkpointMismatch(api.db.manager, kept)).toBeNull();
  });
});

describe('the state the trail describes', () => {
  it('reports a rating changed in SQL around the workflow, field by field, and a tally that no longer counts the rows', async () => {
    const w = new Workflow(api, '2023');
    const [m, decided] = await plainMembers(api, 'HT-TP-BH-CB05', 2);
    // A decision of the test's own: the quota tally holds a counted row to edit, whichever files ran before this one.
    ok(await w.decide('HT-TP-BH-BT', (await w.proposedMember(decided)).id, 'GOOD'));
    const opened = await w.open(m, 'PARTY_MEMBER', m);
    const id = dbIdOf(opened.id);
    // An audit scope of one rating: the condition the policy would give, narrowed to it.
    const onlyRating = (ratingId: string) => ({ auditTrail: (p: SqlParams) => ({ where: `r.id = ${p.add(ratingId)}` }) });
    const mine = async (em: EntityManager) => (await ratingsAgainstTrail(em, onlyRating(id), 10)).first;
    expect(await mine(api.db.manager)).toEqual([]);
    // Without the chain's lock: ratings written after it would take the tally after the trail, the other way round
    // from every writer (a decision or an import writes its ratings, then the trail), and an import running in another
    // file at that moment deadlocked with it.
    await undone(async (em) => {
      await em.query(`UPDATE rating SET stage = 'SELF_ASSESSED', version = version + 5 WHERE id = $1`, [id]);
      expect(await mine(em)).toEqual([
        { ratingId: id, subject: m, field: 'stage', stored: 'SELF_ASSESSED', trail: 'OPEN' },
        { ratingId: id, subject: m, field: 'version', stored: String(opened.version + 5), trail: String(opened.version) },
      ]);
      // A rating written around the workflow has no trail at all: one difference says so.
      await em.query(`UPDATE rating SET annulled_at = now() WHERE id = $1`, [id]);
      const [{ id: planted }] = await em.query(
        `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage)
         SELECT cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, 'OPEN' FROM rating WHERE id = $1 RETURNING id::text`,
        [id],
      );
      expect(await mine(em)).toContainEqual({ ratingId: id, subject: m, field: 'annulled', stored: 'true', trail: 'false' });
      expect((await ratingsAgainstTrail(em, onlyRating(planted), 10)).first).toEqual([
        { ratingId: planted, subject: m, field: 'trail', stored: 'present', trail: 'none' },
      ]);
      // The triggers kept the tally in step with that update; a tally edited by hand is caught.
      const everywhere = { auditTrail: () => true };
      expect(await tallyDifferences(em, everywhere)).toBe(0);
      await em.query(`UPDATE subject_tally SET n = n + 1 WHERE ctid = (SELECT ctid FROM subject_tally WHERE n > 0 LIMIT 1)`);
      expect(await tallyDifferences(em, everywhere)).toBe(2);
      await em.query(`UPDATE quota_tally SET n = n + 1 WHERE ctid = (SELECT ctid FROM quota_tally WHERE n > 0 LIMIT 1)`);
      expect(await tallyDifferences(em, everywhere)).toBe(4);
    });
    const admin = (
      await api
        .as('ADMIN001')
        .request<any>(`{ verifyAuditChain { valid ratingsChecked stateDifferenceCount tallyAgrees stateDifferences { rating field } } }`)
    ).verifyAuditChain;
    expect(admin.valid).toBe(true);
    expect(admin.tallyAgrees).toBe(true);
    expect(admin.ratingsChecked).toBeGreaterThan(0);
    expect(admin.stateDifferences.map((d: any) => d.rating)).not.toContain(opened.id);
  });
});
