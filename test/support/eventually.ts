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
