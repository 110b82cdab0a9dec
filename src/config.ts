import { parseAuditKeys } from './services/audit-keys';

/** Settings read once from the environment; every default is safe for a developer machine. */
export interface Config {
  port: number;
  databaseUrl: string | undefined;
  embeddedDataDir: string;
  embeddedPort: number;
  production: boolean;
  jwtSecret: string;
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  jwksUrl: string | undefined;
  maxPageSize: number;
  bodyLimitBytes: number;
  /** An OTLP/HTTP collector for OpenTelemetry traces; unset: no traces. */
  otelEndpoint: string | null;
  /** A persisted-operations manifest: when set, only its operations are served (trusted documents). */
  trustedDocuments: string | null;
  /** How long a request waits for a free database connection before SERVICE_UNAVAILABLE. */
  poolWaitMs: number;
  /** How often a live screen's overdue list is checked again (the clock moves without any event). */
  overduePollMs: number;
  /** The most subscriptions one live connection may hold at once (each keeps a listener and a queue). */
  liveSubscriptionsPerSocket: number;
  /** Rows read per statement while a long table is downloaded (the audit of delegated decisions). */
  documentPageRows: number;
  /** Connections of the API's pool: each request holds one while it runs. */
  apiPoolSize: number;
  /**
   * How long a connection of the API's pool may sit idle before it is closed. A new connection costs the next request
   * about 100 ms (PostgreSQL loads its catalogs and plans each prepared statement anew), so they are kept for minutes.
   */
  apiPoolIdleMs: number;
  /** The most SQL statements one request may run (STATEMENT_BUDGET_EXCEEDED past it). */
  statementBudget: number;
  /** Where signed checkpoints of the audit chain are written at intervals (unset: on demand only). */
  auditCheckpointDir: string | undefined;
  auditCheckpointMinutes: number;
  /** A line of JSON per request on standard output (ACCESS_LOG=on): off unless asked, it costs a tenth of the trivial query's throughput. */
  accessLog: boolean;
  /**
   * How many times an operation runs by graphql-js before it is compiled (graphql-jit, http/compiled-execution.ts);
   * COMPILE_OPERATIONS_AFTER=never keeps every operation on graphql-js.
   */
  compileOperationsAfter: number;
}

/** Published in this repository: fine on a developer's machine, refused in production. */
export const DEV_SECRET = 'dev-only-secret-change-me-in-production';
const MIN_SECRET_BYTES = 32;

export class ConfigError extends Error {}

function runsBeforeCompiling(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (value === 'never') return Infinity;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`COMPILE_OPERATIONS_AFTER must be a whole number of runs or "never", not "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET ?? (production ? '' : DEV_SECRET);
  if (production) {
    if (!jwtSecret && !env.JWKS_URL) throw new ConfigError('JWT_SECRET or JWKS_URL must be set when NODE_ENV=production');
    if (jwtSecret === DEV_SECRET)
      throw new ConfigError('JWT_SECRET is the development secret published in the repository: set a secret of your own');
    const bytes = Buffer.byteLength(jwtSecret, 'utf8');
    if (jwtSecret && bytes < MIN_SECRET_BYTES)
      throw new ConfigError(`JWT_SECRET has ${bytes} bytes; production needs at least ${MIN_SECRET_BYTES}`);
    // The audit chain is keyed with a secret the database does not hold: without one, whoever writes to the database could rewrite it.
    if (!env.AUDIT_KEYS)
      throw new ConfigError('AUDIT_KEYS must be set when NODE_ENV=production (id:base64secret of at least 32 bytes; see the README)');
  }
  if (env.AUDIT_KEYS) {
    try {
      parseAuditKeys(env.AUDIT_KEYS);
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
  }
  return {
    port: Number(env.PORT ?? 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDataDir: env.EMBEDDED_PG_DIR ?? '.data/postgres',
    embeddedPort: Number(env.EMBEDDED_PG_PORT ?? 54329),
    production,
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwtAudience: env.JWT_AUDIENCE || undefined,
    jwksUrl: env.JWKS_URL || undefined,
    maxPageSize: 100,
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 1_000_000),
    otelEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || null,
    trustedDocuments: env.TRUSTED_DOCUMENTS || null,
    poolWaitMs: Number(env.POOL_WAIT_MS ?? 5000),
    overduePollMs: Number(env.OVERDUE_POLL_MS ?? 60_000),
    liveSubscriptionsPerSocket: Number(env.LIVE_SUBSCRIPTIONS_PER_SOCKET ?? 100),
    documentPageRows: Number(env.DOCUMENT_PAGE_ROWS ?? 10_000),
    apiPoolSize: Number(env.API_POOL_SIZE ?? 10),
    apiPoolIdleMs: Number(env.API_POOL_IDLE_MS ?? 600_000),
    statementBudget: Number(env.STATEMENT_BUDGET ?? 2000),
    auditCheckpointDir: env.AUDIT_CHECKPOINT_DIR || undefined,
    auditCheckpointMinutes: Number(env.AUDIT_CHECKPOINT_MINUTES ?? 60),
    accessLog: env.ACCESS_LOG === 'on',
    compileOperationsAfter: runsBeforeCompiling(env.COMPILE_OPERATIONS_AFTER),
  };
}
