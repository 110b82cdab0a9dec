import { GraphQLNamedType, GraphQLObjectType, getNamedType, isLeafType, isNonNullType, isObjectType, isUnionType } from 'graphql';
import { DEMO } from '../../src/demo/demo-dataset';
import { buildApiSchema } from '../../src/schema/build-schema';
import { TestApi, startTestApi } from '../support/api';
import { Workflow, ok, plainMembers, unanimous } from '../support/workflow';

/**
 * A page reads the columns its fields read (schema/selection.ts; RATING_FIELD_READS, MEMBERSHIP_FIELD_READS): every
 * field of its nodes, taken from the schema — a field added later is tried the day it exists — answers alone as it
 * answers among all.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  // Members of a branch no other test rates, at every stage: two decided (with their authority and delegation), one proposed,
  // one opened.
  const w = new Workflow(api, '2024');
  const [a, b, c, d] = await plainMembers(api, 'HT-TP-XTH-CB01', 4);
  for (const m of [a, b])
    ok(await w.decide('HT-TP-XTH-BT', (await w.proposedMember(m)).id, 'COMPLETE', { ballots: unanimous('COMPLETE') }));
  await w.proposedMember(c);
  await w.open(d, 'PARTY_MEMBER', d);
  // The branch's own rating among them: its subject is of another kind, loaded in the same batch as the members'.
  await w.open('HT-TP-XTH-CB01-BT', 'PARTY_ORGANIZATION', 'HT-TP-XTH-CB01-CB');
}, 60_000);
afterAll(() => api.close());

const schema = buildApiSchema();
const callable = (f: { args: readonly { type: unknown; defaultValue?: unknown }[] }) =>
  f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);

/** The leaf fields of a type, by member for a union; a type with none, its object fields' leaves. */
function leaves(type: GraphQLNamedType): string {
  if (isUnionType(type))
    return `__typename ${type
      .getTypes()
      .map((t) => `... on ${t.name} { ${leaves(t)} }`)
      .join(' ')}`;
  const fields = Object.values((type as GraphQLObjectType).getFields()).filter(callable);
  const leaf = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
  return leaf.length ? leaf.join(' ') : fields.map((f) => `${f.name} { ${leaves(getNamedType(f.type))} }`).join(' ') || '__typename';
}

/** Each field of a type as a selection of its own. */
const fieldsOf = (type: string) =>
  Object.values((schema.getType(type) as GraphQLObjectType).getFields())
    .filter(callable)
    .map((f) => {
      const named = getNamedType(f.type);
      return isObjectType(named) || isUnionType(named) ? `${f.name} { ${leaves(named)} }` : f.name;
    });

/** Each field of a page's nodes answers alone as it answers among all; `page` reads the connection for a selection. */
function eachFieldAlone(type: string, page: (selected: string) => Promise<any>, filled: (node: any) => boolean) {
  const fields = fieldsOf(type);
  it.each(fields)('answers %s alone as among all', async (field) => {
    const all = await page(fields.join(' '));
    // Rows whose every column is filled among them: a column left unread would answer null there.
    expect(all.nodes.filter(filled).length).toBeGreaterThan(0);
    const alone = await page(field);
    expect(alone.edges).toEqual(all.edges);
    alone.nodes.forEach((n: object, i: number) => expect(all.nodes[i]).toMatchObject(n));
  });
}

describe('a ratings page reads the columns its fields read', () => {
  // Within the branch whose ratings only this file writes: other files write ratings into the same database meanwhile.
  let branch = '';
  beforeAll(async () => {
    const [{ id }] = await api.db.query(`SELECT id FROM unit WHERE code = 'HT-TP-XTH-CB01'`);
    branch = Buffer.from(`Unit:${id}`).toString('base64url');
  });
  eachFieldAlone(
    'Rating',
    async (selected) =>
      (
        (await api
          .as(DEMO.admin)
          .request<any>(`query ($b: ID) { ratings(cycle: "2024", within: $b, first: 100) { edges { cursor } nodes { ${selected} } } }`, {
            b: branch,
          })) as any
      ).ratings,
    (n) => n.authority && n.delegation && n.decidedAt && n.cycle && n.subject,
  );

  it('answers each subject of a page of several kinds as the subject views hold it', async () => {
    const { ratings }: any = await api
      .as(DEMO.admin)
      .request<any>(
        `query ($b: ID) { ratings(cycle: "2024", within: $b, first: 100) { nodes { subject { kind code label category } } } }`,
        {
          b: branch,
        },
      );
    const subjects = ratings.nodes.map((n: any) => n.subject);
    expect(new Set(subjects.map((x: any) => x.kind))).toEqual(new Set(['PARTY_MEMBER', 'PARTY_ORGANIZATION']));
    const held = await api.db.query(
      `SELECT s.kind, s.code, s.label, s.category FROM rating r JOIN rating_subject s ON s.kind = r.subject_kind AND s.ref_id = r.subject_ref_id
        JOIN cycle c ON c.id = r.cycle_id WHERE c.code = '2024' AND r.unit_path LIKE (SELECT path FROM unit WHERE code = 'HT-TP-XTH-CB01') || '%'`,
    );
    const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : 1);
    expect([...subjects].sort(byCode)).toEqual([...held].sort(byCode));
  });
});

describe('a member page reads the columns its fields read', () => {
  eachFieldAlone(
    'Membership',
    async (selected) =>
      (
        (await api
          .as('HT-TP-XTH-BT')
          .request<any>(`{ unit(code: "HT-TP-XTH") { members(first: 100) { edges { cursor } nodes { ${selected} } } } }`)) as any
      ).unit.members,
    (n) => n.officialOn && n.statusSince && n.person.gender && n.person.birthDate && n.branch && n.outsidePoliticalSystem,
  );
});
