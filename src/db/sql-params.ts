/** Collects positional parameters while a SQL statement is assembled, so no value is ever inlined. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * "`column` lies in the subtree whose path is `pathExpr`", as a range the path index can use even
 * when the path comes from another row (LIKE with a computed pattern cannot): paths end in '/',
 * and in the C collation '0' is the character right after it.
 */
export const withinPath = (column: string, pathExpr: string) => `(${column} >= ${pathExpr} AND ${column} < left(${pathExpr}, -1) || '0')`;
