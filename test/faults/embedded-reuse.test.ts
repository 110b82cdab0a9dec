import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const DIST = path.join(__dirname, '../../dist/src');

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The built server on the embedded PostgreSQL of `dir`, until it says it is ready; what it printed so far, live. */
function start(env: Record<string, string>): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [path.join(DIST, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const read = (d: Buffer) => {
      out += d.toString();
      if (/GraphQL API ready/.test(out)) resolve({ child, out: () => out });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', () => reject(new Error(`the server exited before it was ready:\n${out}`)));
  });
}

describe('the embedded PostgreSQL beside a running server, and after a crash', () => {
  it('lets a CLI use the server’s database, and a start after a crash adopt the orphan and stop it at the end', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-reuse-'));
    fs.chmodSync(dir, 0o755); // initdb runs as the unprivileged postgres user
    const data = path.join(dir, 'postgres');
    const env = {
      ...process.env,
      DATABASE_URL: '',
      EMBEDDED_PG_DIR: data,
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: '0',
      SKIP_DEMO: 'true',
      NODE_ENV: 'development',
    } as Record<string, string>;
    delete env.DATABASE_URL;
    const first = await start(env);
    try {
      // The import (a dry run) reaches the running server's database instead of starting a second one on the same files.
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [path.join(DIST, 'cli/import.js'), path.join(__dirname, '../../docs/examples/dataset.yaml'), '--dry-run'],
        { env, timeout: 60_000 },
      );
      expect(stderr).toMatch(/using the embedded PostgreSQL of process \d+/);
      expect(stdout).toMatch(/valid \(dry run, nothing written\)/);
      // The generator reaches the same server at its bulk-load URL (TCP on the loopback, db/embedded-postgres.ts) and loads it.
      const generated = await promisify(execFile)(process.execPath, [path.join(DIST, 'cli/generate.js'), '--scale', '300'], {
        env,
        timeout: 60_000,
      });
      expect(generated.stderr).toMatch(/using the embedded PostgreSQL of process \d+/);
      expect(generated.stdout).toMatch(/generated in [\d.]+ s/);
      expect(generated.stdout).toMatch(/membership\s+[1-9]/);
    } finally {
      // A crash: the server dies without stopping its database.
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
    }
    const postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(postmaster)).toBe(true);

    const second = await start(env);
    expect(second.out()).toMatch(new RegExp(`adopting the embedded PostgreSQL left running by a process that ended \\(pid ${postmaster}`));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    const deadline = Date.now() + 10_000;
    while (alive(postmaster) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(postmaster)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
