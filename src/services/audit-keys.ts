import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A key of the audit chain: events are HMAC-SHA256 under it, and name it by id. The database never holds the secret. */
export interface AuditKey {
  id: string;
  secret: Buffer;
}

/** The keys a server knows: every event's key must be among them; new events use the current (last) one. */
export interface AuditKeyRing {
  current: AuditKey;
  byId: Map<string, AuditKey>;
}

export const MIN_AUDIT_KEY_BYTES = 32;

/** `AUDIT_KEYS=id:base64secret[,id:base64secret…]`, oldest first: the last is current, the others verify older events. */
export function parseAuditKeys(text: string): AuditKey[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at < 1) throw new Error(`AUDIT_KEYS: "${entry.slice(0, 12)}…" is not id:base64secret`);
      const secret = Buffer.from(entry.slice(at + 1), 'base64');
      if (secret.length < MIN_AUDIT_KEY_BYTES)
        throw new Error(`AUDIT_KEYS: key ${entry.slice(0, at)} has ${secret.length} bytes; at least ${MIN_AUDIT_KEY_BYTES} are needed`);
      return { id: entry.slice(0, at), secret };
    });
}

export function keyRing(keys: AuditKey[]): AuditKeyRing {
  if (keys.length === 0) throw new Error('an audit key ring needs at least one key');
  return { current: keys[keys.length - 1], byId: new Map(keys.map((k) => [k.id, k])) };
}

/** A new random key, as `AUDIT_KEYS` writes it. */
export function newAuditKey(id: string): string {
  return `${id}:${randomBytes(MIN_AUDIT_KEY_BYTES).toString('base64')}`;
}

/**
 * On a developer's machine without AUDIT_KEYS: a key generated once and kept in a file beside the
 * embedded database's data (never in the database), as AUDIT_KEYS would hold it. Production refuses to
 * start without AUDIT_KEYS (config.ts).
 */
export function developmentAuditKeys(file = path.resolve('.data/audit-key')): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, newAuditKey(`dev-${Date.now()}`), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

let ring: AuditKeyRing | null = null;

/** The key ring of this process, from AUDIT_KEYS or the development key file. */
export function auditKeyRing(): AuditKeyRing {
  ring ??= keyRing(parseAuditKeys(process.env.AUDIT_KEYS || developmentAuditKeys()));
  return ring;
}
