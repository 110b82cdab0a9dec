import fs from 'node:fs';
import path from 'node:path';

/**
 * The safe path is the only path: code that serves a caller reaches the database only through the
 * request's session (src/db/request-session.ts: the API role, under row-level security, with the
 * caller's scope set). A raw pool (`DataSource`) is for what acts for no caller, and says so by where
 * it lives; passing the scope is by name (`bypassingScope`) and only for the operations listed.
 */
const SRC = path.join(__dirname, '../../src');

/** Where a raw pool may be named: connecting, the HTTP front that owns the pools, and operations for no caller. */
const RAW_POOL_ALLOWED = [
  'db/',
  'cli/',
  'generator/',
  'bench/',
  'main.ts',
  'http/server.ts',
  'demo/demo-activity.ts', // the first start: picks the demo's members as the owner, then acts through the API as them
  'http/documents.ts', // the download front: a request session per download, as http/server.ts per request
  'live/live-server.ts', // the socket front: a request session per event, as http/server.ts per request; LISTEN on the owner's URL
  'services/dataset-import.ts', // import: an administrator's file, or the demo at start
  'services/scheduled-reorganizations.ts', // reorganizations recorded ahead, applied on their day by a timer, for no caller
];
const BYPASS_ALLOWED: [string, string][] = [
  ['resolvers/import-resolver.ts', 'import'],
  ['resolvers/reorganization-resolver.ts', 'reorganize'],
  ['resolvers/reorganization-resolver.ts', 'reorganize'],
  ['resolvers/audit-resolver.ts', 'auditCheckpoint'],
  ['resolvers/audit-resolver.ts', 'verifyAuditChain'],
  ['resolvers/transfer-opinion-resolver.ts', 'transferOpinion'],
  ['resolvers/transfer-opinion-resolver.ts', 'transferOpinion'],
];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sources(SRC).map((f) => ({ rel: path.relative(SRC, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }));

describe('the safe path is the only path', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  it('names a raw pool (DataSource, createDataSource, connectDatabase, createQueryRunner) only where no caller is served', () => {
    const offenders = files
      .filter((f) => !RAW_POOL_ALLOWED.some((a) => f.rel === a || f.rel.startsWith(a)))
      .filter((f) =>
        /\bDataSource\b|createDataSource|connectDatabase|createQueryRunner|\.connection\.createQueryRunner/.test(
          f.text.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''),
        ),
      )
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('passes the scope by name only for the operations allowed', () => {
    const uses = files
      .flatMap((f) => [...f.text.matchAll(/bypassingScope\([^,]+, '(\w+)'/g)].map((m) => `${f.rel} ${m[1]}`))
      .filter((u) => !u.startsWith('db/request-session.ts'));
    expect(uses.sort()).toEqual(BYPASS_ALLOWED.map(([f, r]) => `${f} ${r}`).sort());
  });

  it('gives resolvers the request’s session only, never a pool of their own', () => {
    const resolvers = files.filter((f) => f.rel.startsWith('resolvers/'));
    expect(resolvers.length).toBeGreaterThan(8);
    const offenders = resolvers.filter((f) => /ctx\.db\b|from 'pg'|new Pool\(|new Client\(/.test(f.text)).map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('keeps SQL out of resolvers: they parse, call the data layer (src/data, src/reports, src/services) and shape', () => {
    const resolvers = files.filter((f) => f.rel.startsWith('resolvers/'));
    const offenders = resolvers
      .filter((f) => /\.query\(|PreparedStatement|SqlParams|keysetPage|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b/.test(f.text))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
