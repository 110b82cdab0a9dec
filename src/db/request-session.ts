import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { apiError } from '../errors';
import { loadViewer } from '../policies/load-viewer';
import type { RequestPolicy } from '../policies/request-policy';
import { Viewer } from '../policies/viewer';
import { inSpan, SpanKind } from '../http/tracing';
import { runAgainIfRolledBack } from './run-again';
import { answeredLater, sendingWithNext } from './sent-with-next';
import { withoutLiterals } from './values-written-in';

/**
 * The database as one request sees it: a connection of the API pool (role `rating_api`, row-level
 * security on every people-related table) on which `enter` has set the caller's scope. It is the only
 * handle resolvers and services get: a query that forgets the application's scope still returns
 * nothing outside the caller's subtrees. The owner's pool is reached only through `bypassingScope`,
 * by name and for the callers its reason allows.
 */
export class RequestSession {
  private runner: QueryRunner | null = null;
  private viewer: Viewer | null = null;

  /** `statementBudget`: statements one request may run, so that a runaway plan or a hostile document cannot hold a connection for long. */
  constructor(
    private readonly api: DataSource,
    private readonly owner: DataSource,
    private readonly statementBudget: number,
  ) {}

  /** Loads the caller by person code with the posts held today, and sets their scope on the request's connection; null when unknown. */
  async enter(personCode: string, today: string): Promise<Viewer | null> {
    const runner = this.api.createQueryRunner();
    this.runner = runner;
    serialize((await runner.connect()) as PoolClient);
    runner.data = { statements: 0, budget: this.statementBudget };
    this.viewer = await loadViewer(runner.manager, personCode, today);
    return this.viewer;
  }

  /** True once the request has taken a connection (`enter`), until `end` gives it back. */
  get connected(): boolean {
    return this.runner !== null;
  }

  /** The scoped entity manager of the request (queries and transactions run on the caller's connection). */
  get em(): EntityManager {
    if (!this.runner || !this.viewer) throw apiError('UNAUTHENTICATED', 'A bearer token is required');
    return this.runner.manager;
  }

  /**
   * Runs `run` in a transaction on the caller's connection (a savepoint inside one already open). A transaction
   * rolled back as a deadlock's victim runs again (db/run-again.ts); a savepoint does not: its transaction decides.
   */
  transaction<T>(run: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.em;
    if (em.queryRunner?.isTransactionActive) return em.transaction(run);
    return runAgainIfRolledBack(() => em.transaction(run));
  }

  /** Runs `run` on the owner's pool, past row-level security: only for the operations named, and only for the callers the policy allows. */
  bypassingScope<T>(
    policy: RequestPolicy,
    reason: Parameters<RequestPolicy['bypass']>[0],
    run: (db: DataSource) => Promise<T>,
  ): Promise<T> {
    if (policy.viewer !== this.viewer || !policy.bypass(reason))
      throw apiError('FORBIDDEN', `${reason} is not open to you`, { needed: reason });
    return run(this.owner);
  }

  /**
   * Gives the connection back to the pool, with the caller's scope: the next request sets its own before its first
   * statement (policies/load-viewer.ts). A connection that cannot be reset is closed instead.
   */
  async end(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    this.viewer = null;
    if (!runner || runner.isReleased) return;
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      // A whole-country report turned parallel scans on for its request (db/parallel-scans.ts): back to the pool's setting.
      if ((runner.data as { parallelScans?: boolean }).parallelScans) await runner.query('RESET max_parallel_workers_per_gather');
      await runner.release();
    } catch (e) {
      await (runner as QueryRunner & { releasePostgresConnection(err: unknown): Promise<void> }).releasePostgresConnection(e);
    }
  }
}

const SERIALIZED = Symbol('serialized');

/**
 * The fields of one request resolve in parallel over one connection: their statements are queued
 * here, one after the other, as the connection runs them anyway (pg 8 queues them itself, with a
 * deprecation warning); statements no one waits for go with the next (db/sent-with-next.ts).
 * Done once per pooled connection.
 */
function serialize(client: PoolClient & { [SERIALIZED]?: true }): void {
  if (client[SERIALIZED]) return;
  client[SERIALIZED] = true;
  const query = sendingWithNext(client) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  client.query = ((...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
    // Boxed, so that the queue moves on once the statement is taken: a held statement is answered only when the next is sent.
    const taken = tail.then(() => ({
      result: inSpan(
        'sql',
        SpanKind.CLIENT,
        // A page's values are written into its text (db/values-written-in.ts): the trace keeps none of them.
        () => ({ 'db.system': 'postgresql', 'db.query.text': withoutLiterals(text.slice(0, 2000)).slice(0, 500) }),
        () => query(...args) as Promise<unknown>,
      ),
    }));
    const run = taken.then(({ result }) => result);
    tail = (answeredLater(args[0]) ? taken : run).catch(() => undefined);
    return run;
  }) as typeof client.query;
}
