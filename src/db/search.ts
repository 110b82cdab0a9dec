import { badInput } from '../errors';
import { SqlParams } from './sql-params';

/** Longer terms are refused: a name or a code is never this long, and a huge pattern costs every row it is tried on. */
export const MAX_SEARCH_LENGTH = 100;

/**
 * "Part of the text, or exactly the code", the term's own % and _ matched literally. Units' names are served by the
 * trigram index of their folded names (migration 0048: a GIN index answers LIKE '%term%'); people and subjects are matched on the rows
 * of the caller's scope, which PostgreSQL reads first (migration 0042). The text is matched folded (`fold_name`,
 * migration 0048: folded as read, or `foldedColumn` where the rows keep it folded) without its diacritics when the term
 * is written without any ("nguyen" finds "Nguyễn") and as written otherwise ("Nguyễn" does not find "Nguyên"), case
 * aside either way; the folded match comes first, a byte-wise LIKE that leaves the ILIKE only the rows it passes.
 */
export function searchCondition(
  params: SqlParams,
  term: string,
  textColumn: string,
  codeColumn: string,
  foldedColumn = `fold_name(${textColumn})`,
): string {
  return `(${nameMatch(params, term, textColumn, foldedColumn)} OR ${codeColumn} = ${params.add(term)})`;
}

/** The name part of searchCondition alone: part of the text, folded or as written. */
export function nameMatch(params: SqlParams, term: string, textColumn: string, foldedColumn = `fold_name(${textColumn})`): string {
  if (term.length > MAX_SEARCH_LENGTH) {
    throw badInput(
      `search: at most ${MAX_SEARCH_LENGTH} characters (you sent ${term.length})`,
      { length: term.length, max: MAX_SEARCH_LENGTH },
      'search',
    );
  }
  const pattern = params.add(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const folded = `${foldedColumn} LIKE (SELECT fold_name(${pattern}))`;
  return isAscii(term) ? folded : `${folded} AND ${textColumn} ILIKE ${pattern}`;
}

/**
 * The names that match a search among those kept once (migration 0053), as an array: probed in the index of the name
 * each membership keeps (migration 0052) rather than matched on each of millions of rows.
 */
export const knownNamesMatching = (params: SqlParams, term: string) =>
  `ARRAY(SELECT k.name FROM known_name k WHERE ${nameMatch(params, term, 'k.name COLLATE "default"', 'k.folded')})`;

function isAscii(term: string): boolean {
  return [...term].every((c) => c.charCodeAt(0) < 0x80);
}
