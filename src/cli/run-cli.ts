/** Runs a command's main function and exits with its code; an unexpected error is printed and exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then((code) => process.exit(code), (e) => {
    console.error(e);
    process.exit(1);
  });
}
