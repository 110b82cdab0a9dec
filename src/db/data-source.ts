import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from '../entities';
import { migrations } from '../../migrations';
import { StatementCounter } from './statement-counter';

export function createDataSource(url: string, options: { poolSize?: number; statementTimeoutMs?: number } = {}): DataSource {
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
    extra: { statement_timeout: options.statementTimeoutMs ?? 15000, application_name: 'rating-api' },
  });
}
