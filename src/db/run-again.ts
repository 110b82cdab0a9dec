/** SQLSTATEs of a transaction PostgreSQL rolled back that may succeed when run again: deadlock, serialization failure. */
const RUN_AGAIN = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/** Whether PostgreSQL rolled the transaction back for a conflict that running it again may clear (by SQLSTATE, in any language). */
export const rolledBackByConflict = (e: unknown): boolean => RUN_AGAIN.has((e as { code?: unknown } | null)?.code as string);

/**
 * Runs a whole transaction (`attempt` begins and commits it) again when PostgreSQL chose it as a deadlock's victim
 * or could not serialize it: it was rolled back whole, and the other transaction has gone on. Three attempts in all;
 * any other error, or the third failure, goes on to the caller.
 */
export async function runAgainIfRolledBack<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n === ATTEMPTS || !rolledBackByConflict(e)) throw e;
    }
  }
}
