/**
 * Collects positional parameters while a SQL statement is assembled, so no value is ever pasted into its text; a page's
 * read has them written in only as it is sent, quoted by the driver (db/values-written-in.ts).
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The first path after every path of the subtree whose path is `pathExpr`: paths end in '/', and in the C collation
 * '0' is the character right after it.
 */
export const pathEndSql = (pathExpr: string) => `left(${pathExpr}, -1) || '0'`;

/**
 * "`column` lies in the subtree whose path is `pathExpr`", as a range the path index can use even
 * when the path comes from another row (LIKE with a computed pattern cannot). Its upper bound calls
 * `left()` and `||`, which are not leakproof: on a table under row-level security the bound waits for
 * the policy's conditions and leaves the index range — there, make the bounds as values first (a
 * subquery kept apart by OFFSET 0, as the loaders' member count does).
 */
export const withinPath = (column: string, pathExpr: string) => `(${column} >= ${pathExpr} AND ${column} < ${pathEndSql(pathExpr)})`;

/** The id of the unit a path (`/1/7/12/`) ends at: 12. */
export const unitIdOfPath = (path: string): string => path.split('/').filter(Boolean).at(-1) as string;

/** The ids of the units on a path (`/1/7/12/`): the unit and its ancestors, as a bigint array for `= ANY(…)`. */
export const pathUnitIds = (pathExpr: string) => `string_to_array(trim(both '/' from ${pathExpr}), '/')::bigint[]`;

/** The first string after every string that starts with `prefix`, in the C collation. */
export const pathUpperBound = (prefix: string) => `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;

/**
 * "`column` starts with the literal `prefix`", as a range: an index range scan, and unlike LIKE the
 * comparison operators are leakproof, so PostgreSQL still uses the index under row-level security.
 */
export const underPrefix = (column: string, params: SqlParams, prefix: string) =>
  `(${column} >= ${params.add(prefix)} AND ${column} < ${params.add(pathUpperBound(prefix))})`;
