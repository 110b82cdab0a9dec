import { BaseContext, GraphQLRequestContextResponseForOperation, GraphQLResponse, HTTPGraphQLHead, HeaderMap } from '@apollo/server';
import {
  BREAK,
  DocumentNode,
  ExecutionResult,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  OperationDefinitionNode,
  visit,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** A document's operation as run so far: how often, and its compiled form once it has one (null: it cannot be compiled). */
interface Seen {
  runs: number;
  compiled?: CompiledQuery | null;
  /** The operation's variables without a default: a request that leaves one out runs by graphql-js (see `responseFor`). */
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
 * undefined where graphql-js gives an empty object: read as Apollo reads them, a database gone mid-request was answered
 * INTERNAL_SERVER_ERROR without `formatError` seeing it (test/faults/pg-restart.test.ts).
 */
function asGraphqlError(e: JitError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  if (e.locations) Object.assign(error, { locations: e.locations });
  return error;
}

/**
 * Operations executed by code compiled for each (graphql-jit) rather than by graphql-js walking the document for every
 * row: a 50-row page spent ~110 µs in graphql-js's execution and ~6 µs in its compiled form, the same answer
 * (test/unit/compiled-execution.test.ts). Apollo hands the operation, validated and its caller checked, to the gate's
 * `responseForOperation`, which answers it here or leaves it to Apollo (null). Not as a gateway's executor, Apollo's
 * other way in: its gateway path cost every request ~15 µs of CPU, the trivial query a sixth of its throughput.
 *
 * Left to Apollo and graphql-js: an operation's first runs (`compileAfter`), an operation graphql-jit cannot compile or
 * must not (a literal holding its marker), a request that leaves out a variable, and one whose variables do not fit
 * their types (graphql-js's own errors, which Apollo answers as BAD_USER_INPUT; no resolver has run).
 */
export class CompiledExecution<Context extends BaseContext> {
  private readonly seen = new WeakMap<DocumentNode, Map<string | null, Seen>>();
  /** Operations compiled so far. */
  compiled = 0;

  /**
   * `compileAfter`: the runs an operation makes by graphql-js before it is compiled. With 1 (the default), an operation
   * sent once (a one-off query, an attacker's thousand variants) never pays for a compilation, and a screen's
   * operations are compiled on their second request. `formatError`: the server's, applied as Apollo applies it.
   */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly compileAfter: number,
    private readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
  ) {}

  /** The response of the compiled operation, or null where Apollo executes it with graphql-js. */
  async responseFor(rc: GraphQLRequestContextResponseForOperation<Context>): Promise<GraphQLResponse | null> {
    const seen = this.compiledFor(rc.document, rc.operation, rc.operationName);
    const variables = rc.request.variables ?? {};
    // A variable left out stands for nothing inside an input object, whose field then takes its default: graphql-jit
    // passes it as undefined instead, which a default of the input class does not replace.
    if (!seen.compiled || !seen.required.every((name) => Object.hasOwn(variables, name))) return null;
    const result = (await seen.compiled.query(undefined, rc.contextValue, variables)) as ExecutionResult;
    // Variables that do not fit: nothing ran.
    if (!('data' in result)) return null;
    const http: HTTPGraphQLHead = { headers: new HeaderMap() };
    const errors = result.errors && (result.errors as readonly JitError[]).map((e) => this.formatted(asGraphqlError(e), http));
    return { http, body: { kind: 'single', singleResult: errors ? { data: result.data, errors } : { data: result.data } } };
  }

  /**
   * An error as Apollo formats an execution's (its errorNormalize.ts): INTERNAL_SERVER_ERROR where no code was set, an
   * `extensions.http` status taken into the response's head, then the server's `formatError`.
   */
  private formatted(error: GraphQLError, http: HTTPGraphQLHead): GraphQLFormattedError {
    try {
      const { http: head, ...extensions } = error.extensions as { http?: { status?: number } } & Record<string, unknown>;
      if (head?.status) http.status = head.status;
      return this.formatError(
        { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } },
        error,
      );
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  }

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
