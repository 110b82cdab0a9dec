import 'reflect-metadata';
import { GraphQLClient } from 'graphql-request';
import { DataSource } from 'typeorm';
import { signDevToken } from '../../src/auth/tokens';
import { Config, loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import '../../src/db/connect';
import { RunningServer, startHttpServer } from '../../src/http/server';

// Every operation compiled from its first run (graphql-jit): the whole suite checks the compiled execution, which serves
// an operation's later runs in production; its first run, by graphql-js, is checked in test/unit/compiled-execution.test.ts.
export const config = loadConfig({ ...process.env, JWT_SECRET: 'test-secret', NODE_ENV: 'test', COMPILE_OPERATIONS_AFTER: '0' });

export interface TestApi {
  url: string;
  db: DataSource;
  server: RunningServer;
  /** A graphql-request client acting as the person with this code (none: anonymous). */
  as(personCode?: string): GraphQLClient;
  close(): Promise<void>;
}

/** A real API server on a free port over the test database, as a client would meet it. */
export async function startTestApi(
  options: { production?: boolean; databaseUrl?: string; settings?: Partial<Config> } = {},
): Promise<TestApi> {
  const url = options.databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  const db = createDataSource(url, { poolSize: 5 });
  await db.initialize();
  // Two jest workers share one database on a 2-core CI machine: every audited write waits its turn for the
  // chain's head, so twelve parallel workflows can queue past the production default of 5 s for a connection.
  const server = await startHttpServer(
    db,
    { ...config, poolWaitMs: 30_000, ...(options.production ? { production: true } : {}), ...options.settings },
    0,
  );
  return {
    url: server.url,
    db,
    server,
    as: (personCode) =>
      new GraphQLClient(server.url, {
        headers: personCode ? { authorization: `Bearer ${signDevToken(personCode, config)}` } : {},
      }),
    close: async () => {
      await server.close();
      await db.destroy();
    },
  };
}

/** The top-level error code of a request that is refused for who the caller is (FORBIDDEN, NOT_FOUND), or null when it answered. */
export async function refusalOf(request: Promise<unknown>): Promise<string | null> {
  try {
    await request;
    return null;
  } catch (e) {
    const codes = errorCodes(e);
    if (!codes.length) throw e;
    return codes[0];
  }
}

/** The GraphQL error codes of a failed graphql-request call. */
export function errorCodes(e: unknown): string[] {
  const errors = (e as { response?: { errors?: { extensions?: { code?: string } }[] } }).response?.errors ?? [];
  return errors.map((x) => String(x.extensions?.code));
}

export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** A series' value on a server's `/metrics` (its name with its labels, as Prometheus writes them); NaN when absent. */
export async function metricOf(server: TestApi, series: string): Promise<number> {
  const text = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}
