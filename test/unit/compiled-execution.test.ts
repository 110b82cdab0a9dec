import { ApolloServer } from '@apollo/server';
import { GraphQLError, GraphQLScalarType, buildSchema, execute, parse } from 'graphql';
import { CompiledExecution } from '../../src/http/compiled-execution';
import { formatError } from '../../src/http/apollo';
import { buildApiSchema } from '../../src/schema/build-schema';

/** A schema small enough to read, with what the API's own does: lists, non-null fields, codes thrown, input defaults. */
function testSchema() {
  const schema = buildSchema(`
    type Query { members(first: Int!): [Member!]!  failing(how: String!): String  broken: Broken  say(text: String): String }
    type Member { name: String!  status: Status!  person: Person }
    type Person { code: String! }
    type Broken { required: String! }
    enum Status { OFFICIAL PROBATIONARY }
    input ImportInput { dryRun: Boolean = false  note: String }
    type Mutation { import(input: ImportInput!): String! }
  `);
  const query = schema.getQueryType()!.getFields();
  query.members.resolve = (_root, { first }: { first: number }) =>
    Array.from({ length: first }, (_, i) => ({ name: `N${i}`, status: i % 2 ? 'PROBATIONARY' : 'OFFICIAL', person: { code: `P${i}` } }));
  query.failing.resolve = (_root, { how }: { how: string }) => {
    if (how === 'forbidden') throw new GraphQLError('not yours', { extensions: { code: 'FORBIDDEN' } });
    throw new Error('Connection terminated unexpectedly');
  };
  query.broken.resolve = () => ({ required: null });
  query.say.resolve = (_root, { text }: { text: unknown }) => (typeof text === 'string' ? text : `not a text: ${String(text)}`);
  schema.getMutationType()!.getFields().import.resolve = (_root, { input }: { input: { dryRun?: boolean; note?: string } }) =>
    `dryRun=${String(input.dryRun)} note=${String(input.note)}`;
  return schema;
}

async function serverWith(compileAfter: number) {
  const schema = testSchema();
  const compiled = new CompiledExecution(schema, compileAfter, formatError);
  // As the API's gate hands its operations over (http/apollo.ts).
  const server = new ApolloServer({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [{ requestDidStart: () => Promise.resolve({ responseForOperation: (rc) => compiled.responseFor(rc) }) }],
  });
  await server.start();
  const run = async (query: string, variables?: Record<string, unknown>) => {
    const res = await server.executeOperation({ query, variables });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  };
  return { schema, execution: compiled, server, run };
}

const PAGE = 'query Page($n: Int!) { members(first: $n) { name status person { code } } }';

