import { createHash } from 'node:crypto';
import fs from 'node:fs';

/**
 * Trusted documents (persisted operations): in production a front-end registers at build time the
 * operations it sends, as an Apollo persisted-query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`,
 * `id` the SHA-256 of `body`). When configured, a request names an operation by its id
 * (`extensions.persistedQuery.sha256Hash`) or sends a document whose hash is listed; anything else is refused.
 */
export class TrustedDocuments {
  private constructor(private readonly byId: Map<string, string>) {}

  static load(file: string): TrustedDocuments {
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: string; operations?: { id: string; body: string }[] };
    if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
      throw new Error(`${file}: not an apollo-persisted-query-manifest`);
    }
    const byId = new Map<string, string>();
    for (const op of manifest.operations) {
      if (sha256(op.body) !== op.id) throw new Error(`${file}: operation ${op.id} does not hash to its id`);
      byId.set(op.id, op.body);
    }
    return new TrustedDocuments(byId);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The document a request may run: the listed one it names, or its own when listed; null when it is not trusted. */
  resolve(query: unknown, extensions: unknown): string | null {
    const named = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
    if (typeof named === 'string') {
      const body = this.byId.get(named);
      return body !== undefined && (query === undefined || query === body) ? body : null;
    }
    return typeof query === 'string' && this.byId.has(sha256(query)) ? query : null;
  }
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
