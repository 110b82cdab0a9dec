import { forgetKept, timesForgotten } from '../../src/db/kept-across-requests';

/** Reads again until `done` holds or 5 s pass: another replica forgets what it kept when a notification reaches it. */
export async function eventually<T>(read: () => Promise<T>, done: (x: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  let x = await read();
  while (!done(x) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    x = await read();
  }
  return x;
}

/**
 * Reads an answer and its oracle again where they differ (at most three times): in the shared test database other files
 * import subjects and decide ratings while a test compares the two. A real difference stays; the last reading is returned.
 */
export async function agreeing<T>(read: () => Promise<{ actual: T; expected: T }>): Promise<{ actual: T; expected: T }> {
  let x = await read();
  for (let attempt = 1; attempt < 3 && JSON.stringify(x.actual) !== JSON.stringify(x.expected); attempt++) x = await read();
  return x;
}

/**
 * Runs `measure` until this process forgot nothing it kept across requests while it ran (the test's servers run in this
 * process): in the shared test database another file's import or post change makes every replica forget at any moment,
 * and a measurement that met it counts the statements that the forgetting added. Counted, not heard: listening for
 * `matrix_changed` itself, this missed a notification heard late, gave up after five disturbed attempts, and knew nothing
 * of a forgetting without one (the bus reopening); the hardening test failed so now and then in CI. `cold`: each
 * attempt starts with nothing kept.
 */
export async function withoutForgetting<T>(measure: () => Promise<T>, options: { cold?: boolean } = {}): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (options.cold) forgetKept();
    const before = timesForgotten();
    const x = await measure();
    if (timesForgotten() === before) return x;
    if (Date.now() > deadline) throw new Error('every measurement for 30 s met a forgetting of the values kept across requests');
  }
}