describe('operations executed compiled (graphql-jit) behind Apollo', () => {
  it('compiles an operation on the run after the ones left to graphql-js, and answers as graphql-js does', async () => {
    const { schema, execution, server, run } = await serverWith(1);
    const byGraphqlJs = await execute({ schema, document: parse(PAGE), variableValues: { n: 3 } });
    expect(await run(PAGE, { n: 3 })).toEqual(byGraphqlJs);
    expect(execution.compiled).toBe(0);
    expect(await run(PAGE, { n: 3 })).toEqual(byGraphqlJs);
    expect(execution.compiled).toBe(1);
    expect(await run(PAGE, { n: 3 })).toEqual(byGraphqlJs);
    expect(execution.compiled).toBe(1);
    // Another text is another operation.
    await run(`${PAGE} `, { n: 1 });
    expect(execution.compiled).toBe(1);
    await server.stop();
  });

  it('never compiles when told never (Infinity), and answers the same', async () => {
    const { execution, server, run } = await serverWith(Infinity);
    for (let i = 0; i < 3; i++) expect((await run(PAGE, { n: 2 })).data).toEqual(expect.objectContaining({ members: expect.any(Array) }));
    expect(execution.compiled).toBe(0);
    await server.stop();
  });

  it('keeps a resolver’s code, the path and the locations of its error, and the database gone is SERVICE_UNAVAILABLE', async () => {
    const { execution, server, run } = await serverWith(0);
    const forbidden = await run('{ failing(how: "forbidden") }');
    expect(execution.compiled).toBe(1);
    expect(forbidden.data).toEqual({ failing: null });
    expect(forbidden.errors).toEqual([
      { message: 'not yours', locations: [{ line: 1, column: 3 }], path: ['failing'], extensions: { code: 'FORBIDDEN' } },
    ]);
    // graphql-jit leaves `extensions` undefined on its errors; Apollo reads their code and would answer INTERNAL_SERVER_ERROR.
    const down = await run('{ failing(how: "down") }');
    expect(down.errors).toEqual([
      { message: 'The database is unavailable; try again shortly', path: ['failing'], extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ]);
    await server.stop();
  });

  it('carries a null up to the nearest nullable field, and answers its error, as graphql-js does', async () => {
    const [jit, byGraphqlJs] = [await serverWith(0), await serverWith(Infinity)];
    const query = '{ broken { required } }';
    const answer = await jit.run(query);
    expect(jit.execution.compiled).toBe(1);
    expect(answer.data).toEqual({ broken: null });
    expect(answer).toEqual(await byGraphqlJs.run(query));
    await Promise.all([jit.server.stop(), byGraphqlJs.server.stop()]);
  });

  it('answers variables that do not fit as graphql-js does: BAD_USER_INPUT, nothing run', async () => {
    const { execution, server, run } = await serverWith(0);
    const bad = await run(PAGE, { n: 'many' });
    expect(execution.compiled).toBe(1);
    expect(bad.data).toBeUndefined();
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors?.[0].message).toBe('Variable "$n" got invalid value "many"; Int cannot represent non-integer value: "many"');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await server.stop();
  });

  it('leaves an input field whose variable was left out to its default, as graphql-js does', async () => {
    const { execution, server, run } = await serverWith(0);
    const mutation = 'mutation ($dryRun: Boolean, $note: String) { import(input: { dryRun: $dryRun, note: $note }) }';
    expect((await run(mutation, { note: 'x' })).data).toEqual({ import: 'dryRun=false note=x' });
    expect((await run(mutation, { dryRun: true, note: 'x' })).data).toEqual({ import: 'dryRun=true note=x' });
    expect((await run(mutation, { dryRun: null, note: 'x' })).data).toEqual({ import: 'dryRun=null note=x' });
    expect(execution.compiled).toBe(1);
    // A variable named as a property every object inherits is still left out when the request leaves it out.
    const inherited = 'mutation ($toString: Boolean) { import(input: { dryRun: $toString }) }';
    expect((await run(inherited, {})).data).toEqual({ import: 'dryRun=false note=undefined' });
    await server.stop();
  });

  // graphql-jit 0.8.9 turns a literal that begins with its date marker back into code when it compiles the document.
  it('never compiles a document whose literals hold graphql-jit’s markers: their text is answered as sent, nothing run', async () => {
    const { execution, server, run } = await serverWith(0);
    const planted = [
      // Compiled, this ran `globalThis.plantedByTest = 1` on the server.
      '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d0),x:(globalThis.plantedByTest=1),y:(0',
      // Compiled, this text became NaN.
      '__MAGIC_NAN__57f286b9_4c20_487f_b409_79804ddcb4f8',
    ];
    for (const text of planted) {
      const query = `{ say(text: ${JSON.stringify(text)}) }`;
      for (let i = 0; i < 2; i++) expect((await run(query)).data).toEqual({ say: text });
    }
    expect((globalThis as Record<string, unknown>).plantedByTest).toBeUndefined();
    expect(execution.compiled).toBe(0);
    // The same text as a variable is a value, never code: that operation compiles.
    for (const text of planted) expect((await run('query ($t: String) { say(text: $t) }', { t: text })).data).toEqual({ say: text });
    expect(execution.compiled).toBe(1);
    expect((globalThis as Record<string, unknown>).plantedByTest).toBeUndefined();
    await server.stop();
  });

  // A scalar that made a marker of a literal without one (a decoder) would open the same door: review it before adding it.
  it('serves no scalar beyond those whose literals were checked', () => {
    const scalars = Object.values(buildApiSchema().getTypeMap())
      .filter((t) => t instanceof GraphQLScalarType && !t.name.startsWith('__'))
      .map((t) => t.name)
      .sort();
    expect(scalars).toEqual(['Boolean', 'DateTimeISO', 'Float', 'ID', 'Int', 'JSONObject', 'String']);
  });
});
