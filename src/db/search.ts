import { badInput } from '../errors';
import { SqlParams } from './sql-params';

/** Longer terms are refused: a name or a code is never this long, and a huge pattern costs every row it is tried on. */
export const MAX_SEARCH_LENGTH = 100;

/**
 * "Part of the text, or exactly the code", the term's own % and _ matched literally. Units' names are served by the
 * trigram index of migration 0010 (a GIN index answers ILIKE '%term%'); people and subjects are matched on the rows
 * of the caller's scope, which PostgreSQL reads first (migration 0042).
 */
export function searchCondition(params: SqlParams, term: string, textColumn: string, codeColumn: string): string {
  if (term.length > MAX_SEARCH_LENGTH) {
    throw badInput(
      `search: at most ${MAX_SEARCH_LENGTH} characters (you sent ${term.length})`,
      { length: term.length, max: MAX_SEARCH_LENGTH },
      'search',
    );
  }
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return `(${textColumn} ILIKE ${params.add(pattern)} OR ${codeColumn} = ${params.add(term)})`;
}
