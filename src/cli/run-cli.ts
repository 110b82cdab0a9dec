/** Runs a command's main function and exits with its code; an unexpected error is printed (its message, never a bare `undefined`) and exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e instanceof Error ? e : `failed: ${e === undefined ? 'an error without a message (see the lines above)' : String(e)}`);
      process.exit(1);
    },
  );
}
