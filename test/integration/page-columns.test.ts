import { GraphQLNamedType, GraphQLObjectType, getNamedType, isLeafType, isNonNullType, isObjectType, isUnionType } from 'graphql';
import { DEMO } from '../../src/demo/demo-dataset';
import { buildApiSchema } from '../../src/schema/build-schema';
import { TestApi, startTestApi } from '../support/api';
import { Workflow, ok, plainMembers, unanimous } from '../support/workflow';

/**
 * A ratings page reads the columns its fields read (schema/selection.ts, RATING_FIELD_READS): every field of Rating,
 * taken from the schema — a field added later is tried the day it exists — answers alone as it answers among all.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  // Members of a branch at every stage: two decided (with their authority and delegation), one proposed, one opened.
  const w = new Workflow(api, '2024');
  const [a, b, c, d] = await plainMembers(api, 'HT-TP-XTH-CB05', 4);
  for (const m of [a, b])
    ok(await w.decide('HT-TP-XTH-BT', (await w.proposedMember(m)).id, 'COMPLETE', { ballots: unanimous('COMPLETE') }));
  await w.proposedMember(c);
  await w.open(d, 'PARTY_MEMBER', d);
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

/** Each field of Rating as a selection of its own. */
const ratingFields = Object.values((schema.getType('Rating') as GraphQLObjectType).getFields())
  .filter(callable)
  .map((f) => {
    const named = getNamedType(f.type);
    return isObjectType(named) || isUnionType(named) ? `${f.name} { ${leaves(named)} }` : f.name;
  });

describe('a ratings page reads the columns its fields read', () => {
  const page = async (selected: string) => {
    const data: any = await api
      .as(DEMO.admin)
      .request<any>(`{ ratings(cycle: "2024", first: 100) { edges { cursor } nodes { ${selected} } } }`);
    return data.ratings;
  };

  it.each(ratingFields)('answers %s alone as among all', async (field) => {
    const all = await page(ratingFields.join(' '));
    // Decided ratings with their authority and delegation among them: a column left unread would answer null there.
    expect(all.nodes.filter((n: any) => n.authority && n.delegation && n.decidedAt && n.cycle && n.subject).length).toBeGreaterThan(0);
    const alone = await page(field);
    expect(alone.edges).toEqual(all.edges);
    alone.nodes.forEach((n: object, i: number) => expect(all.nodes[i]).toMatchObject(n));
  });
});
