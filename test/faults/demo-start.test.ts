import { spawn } from 'node:child_process';
import path from 'node:path';
import { signDevToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { scratchDatabase } from '../support/scratch-database';

/**
 * A first start on an empty database, as a new user meets it: the demo is loaded and its 2024 ratings
 * are taken through the API to realistic stages, so the screens, reports and documents show data.
 */
describe('the first start of the demo', () => {
  it('shows ratings published, decided, in progress and late in the demo ward', async () => {
    const scratch = await scratchDatabase('demo_start');
    const secret = 'demo-start-'.padEnd(40, 's');
    const child = spawn(process.execPath, [path.join(__dirname, '../../dist/src/main.js')], {
      env: { ...process.env, DATABASE_URL: scratch.url, PORT: '0', NODE_ENV: 'development', JWT_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const read = (d: Buffer) => {
          out += d.toString();
          const m = /GraphQL API ready: (\S+)/.exec(out);
          if (m) resolve(m[1]);
        };
        child.stdout!.on('data', read);
        child.stderr!.on('data', read);
        child.on('exit', () => reject(new Error(`the server exited:\n${out}`)));
      });
      expect(out).toMatch(/demo activity \(HT-TP-NH, 2024\): [1-9]\d* decided \([1-9]\d* published\), [1-9]\d* in progress/);
      const token = signDevToken('HT-TP-NH-BT', { ...loadConfig({ ...process.env, JWT_SECRET: secret }), jwtSecret: secret });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `{
        published: ratings(cycle: "2024", first: 1, stages: [PUBLISHED]) { totalCount nodes { documents { form { pdf } } } }
        decided: ratings(cycle: "2024", first: 1, stages: [DECIDED]) { totalCount }
        inProgress: ratings(cycle: "2024", first: 1, stages: [SELF_ASSESSED]) { totalCount }
        late: overdue(cycle: "2024", asOf: "2024-12-20", first: 1) { totalCount } }`,
        }),
      });
      const { data } = (await res.json()) as any;
      expect(data.published.totalCount).toBeGreaterThan(0);
      expect(data.decided.totalCount).toBeGreaterThan(0);
      expect(data.inProgress.totalCount).toBeGreaterThan(0);
      expect(data.late.totalCount).toBeGreaterThan(data.inProgress.totalCount);
      const pdf = await fetch(new URL(data.published.nodes[0].documents.form.pdf, url), { headers: { authorization: `Bearer ${token}` } });
      expect(pdf.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await scratch.drop();
    }
  }, 120_000);
});
