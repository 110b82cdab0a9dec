import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from '../entities';
import { migrations } from '../../migrations';
import { StatementCounter } from './statement-counter';

/**
 * The planner's cost of starting parallel workers, for the API's sessions. PostgreSQL's default (1000)
 * makes it start workers for a scoped page on a national database, where starting them costs more than
 * the page's whole work: the page's SQL took 9–11 ms with them and 3.4–6 ms without (the median of 20,
 * docs/performance.md); the national report, whose scans are large, still runs in parallel.
 */
export const API_SESSION_SETTINGS = '-c parallel_setup_cost=5000';

/**
 * A pool on `url`. With `role`, every connection runs as that role from its start (the API's pool runs
 * as `rating_api`, under row-level security); without, as the login user (owner: migrations, import).
 * `waitMs` bounds the wait for a free connection: past it the request fails with SERVICE_UNAVAILABLE.
 */
export function createDataSource(
  url: string,
  options: { poolSize?: number; statementTimeoutMs?: number; role?: string; waitMs?: number } = {},
): DataSource {
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
      statement_timeout: options.statementTimeoutMs ?? 15000,
      application_name: options.role ? 'rating-api' : 'rating-owner',
      ...(options.role ? { options: `-c role=${options.role} ${API_SESSION_SETTINGS}` } : {}),
      ...(options.waitMs ? { connectionTimeoutMillis: options.waitMs } : {}),
    },
  });
}
