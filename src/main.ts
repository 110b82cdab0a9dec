import 'reflect-metadata';
import v8 from 'node:v8';
import { signDevToken } from './auth/tokens';
import { Config, loadConfig } from './config';
import { Database, connectDatabase } from './db/connect';
import { buildDemoDataset, DEMO } from './demo/demo-dataset';
import { runDemoActivity } from './demo/demo-activity';
import { analyzeTables } from './db/planner-statistics';
import { startHttpServer } from './http/server';
import { startTracing, stopTracing } from './http/tracing';
import { writeCheckpoint } from './services/audit-checkpoint';
import { importDataset } from './services/dataset-import';
import { applyDueReorganizations } from './services/scheduled-reorganizations';

/**
 * The old generation grows by at most twice what survived its last collection, where V8 lets it grow up to fourfold
 * when collections are cheap: at ten connections the API's peak resident memory went from 279–291 MB to 184–193 MB,
 * its throughput and a decision's p50 within the noise of runs side by side (docs/performance.md, "session 24").
 */
v8.setFlagsFromString('--heap-growing-percent=100');

/** `npm start`: database (embedded unless DATABASE_URL), migrations, demo data when empty, then the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  startTracing({ endpoint: config.otelEndpoint });
  const database = await connectDatabase(config);
  try {
    await serve(config, database);
  } catch (e) {
    await database.close();
    throw e;
  }
}

async function serve(config: Config, database: Database): Promise<void> {
  console.log(
    `database: ${database.embedded ? `embedded PostgreSQL (${config.embeddedDataDir}, port ${new URL(database.url).port})` : 'DATABASE_URL'}`,
  );
  const [{ n }] = await database.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM unit');
  const loadDemo = n === 0 && process.env.SKIP_DEMO !== 'true';
  if (loadDemo) {
    const started = Date.now();
    console.log('empty database: loading the demo dataset…');
    const outcome = await importDataset(database.db, buildDemoDataset(), { progress: (line) => console.log(`  ${line}`) });
    if (!outcome.ok)
      throw new Error(
        `demo dataset refused: ${outcome.problems
          .slice(0, 5)
          .map((p) => `${p.path}: ${p.message}`)
          .join('; ')}`,
      );
    console.log(`demo dataset loaded in ${Date.now() - started} ms`);
  }
  const server = await startHttpServer(database.db, config);
  // The demo's 2024 ratings at realistic stages, taken through the API itself, so that reports and documents show data from the first start.
  if (loadDemo) {
    // Not a reason to stop the server: with tokens from an identity provider (JWKS_URL) the demo cannot act as its people.
    await runDemoActivity(server.url, config, database.db, (line) => console.log(line)).catch((e: Error) =>
      console.error(`demo activity skipped: ${e.message}`),
    );
    // The ratings it opened are too few for autovacuum to count them.
    await analyzeTables(database.db);
  }
  const checkpoints = startCheckpoints(config, database);
  const reorganizations = startScheduledReorganizations(database);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and stopping…`);
    if (checkpoints) clearInterval(checkpoints);
    clearInterval(reorganizations);
    await server.close();
    await database.close();
    await stopTracing();
    process.exit(0);
  };
  // Before the server says it is ready: a signal that came first would otherwise kill it outright, cutting the
  // connections already accepted (seen under load: the process was descheduled between the two).
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  console.log(`\nGraphQL API ready: ${server.url}   (GraphiQL in a browser; health at /healthz)\n`);
  // A token is printed on a developer's machine only: in production no one is handed one.
  if (!config.production) printDevelopmentHelp(server.url, config);
}

/** Signed checkpoints of the audit chain written to AUDIT_CHECKPOINT_DIR now and every AUDIT_CHECKPOINT_MINUTES, for copying elsewhere. */
function startCheckpoints(config: Config, database: Database): NodeJS.Timeout | null {
  const dir = config.auditCheckpointDir;
  if (!dir) return null;
  const write = () =>
    writeCheckpoint(database.db.manager, dir)
      .then((file) => {
        if (file) console.log(`audit checkpoint written: ${file}`);
      })
      .catch((e) => console.error(`audit checkpoint not written: ${(e as Error).message}`));
  void write();
  return setInterval(write, config.auditCheckpointMinutes * 60_000).unref();
}

/**
 * Reorganizations recorded ahead are applied on their day: now, and every minute after. Every replica runs this;
 * each operation is taken by one (services/scheduled-reorganizations.ts).
 */
function startScheduledReorganizations(database: Database): NodeJS.Timeout {
  const run = () =>
    applyDueReorganizations(database.db, new Date().toISOString().slice(0, 10))
      .then(({ applied, refused }) => {
        if (applied || refused) console.log(`scheduled reorganizations: ${applied} applied, ${refused} refused on their day`);
      })
      .catch((e) => console.error(`scheduled reorganizations not applied: ${(e as Error).message}`));
  void run();
  return setInterval(run, 60_000).unref();
}

function printDevelopmentHelp(url: string, config: Config): void {
  const example = signDevToken(DEMO.admin, config);
  console.log(`Get a token for any person code (demo: ${DEMO.admin} administrator, ${DEMO.citySecretary} city party secretary, ${DEMO.wardSecretary} a ward secretary):
  npm run token -- ${DEMO.admin}

Example (administrator token, valid 8 hours):
  curl -s ${url} -H 'content-type: application/json' \\
    -H 'authorization: Bearer ${example}' \\
    -d '{"query":"{ unit(code: \\"HT-TP\\") { name children(first: 10) { totalCount nodes { code name kind memberCount } } } }"}'
`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
