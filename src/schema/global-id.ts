import { badInput } from '../errors';

/** Opaque global ids (`node(id:)`): base64url of `Type:dbId`. */
export function toGlobalId(type: string, dbId: string): string {
  return Buffer.from(`${type}:${dbId}`).toString('base64url');
}

export function fromGlobalId(id: string): { type: string; dbId: string } | null {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):(\d{1,18})$/.exec(decoded);
  return m ? { type: m[1], dbId: m[2] } : null;
}

/** Resolves a global id of the given type to a database id, or refuses with BAD_USER_INPUT. */
export function dbIdOf(id: string, type: string, field: string): string {
  const g = fromGlobalId(id);
  if (!g || g.type !== type) throw badInput(`${field}: not the id of a ${type}`, { [field]: id }, field);
  return g.dbId;
}
