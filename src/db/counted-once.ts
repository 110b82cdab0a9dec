/** Where a part of a searched list reads its rows, and what they must match there. */
export interface RowSource {
  from: string;
  match: string;
}

/**
 * The SQL of how many rows the sources of one list hold, `what` of them (`count(*)`, or a count of distinct keys), those
 * that `where` keeps: each source without the rows of the sources before it, so a row two sources find (a person found
 * by name and by code) counts once; a row whose test of another source is null was not found by it. The sources read the
 * same table under the same alias: each one's `match` is tested on the rows of the others.
 */
export const countedOnce = (sources: RowSource[], what: string, where: (s: RowSource) => string) =>
  `(${sources
    .map((s, i) => {
      const notBefore = sources.slice(0, i).map((b) => ` AND (${b.match}) IS NOT TRUE`);
      return `(SELECT ${what} FROM ${s.from} WHERE ${where(s)}${notBefore.join('')})`;
    })
    .join(' + ')})`;
