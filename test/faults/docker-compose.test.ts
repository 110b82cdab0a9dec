import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { signDevToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { newAuditKey } from '../../src/services/audit-keys';

const ROOT = path.join(__dirname, '../..');
/** Runs only where a Docker daemon answers (and compose is there); skipped otherwise. */
const docker =
  spawnSync('docker', ['info'], { timeout: 5000 }).status === 0 &&
  spawnSync('docker', ['compose', 'version'], { timeout: 5000 }).status === 0;
const JWT_SECRET = 'compose-smoke-'.padEnd(40, 'x');
const env = { ...process.env, JWT_SECRET, AUDIT_KEYS: newAuditKey('compose-1'), COMPOSE_PROJECT_NAME: 'rating-smoke' };
const compose = (...args: string[]) => spawnSync('docker', ['compose', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 900_000 });

(docker ? describe : describe.skip)('docker compose: PostgreSQL, two API replicas and a proxy', () => {
  afterAll(() => {
    compose('down', '-v');
  });

  it('comes up, answers through the proxy from both replicas, and serves the demo', async () => {
    const up = compose('up', '-d', '--build', '--wait');
    expect([up.status, up.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    const token = signDevToken('ADMIN001', { ...loadConfig({ ...process.env, JWT_SECRET }), jwtSecret: JWT_SECRET });
    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch('http://localhost:8080/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { code } cycles { code } }' }),
      });
      expect(res.status).toBe(200);
      expect((await res.json()).data.viewer.code).toBe('ADMIN001');
      upstreams.add(String(res.headers.get('x-upstream')));
    }
    expect(upstreams.size).toBe(2);
  }, 900_000);
});
