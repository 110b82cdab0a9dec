/** The driver's own conversion of a parameter to its text (pg 8), which it does not declare. */
declare module 'pg/lib/utils' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
