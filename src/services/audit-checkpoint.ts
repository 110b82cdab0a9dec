import { KeyObject, createHmac, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EntityManager } from 'typeorm';
import { AuditKey, AuditKeyRing, auditKeyRing } from './audit-keys';
import { canonicalJson } from './audit-log';

/** Where one chain of the trail ended when a checkpoint was taken: its last event and that event's link. */
export interface ChainHead {
  chain: number;
  lastId: string;
  hash: string;
}

/**
 * The heads of the audit trail's chains at a moment, signed (Ed25519) so that an auditor who keeps it elsewhere
 * can later prove that no event of a chain up to its head was rewritten — even by someone holding the key
 * and the database, who could recompute every later link but not change this copy. `lastId` and `hash` are the
 * latest head's.
 */
export interface AuditCheckpoint {
  lastId: string;
  hash: string;
  at: string;
  keyId: string;
  heads: ChainHead[];
  signature: string;
  publicKey: string;
}

/** A checkpoint as an auditor kept it: one taken while the trail was one chain has no `heads` (its `lastId` and `hash` are chain 0's). */
export type KeptCheckpoint = Omit<AuditCheckpoint, 'publicKey' | 'heads'> & { heads?: ChainHead[] | null };

/** PKCS#8 DER of an Ed25519 private key is this prefix followed by its 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The signing key pair of an audit key: its seed is an HMAC of the audit key, so no second secret has to be configured. */
function signingKeys(key: AuditKey): { privateKey: KeyObject; publicKeyPem: string } {
  const seed = createHmac('sha256', key.secret).update('audit-checkpoint-signing').digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString() };
}

const signedPart = (c: Omit<KeptCheckpoint, 'signature'>) =>
  Buffer.from(
    canonicalJson(
      c.heads ? [c.lastId, c.hash, c.at, c.keyId, c.heads.map((h) => [h.chain, h.lastId, h.hash])] : [c.lastId, c.hash, c.at, c.keyId],
    ),
  );

/** A checkpoint of every chain's head now (read at once), signed with the current key's signing key. */
export async function takeCheckpoint(em: EntityManager, ring: AuditKeyRing = auditKeyRing()): Promise<AuditCheckpoint> {
  const heads = await em.query<ChainHead[]>(`SELECT chain, last_id::text AS "lastId", hash FROM audit_head ORDER BY chain`);
  const latest = heads.reduce((a, b) => (BigInt(b.lastId) > BigInt(a.lastId) ? b : a));
  const { privateKey, publicKeyPem } = signingKeys(ring.current);
  const unsigned = { lastId: latest.lastId, hash: latest.hash, at: new Date().toISOString(), keyId: ring.current.id, heads };
  return { ...unsigned, signature: sign(null, signedPart(unsigned), privateKey).toString('base64'), publicKey: publicKeyPem };
}

/** Why a checkpoint cannot be trusted or does not match the chain; null when the chain still holds it. */
export async function checkpointMismatch(
  em: EntityManager,
  c: KeptCheckpoint,
  ring: AuditKeyRing = auditKeyRing(),
): Promise<string | null> {
  const key = ring.byId.get(c.keyId);
  if (!key) return `the checkpoint is signed under key ${c.keyId}, which this server does not hold`;
  const publicKey = createPublicKey(signingKeys(key).privateKey);
  if (!verify(null, signedPart(c), publicKey, Buffer.from(c.signature, 'base64')))
    return 'the checkpoint’s signature does not match it (it was altered or not issued here)';
  const heads = (c.heads ?? [{ chain: 0, lastId: c.lastId, hash: c.hash }]).filter((h) => h.lastId !== '0');
  const events = await em.query<{ id: string; hash: string; chain: number }[]>(
    `SELECT id::text AS id, hash, chain FROM audit_event WHERE id = ANY($1::bigint[])`,
    [heads.map((h) => h.lastId)],
  );
  for (const head of heads) {
    const event = events.find((e) => e.id === head.lastId);
    if (!event) return `event ${head.lastId} of the checkpoint taken at ${c.at} is gone: history before it was rewritten`;
    if (event.hash !== head.hash || event.chain !== head.chain)
      return `event ${head.lastId} no longer has the link the checkpoint taken at ${c.at} holds: history up to it was rewritten`;
  }
  return null;
}

/**
 * Writes a checkpoint of the heads to `dir` as `checkpoint-<lastId>.json` (the latest head's), unless one for that head is
 * there already; returns the file written, or null. A copy of the directory kept elsewhere (another
 * machine, an auditor's archive) is what bounds a rewrite.
 */
export async function writeCheckpoint(em: EntityManager, dir: string, ring: AuditKeyRing = auditKeyRing()): Promise<string | null> {
  const c = await takeCheckpoint(em, ring);
  const file = path.join(dir, `checkpoint-${c.lastId}.json`);
  if (fs.existsSync(file)) return null;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(c, null, 2)}\n`);
  return file;
}
