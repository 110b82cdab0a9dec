import { spawn } from 'node:child_process';
import path from 'node:path';
import { newAuditKey } from '../../src/services/audit-keys';

/** Starts the built server with `env` until it is ready, then stops it; what it printed. */
function startAndStop(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [path.join(__dirname, '../../dist/src/main.js')], {
    env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL!, PORT: '0', SKIP_DEMO: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const read = (d: Buffer) => {
      out += d.toString();
      // The development help follows the ready line: wait for the process to go quiet after it.
      if (/GraphQL API ready/.test(out)) setTimeout(() => child.kill('SIGTERM'), 500);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', () => (/GraphQL API ready/.test(out) ? resolve(out) : reject(new Error(out))));
  });
}

/** A JSON web token as printed: three base64url parts, the header starting with {"alg" (eyJ). */
const TOKEN = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

describe('a production start', () => {
  it('hands out no token; a developer’s start prints one', async () => {
    const production = await startAndStop({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), AUDIT_KEYS: newAuditKey('prod-1') });
    expect(production).toMatch(/GraphQL API ready/);
    expect(production).not.toMatch(TOKEN);
    expect(production).not.toMatch(/npm run token/);
    const development = await startAndStop({ NODE_ENV: 'development', JWT_SECRET: 'd'.repeat(40) });
    expect(development).toMatch(TOKEN);
  }, 30000);
});
