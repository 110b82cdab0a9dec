import fs from 'node:fs';
import path from 'node:path';
import { Kind, OperationDefinitionNode, parse, print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signDevToken } from '../../src/auth/tokens';
import { TestApi, config, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** Every block of the guide, in order: GraphQL run as the person it names (`# as:`), keeping what later blocks use (`# keep:`); the live-screen code run as written. */
const guide = fs.readFileSync(path.join(__dirname, '../../docs/api-guide.md'), 'utf8');
const blocks = [...guide.matchAll(/```(graphql|js|json)\n([\s\S]*?)```/g)].map((m, i) => ({ lang: m[1], text: m[2], index: i }));
const kept: Record<string, unknown> = {};

const at = (data: unknown, dotted: string) => dotted.split('.').reduce<any>((o, k) => o?.[k], data);
/** Every `userErrors` list in an answer (a mutation's refusals). */
const userErrorsIn = (x: unknown): unknown[] =>
  Array.isArray(x)
    ? x.flatMap(userErrorsIn)
    : x && typeof x === 'object'
      ? Object.entries(x).flatMap(([k, v]) => (k === 'userErrors' ? (v as unknown[]) : userErrorsIn(v)))
      : [];

describe('docs/api-guide.md', () => {
  it('has blocks, each GraphQL block saying who runs it', () => {
    expect(blocks.filter((b) => b.lang === 'graphql').length).toBeGreaterThanOrEqual(14);
    expect(blocks.filter((b) => b.lang === 'graphql' && !/^# as: \S+/m.test(b.text)).map((b) => b.text.slice(0, 60))).toEqual([]);
  });

  it.each(
    blocks.filter((b) => b.lang === 'graphql').map((b) => [/(?:query|mutation) (\w+)/.exec(b.text)?.[1] ?? `block ${b.index}`, b] as const),
  )('%s runs as written', async (_name, b) => {
    const as = /^# as: (\S+)/m.exec(b.text)![1];
    const person = as.startsWith('$') ? String(kept[as.slice(1)]) : as;
    const document = parse(b.text);
    for (const op of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
      const variables = Object.fromEntries(
        (op.variableDefinitions ?? []).map((v) => {
          const name = v.variable.name.value;
          if (!(name in kept)) throw new Error(`$${name} is not kept by an earlier block`);
          return [name, kept[name]];
        }),
      );
      const data = await api.as(person).request<Record<string, unknown>>(print(op), variables);
      expect(Object.values(data).every((v) => v !== null)).toBe(true);
      expect(userErrorsIn(data)).toEqual([]);
      for (const [, name, dotted] of (/^# keep: (.+)$/m.exec(b.text)?.[1] ?? '').matchAll(/(\w+) = ([\w.]+)/g)) {
        kept[name] = at(data, dotted);
        expect([name, kept[name]]).toEqual([name, expect.anything()]);
      }
    }
  });

  it('runs the live-screen code as written, and its quota meter answers', async () => {
    const [js] = blocks.filter((b) => b.lang === 'js');
    const [unit] = await api.db.query(`SELECT id FROM unit WHERE code = 'HT-TP-XTH'`);
    const logged: any[] = [];
    const code = js.text.replace(/^import .*$/gm, '').replace('ws://localhost:4000/graphql', api.url.replace(/^http/, 'ws'));
    const client = new Function('createClient', 'WebSocket', 'token', 'unitId', 'console', `${code}\nreturn client;`)(
      createClient,
      WebSocket,
      signDevToken('HT-TP-XTH-BT', config),
      Buffer.from(`Unit:${unit.id}`).toString('base64url'),
      { log: (x: unknown) => logged.push(x), error: (x: unknown) => logged.push({ error: x }) },
    );
    const deadline = Date.now() + 10_000;
    while (!logged.some((x) => x.data?.quotaMeter) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await client.dispose();
    expect(logged.find((x) => x.data?.quotaMeter).data.quotaMeter.figures).toEqual(
      expect.objectContaining({ eligible: expect.any(Number) }),
    );
    expect(logged.filter((x) => x.error || x.errors)).toEqual([]);
  });
});
