import { signDevToken } from '../../src/auth/tokens';
import { COUNT_HEADER } from '../../src/db/statement-counter';
import { TestApi, config, postRaw, startTestApi } from '../support/api';
import { withoutForgetting } from '../support/eventually';
import { Workflow, plainMembers } from '../support/workflow';
import { dbIdOf } from '../support/ids';

let api: TestApi;
let prod: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  prod = await startTestApi({ production: true });
});
afterAll(async () => {
  await api.close();
  await prod.close();
});

const asAdmin = { authorization: `Bearer ${signDevToken('ADMIN001', config)}` };
const post = (query: string, variables?: object, target = api) => postRaw(target.url, JSON.stringify({ query, variables }), asAdmin);

describe('hostile queries are refused before any SQL runs', () => {
  it('refuses a query deeper than the limit', async () => {
    const deep = `{ unit(code: "HT") { ${'parent { '.repeat(12)} code ${'} '.repeat(12)} } }`;
    const res = await post(deep);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'DEPTH', figures: { depth: 14, maxDepth: 12 } });
    expect(res.json.extensions.sqlStatements).toBe(0);
  });

  it('refuses a query whose pages multiply past the cost limit, aliases included', async () => {
    const nested = await post(
      `{ units(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { code } } } } } } }`,
    );
    expect(nested.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'COST', figures: { maxCost: 20000 } });
    expect(nested.json.extensions.sqlStatements).toBe(0);
    const one = `units(first: 100) { nodes { members(first: 100) { nodes { status } } } }`;
    const aliased = await post(`{ a: ${one} b: ${one} c: ${one} }`);
    expect(aliased.json.errors[0].extensions.figures.cost).toBeGreaterThan(20000);
    expect(aliased.json.extensions.sqlStatements).toBe(0);
  });

  it('costs a document by its numbers, whatever its strings, and refuses a wrong string after the same document was measured', async () => {
    const query = `query Pages($n: Int!, $s: [Stage!]) { ratings(cycle: "2024", first: $n, stages: $s) { totalCount } }`;
    const good = await post(query, { n: 3, s: ['OPEN'] });
    expect(good.json.errors).toBeUndefined();
    expect(good.json.extensions.cost.requested).toBe(4);
    expect((await post(query, { n: 3, s: ['DECIDED'] })).json.extensions.cost.requested).toBe(4);
    // The same strings' places, another number: measured again.
    expect((await post(query, { n: 30, s: ['OPEN'] })).json.extensions.cost.requested).toBe(31);
    const wrong = await post(query, { n: 3, s: ['FOO'] });
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors[0]).toMatchObject({ message: expect.stringContaining('"FOO"'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(wrong.json.data).toBeUndefined();
  });

  it('refuses batched operations (an array of queries in one request), which would escape the per-operation cost', async () => {
    const res = await postRaw(api.url, JSON.stringify([{ query: '{ cycles { code } }' }, { query: '{ cycles { code } }' }]), asAdmin);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).not.toContain('"code":"2024"');
  });

  it('reports the cost of every answered query', async () => {
    const res = await post(`{ units(first: 10) { nodes { code } } }`);
    expect(res.json.extensions.cost).toEqual({ requested: 21, limit: 20000 });
  });
});

