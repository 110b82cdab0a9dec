import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema, Kind, OperationDefinitionNode } from 'graphql';
import { Config } from '../config';
import { Ctx, authenticate } from '../context';
import { DEFAULT_LIMITS, checkQueryLimits } from './query-limits';
import { rejectUnstorableText } from './unstorable-text';
import { apiError } from '../errors';
import { buildApiSchema } from '../schema/build-schema';
import { currentTally } from '../db/statement-counter';
import { rolledBackByConflict } from '../db/run-again';
import { CompiledExecution } from './compiled-execution';

/**
 * Messages of pg, TypeORM and PostgreSQL when the server is down, restarting or unreachable. A request
 * keeps one connection: when it drops mid-request, pg marks the client unqueryable and TypeORM releases its runner.
 */
const DATABASE_DOWN =
  /ECONNREFUSED|ECONNRESET|Connection terminated|the database system is (starting up|shutting down)|terminating connection|timeout exceeded when trying to connect|not queryable|already released/i;

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

/** True when the operation asks only for the schema, which is public (it is committed as schema.graphql). */
function onlyIntrospection(op: OperationDefinitionNode): boolean {
  return op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && INTROSPECTION_FIELDS.has(s.name.value));
}

/** What a hook with nothing to wait for answers: one settled promise for every request. */
const DONE = Promise.resolve();

/**
 * The gate every operation passes before it runs: first the depth and cost limits (no SQL has run
 * yet), then the caller — loaded from the token's person code with the posts they hold today.
 * Only introspection passes without a token: no data without a caller. It also names the operation in
 * the request's trace, records how it ended, and answers the request id in `extensions.requestId` and, where the
 * request is counted, its SQL statements and round trips in `extensions.sqlStatements` and `sqlRoundTrips`; it answers
 * compiled operations (one plugin: each hook of each plugin costs a promise per request).
 */
function gate(schema: GraphQLSchema, compiled: CompiledExecution<Ctx>): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      let cost = 0;
      return {
        async didResolveOperation({ contextValue: ctx, operation, document, request }) {
          if (!operation) return;
          if (operation.operation === 'subscription') {
            throw apiError(
              'BAD_REQUEST',
              'Subscriptions are served over WebSocket (graphql-ws) on this same URL, not over HTTP: see docs/api-guide.md, "Live screens"',
            );
          }
          const field = operation.selectionSet.selections.find((x) => x.kind === 'Field');
          ctx.trace.operation = request.operationName ?? operation.name?.value ?? (field && 'name' in field ? field.name.value : null);
          rejectUnstorableText(request.query, document, request.variables ?? {});
          cost = checkQueryLimits(schema, document, operation, request.operationName ?? undefined, request.variables ?? {});
          if (!ctx.subject) {
            if (onlyIntrospection(operation)) return;
            throw apiError('UNAUTHENTICATED', 'A bearer token is required: Authorization: Bearer <token> (npm run token -- <person code>)');
          }
          let viewer;
          try {
            viewer = await ctx.session.enter(ctx.subject, new Date().toISOString().slice(0, 10));
          } catch (e) {
            if (DATABASE_DOWN.test((e as Error).message))
              throw apiError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly');
            throw e;
          }
          if (!viewer) throw apiError('UNAUTHENTICATED', `Unknown person "${ctx.subject}" in token`);
          authenticate(ctx, viewer);
        },
        // The operation executed by its compiled code, or null: by graphql-js (http/compiled-execution.ts).
        responseForOperation: (requestContext) => compiled.responseFor(requestContext),
        // Not async: Apollo awaits what each hook returns, and an async function's promise costs every request.
        willSendResponse({ response, contextValue: ctx, operation }) {
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            ctx.trace.code = (result.errors?.[0]?.extensions?.code as string | undefined) ?? null;
            if (operation?.operation === 'mutation') ctx.trace.refusals = userErrorsIn(result.data);
            const ours = { cost: { requested: cost, limit: DEFAULT_LIMITS.maxCost }, requestId: ctx.trace.requestId };
            // Spreading an absent `extensions` into a literal took ~3 µs a request (V8's generic object clone).
            result.extensions = result.extensions ? { ...result.extensions, ...ours } : ours;
            // Reported where the request is counted (tests and the benchmark read them).
            const tally = currentTally();
            if (tally) Object.assign(result.extensions, { sqlStatements: tally.count, sqlRoundTrips: tally.roundTrips });
            // Whatever part of the answer met the database down, the whole answer says so: clients and proxies retry on 503.
            if (response.body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) response.http.status = 503;
          }
          return DONE;
        },
      };
    },
  };
}

/** The user errors of a payload, wherever the mutation put them (`…{ userErrors { code rule } }`). */
function userErrorsIn(data: unknown, out: { code: string; rule: string | null }[] = []): { code: string; rule: string | null }[] {
  if (Array.isArray(data)) for (const x of data) userErrorsIn(x, out);
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'userErrors' && Array.isArray(value))
        for (const e of value as ({ code?: unknown; rule?: string | null } | null)[])
          out.push({ code: String(e?.code ?? 'UNKNOWN'), rule: e?.rule ?? null });
      else userErrorsIn(value, out);
    }
  }
  return out;
}

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'SERVICE_UNAVAILABLE',
  'STATEMENT_BUDGET_EXCEEDED',
  'TOO_MANY_SUBSCRIPTIONS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Keeps internal details (SQL, stack traces) out of responses: unexpected errors become a plain message. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  // A query that does not fit the schema (unknown field, wrong literal) is the client's input: one
  // code for all bad input, with the standard reason kept for GraphQL tooling.
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT', reason: code } };
  }
  if (typeof code === 'string' && KNOWN_CODES.has(code)) return formatted;
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const message = original instanceof Error ? original.message : String(original);
  if (DATABASE_DOWN.test(message)) {
    return { message: 'The database is unavailable; try again shortly', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  // A deadlock's victim or a serialization failure three times running (db/run-again.ts): nothing was written.
  if (rolledBackByConflict(original)) {
    return {
      message: 'This change met others made at the same moment and was not made; try again',
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  // PostgreSQL's statement timeout (SQLSTATE 57014): the request asked for more than one statement may read.
  if (/canceling statement due to statement timeout/.test(message)) {
    return {
      message:
        'This part of the request ran past the database’s statement timeout: ask for less at once (a subtree with `within`, a filter, a page without `totalCount`)',
      path: formatted.path,
      extensions: { code: 'QUERY_TIMEOUT' },
    };
  }
  console.error('internal error:', original);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export function createApollo(config: Config): ApolloServer<Ctx> {
  const schema = buildApiSchema();
  return new ApolloServer<Ctx>({
    schema,
    introspection: !config.production || process.env.INTROSPECTION === 'true',
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    csrfPrevention: true,
    // Cache-control hints are unused (responses are per caller); without the plugin Apollo does not wrap every resolver.
    plugins: [
      gate(schema, new CompiledExecution(schema, config.compileOperationsAfter, formatError)),
      ApolloServerPluginCacheControlDisabled(),
    ],
    formatError,
  });
}
