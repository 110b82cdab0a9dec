/** Settings read once from the environment; every default is safe for a developer machine. */
export interface Config {
  port: number;
  databaseUrl: string | undefined;
  embeddedDataDir: string;
  embeddedPort: number;
  production: boolean;
  jwtSecret: string;
  jwtIssuer: string | undefined;
  jwksUrl: string | undefined;
  maxPageSize: number;
  bodyLimitBytes: number;
}

const DEV_SECRET = 'dev-only-secret-change-me-in-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET ?? (production ? '' : DEV_SECRET);
  if (production && !jwtSecret && !env.JWKS_URL) {
    throw new Error('JWT_SECRET or JWKS_URL must be set when NODE_ENV=production');
  }
  return {
    port: Number(env.PORT ?? 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    embeddedDataDir: env.EMBEDDED_PG_DIR ?? '.data/postgres',
    embeddedPort: Number(env.EMBEDDED_PG_PORT ?? 54329),
    production,
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwksUrl: env.JWKS_URL || undefined,
    maxPageSize: 100,
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 1_000_000),
  };
}
