import fs from 'node:fs';
import path from 'node:path';
import { TestApi, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });

/** The documented examples marked `# as: CODE` run as that person and answer without errors. */
const guide = fs.readFileSync(path.join(__dirname, '../../docs/api-guide.md'), 'utf8');
const examples = [...guide.matchAll(/```graphql\n# as: (\S+)\n([\s\S]*?)```/g)].map((m) => ({ as: m[1], query: m[2], name: /query (\w+)/.exec(m[2])?.[1] ?? '?' }));

describe('docs/api-guide.md', () => {
  it('has runnable examples', () => expect(examples.length).toBeGreaterThanOrEqual(5));

  it.each(examples.map((e) => [e.name, e] as const))('%s runs', async (_name, e) => {
    const data = await api.as(e.as).request<Record<string, unknown>>(e.query);
    expect(Object.values(data).every((v) => v !== null)).toBe(true);
  });
});
