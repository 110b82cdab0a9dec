import { DocumentNode, visit } from 'graphql';
import { apiError } from '../errors';

/** A NUL or a lone UTF-16 surrogate: text PostgreSQL cannot store (it would fail deep inside a statement). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True for text PostgreSQL cannot store. */
export const unstorable = (text: string): boolean => UNSTORABLE.test(text);

function unstorablePath(value: unknown, path: string[]): string[] | null {
  if (typeof value === 'string') return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = unstorablePath(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses, before any SQL, a string argument or variable holding text that cannot be stored. */
export function rejectUnstorableText(source: string | undefined, document: DocumentNode, variables: Record<string, unknown>): void {
  const inVariables = unstorablePath(variables, ['variables']);
  let inLiterals = false;
  // A literal holds such text through a \u escape or raw (graphql-js 16 lexes a NUL or a lone surrogate as any character
  // within a string): a document with neither needs no walk.
  if (source === undefined || source.includes('\\u') || unstorable(source)) {
    visit(document, {
      StringValue(node) {
        if (unstorable(node.value)) inLiterals = true;
      },
    });
  }
  if (inVariables || inLiterals) {
    throw apiError('BAD_USER_INPUT', 'A string holds a NUL character or an unpaired surrogate, which cannot be stored', {
      field: inVariables ?? ['document'],
      http: { status: 400 },
    });
  }
}
