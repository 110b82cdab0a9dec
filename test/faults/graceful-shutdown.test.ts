import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { signDevToken } from '../../src/auth/tokens';
import { config } from '../support/api';

/** SIGTERM with requests in flight: every one is answered, then the process exits 0 and stops listening. */
describe('graceful shutdown', () => {
  it('drains the requests in flight and exits cleanly', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, '../../dist/src/main.js')], {
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, PORT: '0', SKIP_DEMO: 'true', JWT_SECRET: config.jwtSecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Everything the server prints, read to the end (an unread pipe would block it) and shown if an answer fails.
    let out = '';
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /GraphQL API ready: (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Heavy enough (about 100 ms with twenty at once) that all are being served when the signal comes.
    const body = JSON.stringify({
      query: '{ units(first: 100) { nodes { code memberCount children(first: 20) { nodes { code memberCount } } } } }',
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${signDevToken('ADMIN001', config)}` };
    // Twenty requests, each fully sent before the signal: they are in flight when it comes.
    const sent: Promise<void>[] = [];
    const inFlight = Array.from(
      { length: 20 },
      () =>
        new Promise<{ status: number; json: { errors?: unknown } }>((resolve, reject) => {
          const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
            let text = '';
            res.on('data', (d) => {
              text += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
          });
          req.on('error', reject);
          sent.push(new Promise((done) => req.on('finish', done)));
          req.end(body);
        }),
    );
    await Promise.all(sent);
    child.kill('SIGTERM');
    const answers = await Promise.all(inFlight).catch((e: Error) => {
      throw new Error(`${e.message}; the server printed:\n${out.slice(-3000)}`);
    });
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.every((a) => !a.json.errors)).toBe(true);
    expect(await exited).toBe(0);
    await expect(fetch(url, { method: 'POST', headers, body })).rejects.toThrow();
  }, 30000);
});
