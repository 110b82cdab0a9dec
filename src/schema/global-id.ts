/** Opaque global ids (`node(id:)`): base64url of `Type:dbId`. */
export function toGlobalId(type: string, dbId: string): string {
  return Buffer.from(`${type}:${dbId}`).toString('base64url');
}

export function fromGlobalId(id: string): { type: string; dbId: string } | null {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):(\d{1,18})$/.exec(decoded);
  return m ? { type: m[1], dbId: m[2] } : null;
}
