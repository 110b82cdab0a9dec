import fc from 'fast-check';
import { ExistingData, validateDataset } from '../../src/dataset/validate';
import { signDevToken } from '../../src/auth/tokens';
import { TestApi, config, postRaw, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const nothingStored: ExistingData = {
  units: new Map(),
  bodies: new Set(),
  collectives: new Set(),
  people: new Set(),
  cycles: new Set(),
  rulePacks: new Set(['QD124-2024']),
};
const anyJson = fc.jsonValue({ maxDepth: 4 });

describe('generative tests', () => {
  it('the dataset validator never throws: any input gives problems with paths or a dataset', () => {
    const record = fc.dictionary(
      fc.constantFrom('code', 'name', 'kind', 'parent', 'unit', 'person', 'branch', 'status', 'admittedOn', 'startsOn', 'subject', 'extra'),
      anyJson,
    );
    const file = fc.record(
      {
        version: fc.oneof(fc.constant(1), anyJson),
        units: fc.array(record, { maxLength: 5 }),
        people: fc.array(record, { maxLength: 5 }),
        posts: fc.array(record, { maxLength: 5 }),
        memberships: fc.array(record, { maxLength: 5 }),
        delegations: fc.array(record, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(file, anyJson), (input) => {
        const { problems, dataset } = validateDataset(input, nothingStored);
        expect(dataset === null).toBe(problems.length > 0);
        for (const p of problems) {
          expect(typeof p.path).toBe('string');
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the API never answers 5xx nor leaks SQL to random operations and arguments', async () => {
    const auth = { authorization: `Bearer ${signDevToken('HT-TP-NH-BT', config)}` };
    const arg = fc.oneof(
      fc.integer({ min: -5, max: 500 }),
      fc.string({ maxLength: 12 }),
      fc.constant(null),
      fc.constantFrom('2024', 'HT-TP', 'VW5pdDox', '2024-02-30'),
    );
    const op = fc.constantFrom(
      (a: unknown, b: unknown) => ({
        query: 'query($a: Int!, $b: String) { units(first: $a, after: $b) { totalCount } }',
        variables: { a, b },
      }),
      (a: unknown, b: unknown) => ({
        query: 'query($a: String!, $b: ID) { myScope(cycle: $a, within: $b) { kind decide } }',
        variables: { a, b },
      }),
      (a: unknown, b: unknown) => ({
        query: 'query($a: String!, $b: String!) { overdue(cycle: $a, asOf: $b, first: 5) { totalCount } }',
        variables: { a, b },
      }),
      (a: unknown, b: unknown) => ({
        query: 'query($a: ID!, $b: String!) { whoRates(subject: $a, cycle: $b) { deciders { code } } }',
        variables: { a, b },
      }),
      (a: unknown, b: unknown) => ({
        query:
          'mutation($a: ID!, $b: Int) { decideRating(input: { rating: $a, level: GOOD, expectedVersion: $b }) { userErrors { code } } }',
        variables: { a, b },
      }),
      (a: unknown, b: unknown) => ({
        query: 'query($a: String!, $b: Int!) { quotaPreview(cycle: $a, unit: "HT-TP", eligible: $b, levels: [GOOD]) { ok } }',
        variables: { a, b },
      }),
    );
    await fc.assert(
      fc.asyncProperty(op, arg, arg, async (make, a, b) => {
        const res = await postRaw(api.url, JSON.stringify(make(a, b)), auth);
        expect(res.status).toBeLessThan(500);
        const text = JSON.stringify(res.json);
        expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|SELECT |syntax error|node_modules/);
      }),
      { numRuns: 150 },
    );
  });
});
