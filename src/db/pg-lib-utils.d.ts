/** pg's helpers module (pg 8: exported as `pg/lib/*`, not in its typings); db/pg-plain-objects.ts declares what it reaches. */
declare module 'pg/lib/utils' {
  const utils: object;
  export default utils;
}
