import { ApolloServerOptionsWithGateway } from '@apollo/server';
import { BREAK, DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, OperationDefinitionNode, execute, visit } from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<never>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** A document's operation as run so far: how often, and its compiled form once it has one (null: it cannot be compiled). */
interface Seen {
  runs: number;
  compiled?: CompiledQuery | null;
  /** The operation's variables without a default: a request that leaves one out runs by graphql-js (see `executor`). */
  required: readonly string[];
}

/**
 * graphql-jit (0.8.9) writes an argument's literal value into the code it compiles with JSON.stringify, then turns
 * every string that begins with one of its markers (`__MAGIC_DATE__…`, `__MAGIC_NAN__…`) back into code: a literal
 * `"__MAGIC_DATE__<uuid>0),x:(globalThis.pwned=1),y:(0"` ran the code in it on the server. Such a document is never
 * compiled. The scalars that read literals here (String, ID, JSONObject's strings, DateTimeISO's dates) make no marker
 * of a text without one (test/unit/compiled-execution.test.ts checks the schema has no other).
 */
const JIT_MARKER = '__MAGIC_';

function holdsJitMarker(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes(JIT_MARKER)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** What graphql-jit's errors carry (of graphql-js's class by inheritance, their fields set their own way). */
interface JitError {
  message: string;
  path?: readonly (string | number)[];
  locations?: readonly { line: number; column: number }[];
  originalError?: Error | null;
  extensions?: Record<string, unknown>;
}

/**
 * A jit error as graphql-js makes it. graphql-jit's errors inherit from graphql-js's class but leave `extensions`
 * undefined where graphql-js gives an empty object, and Apollo reads `extensions.code` of every error: it answered
 * INTERNAL_SERVER_ERROR, without calling `formatError`, for a database gone mid-request (test/faults/pg-restart.test.ts).
 */
function asGraphqlError(e: JitError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  if (e.locations) Object.assign(error, { locations: e.locations });
  return error;
}

/**
 * The operations of the schema executed by code compiled for each (graphql-jit) rather than by graphql-js walking the
 * document for every row: a 50-row page spent ~110 µs in graphql-js's execution and ~6 µs in its compiled form, the same
 * answer (test/unit/compiled-execution.test.ts). Apollo takes an executor only as a gateway's: this is one for the
 * schema it serves itself, validated and planned by Apollo as before.
 *
 * What graphql-js still runs: an operation's first run, an operation graphql-jit cannot compile or must not (a literal
 * holding its marker), a request that leaves out a variable, and one whose variables do not fit their types
 * (graphql-js's own errors, which Apollo answers as BAD_USER_INPUT; no resolver has run).
 */
export class CompiledExecution implements Gateway {
  private readonly seen = new WeakMap<DocumentNode, Map<string | null, Seen>>();
  /** Operations compiled so far. */
  compiled = 0;

  /**
   * `compileAfter`: the runs an operation makes by graphql-js before it is compiled. With 1 (the default), an operation
   * sent once (a one-off query, an attacker's thousand variants) never pays for a compilation, and a screen's
   * operations are compiled on their second request.
   */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compileAfter: number,
  ) {}

  onSchemaLoadOrUpdate(callback: Parameters<Gateway['onSchemaLoadOrUpdate']>[0]) {
    callback({ apiSchema: this.schema, coreSupergraphSdl: '' });
    return () => undefined;
  }

  load() {
    return Promise.resolve({ executor: this.executor });
  }

  stop() {
    return Promise.resolve();
  }

  private readonly executor: Executor = async ({ document, operation, operationName, request, context }) => {
    const seen = this.compiledFor(document, operation, operationName);
    const variableValues = request.variables ?? {};
    const byGraphqlJs = () => execute({ schema: this.schema, document, operationName, variableValues, contextValue: context });
    // A variable left out stands for nothing inside an input object, whose field then takes its default: graphql-jit
    // passes it as undefined instead, which a default of the input class does not replace.
    const compiled = seen.compiled && seen.required.every((name) => name in variableValues) ? seen.compiled : null;
    if (!compiled) return byGraphqlJs();
    const result = (await compiled.query(undefined, context, variableValues)) as ExecutionResult;
    // Variables that do not fit: nothing ran.
    if (!('data' in result)) return byGraphqlJs();
    return result.errors ? { ...result, errors: (result.errors as readonly JitError[]).map(asGraphqlError) } : result;
  };

  private compiledFor(document: DocumentNode, operation: OperationDefinitionNode, operationName: string | null): Seen {
    let operations = this.seen.get(document);
    if (!operations) this.seen.set(document, (operations = new Map<string | null, Seen>()));
    let seen = operations.get(operationName);
    if (!seen) {
      const required = (operation.variableDefinitions ?? []).filter((v) => !v.defaultValue).map((v) => v.variable.name.value);
      operations.set(operationName, (seen = { runs: 0, required }));
    }
    if (seen.compiled === undefined && seen.runs++ >= this.compileAfter) {
      const compiled = holdsJitMarker(document) ? null : compileQuery(this.schema, document, operationName ?? undefined);
      seen.compiled = compiled && isCompiledQuery(compiled) ? compiled : null;
      if (seen.compiled) this.compiled++;
    }
    return seen;
  }
}
