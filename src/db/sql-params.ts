/** Collects positional parameters while a SQL statement is assembled, so no value is ever inlined. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