describe('bad input gets a clear error, never a 500', () => {
  it.each([
    ['a variable of the wrong type', `query($n: Int!) { units(first: $n) { totalCount } }`, { n: 'ten' }, 'BAD_USER_INPUT'],
    ['an unknown field', `{ units(first: 1) { nodes { colour } } }`, undefined, 'BAD_USER_INPUT'],
    ['an enum value that does not exist', `{ units(first: 1, kinds: [VILLAGE]) { totalCount } }`, undefined, 'BAD_USER_INPUT'],
    ['a query that does not parse', `{ units(first: 1 { totalCount } }`, undefined, 'BAD_USER_INPUT'],
    ['a page of zero', `{ units(first: 0) { totalCount } }`, undefined, 'BAD_USER_INPUT'],
    ['a forged global id', `{ units(first: 1, within: "Zm9vOjE") { totalCount } }`, undefined, 'BAD_USER_INPUT'],
    ['a date that does not exist', `{ overdue(cycle: "2024", asOf: "2024-02-30", first: 1) { totalCount } }`, undefined, 'BAD_USER_INPUT'],
    ['an unknown cycle', `{ myScope(cycle: "1890") { kind } }`, undefined, 'BAD_USER_INPUT'],
    [
      'a review date that does not exist',
      `mutation { recordReview(input: { rating: "UmF0aW5nOjE", heldOn: "2024-02-30" }) { userErrors { code } } }`,
      undefined,
      'BAD_USER_INPUT',
    ],
    [
      'a ratings filter on a unit that does not exist',
      `{ ratings(cycle: "2024", first: 5, within: "VW5pdDo5OTk5OTk5") { totalCount } }`,
      undefined,
      'BAD_USER_INPUT',
    ],
  ])('%s', async (_label, query, variables, code) => {
    const res = await post(query, variables);
    expect(res.status).toBeLessThan(500);
    expect(res.json.errors[0].extensions.code).toBe(code);
    expect(JSON.stringify(res.json)).not.toMatch(/SELECT|stacktrace|at \w+ \(/);
  });
});

describe('production mode', () => {
  it('turns introspection off and gives no schema hints', async () => {
    const intro = await post(`{ __schema { types { name } } }`, undefined, prod);
    expect(intro.json.errors[0].message).toMatch(/introspection/i);
    const typo = await post(`{ unitt(code: "HT") { name } }`, undefined, prod);
    expect(typo.json.errors[0].message).not.toMatch(/Did you mean/);
    const dev = await post(`{ unitt(code: "HT") { name } }`);
    expect(dev.json.errors[0].message).toMatch(/Did you mean/);
  });

  it('counts SQL statements only when the request asks (counting slows the whole process)', async () => {
    // The unit is kept across requests; its members are counted by a statement of their own (the caller's scope
    // set first on a connection that does not hold it).
    const query = JSON.stringify({ query: `{ unit(code: "HT") { name memberCount } }` });
    const plain = await postRaw(prod.url, query, asAdmin);
    expect(plain.json.data.unit.name).toBeTruthy();
    expect(plain.json.extensions.sqlStatements).toBeUndefined();
    // Counting again after a counted request ended, and concurrent counted requests keep their own tallies: each
    // counts its own statements, and the caller's scope where its connection did not hold it. Another file's import
    // meanwhile makes the replica forget the unit and count more: measured again then (withoutForgetting), each time
    // after a request that keeps the unit and the caller again.
    const asked = () =>
      postRaw(prod.url, query, { ...asAdmin, [COUNT_HEADER]: '1' }).then((r) => r.json.extensions.sqlStatements as number);
    const { counted, counts } = await withoutForgetting(async () => {
      await postRaw(prod.url, query, asAdmin);
      return { counted: await asked(), counts: await Promise.all([asked(), asked()]) };
    });
    expect(counted).toBeGreaterThanOrEqual(1);
    for (const n of counts) expect([counted, counted + 1]).toContain(n);
    expect((await postRaw(prod.url, query, asAdmin)).json.extensions.sqlStatements).toBeUndefined();
  });
});

describe('acting outside one’s scope', () => {
  it('is answered as a missing id for an outsider, refused and recorded in the audit trail for one who may see', async () => {
    const w = new Workflow(api, '2023');
    const [m] = await plainMembers(api, 'HT-TP-NH-CB05', 1);
    const r = await w.proposedMember(m);
    // Another ward's secretary: the same answer as for an id that does not exist.
    const outsider = await w.decide('HT-TP-BH-BT', r.id, 'EXCELLENT');
    const missing = await w.decide('HT-TP-BH-BT', Buffer.from('Rating:999999999').toString('base64url'), 'EXCELLENT');
    expect(outsider).toEqual(missing);
    expect(outsider.refused.code).toBe('NOT_FOUND');
    // The member himself sees his rating but may not decide it.
    const refused = await w.decide(m, r.id, 'EXCELLENT');
    expect(refused.refused.code).toBe('FORBIDDEN');
    const ratingId = dbIdOf(r.id);
    const [event] = await api.db.query(
      `SELECT e.action, p.code AS actor, e.after FROM audit_event e JOIN person p ON p.id = e.actor_person_id WHERE e.entity = 'rating' AND e.entity_id = $1 AND e.action = 'refused'`,
      [ratingId],
    );
    expect(event).toMatchObject({ action: 'refused', actor: m });
    const [{ stage }] = await api.db.query(`SELECT stage FROM rating WHERE id = $1`, [ratingId]);
    expect(stage).toBe('PROPOSED');
  });
});
