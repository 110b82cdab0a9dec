import { EntityManager } from 'typeorm';

/** PostgreSQL's default number of workers per parallel scan. */
export const PARALLEL_WORKERS = 2;

/**
 * Runs `run` where PostgreSQL may scan in parallel again: the API's sessions do not (API_SESSION_SETTINGS),
 * which suits pages; a whole-country report reads millions of tally rows, and took 160–170 ms in parallel
 * against 300–370 ms serially on the national database. Set once on the request's connection (one
 * statement), put back when the request ends (RequestSession.end).
 */
export async function withParallelScans<T>(em: EntityManager, run: (em: EntityManager) => Promise<T>): Promise<T> {
  const data = em.queryRunner?.data as { parallelScans?: boolean } | undefined;
  if (data && !data.parallelScans) {
    await em.query(`SET max_parallel_workers_per_gather = ${PARALLEL_WORKERS}`);
    data.parallelScans = true;
  }
  return run(em);
}
