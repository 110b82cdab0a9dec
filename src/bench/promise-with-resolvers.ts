/**
 * `Promise.withResolvers` (ES2024), which PostGraphile 5 calls and Node 20 lacks. Imported first, and
 * only by the PostGraphile baseline's own process: the API itself never changes a global.
 */
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};
