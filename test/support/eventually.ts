import { Client } from 'pg';

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
 * Runs `measure` until no `matrix_changed` notification arrived while it ran (at most five times): in the shared test
 * database another file's import makes every replica forget what it kept at any moment, and a measurement that met
 * one counts statements that the forgetting added.
 */
export async function withoutForgetting<T>(databaseUrl: string, measure: () => Promise<T>): Promise<T> {
  const listener = new Client({ connectionString: databaseUrl });
  await listener.connect();
  let heard = 0;
  listener.on('notification', () => (heard += 1));
  await listener.query('LISTEN matrix_changed');
  // A notification committed just before the LISTEN is not heard here, but may reach the replica during the first
  // measurement (the rule packs' test failed so once in CI): it has time to arrive before measuring starts.
  await new Promise((r) => setTimeout(r, 100));
  try {
    for (let attempt = 1; ; attempt++) {
      const before = heard;
      const x = await measure();
      // A notification sent during the measurement reaches this listener about when it reaches the replica.
      await new Promise((r) => setTimeout(r, 50));
      if (heard === before || attempt === 5) return x;
    }
  } finally {
    await listener.end();
  }
}
