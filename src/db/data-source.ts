import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { entities } from '../entities';
import { migrations } from '../../migrations';
import { StatementCounter } from './statement-counter';
import { pgObjectsAsPlainObjects } from './pg-plain-objects';

/**
 * The API's sessions scan serially and compile no expressions. Under row-level security the planner cannot
 * see the scope's bounds (settings read at run time) and expects thousands of rows where a commune's page
 * reads a few hundred: its estimates then crossed the thresholds for parallel workers and for JIT, whose
 * start cost more than the statement's whole work. On the national database the page's SQL as a secretary
 * took 20.9 ms with workers, 7.1 ms without (the median of 15), and the quota meter's count 51 ms, 46 of
 * them compiling 53 functions. A whole-country report asks for workers back (db/parallel-scans.ts); JIT
 * gained it nothing (155–228 ms without, 178–258 ms with).
 */
export const API_SESSION_SETTINGS = '-c max_parallel_workers_per_gather=0 -c jit=off';

/**
 * The pools' connection. pg's pool hears a connection's 'error' only while the connection is idle; one lost while a request
 * holds it between two statements (a restart, an administrator ending the backend) emitted 'error' to no one, and an
 * unheard 'error' ends the process (the PostgreSQL restart fault test met it). Heard here, the loss is told by the
 * connection's next statement, which fails (SERVICE_UNAVAILABLE), and the pool drops the connection when it comes back.
 */
class PoolConnection extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * A pool on `url`. With `role`, every connection runs as that role from its start (the API's pool runs
 * as `rating_api`, under row-level security); without, as the login user (owner: migrations, import).
 * `waitMs` bounds the wait for a free connection: past it the request fails with SERVICE_UNAVAILABLE. `idleMs`: how long
 * an idle connection stays open (0: until the pool ends; pg's default, 10 s, when unset).
 */
export function createDataSource(
  url: string,
  options: { poolSize?: number; statementTimeoutMs?: number; role?: string; waitMs?: number; idleMs?: number } = {},
): DataSource {
  pgObjectsAsPlainObjects();
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: ['query'],
    logger: new StatementCounter(),
    maxQueryExecutionTime: process.env.SLOW_SQL_MS ? Number(process.env.SLOW_SQL_MS) : undefined,
    poolSize: options.poolSize ?? 10,
    extra: {
      Client: PoolConnection,
      statement_timeout: options.statementTimeoutMs ?? 15000,
      application_name: options.role ? 'rating-api' : 'rating-owner',
      ...(options.role ? { options: `-c role=${options.role} ${API_SESSION_SETTINGS}` } : {}),
      ...(options.waitMs ? { connectionTimeoutMillis: options.waitMs } : {}),
      ...(options.idleMs !== undefined ? { idleTimeoutMillis: options.idleMs } : {}),
    },
  });
}
