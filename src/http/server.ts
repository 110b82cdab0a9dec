import http, { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { DataSource } from 'typeorm';
import { IdentityProviderUnavailable, TokenError, TokenVerifier } from '../auth/tokens';
import { Config } from '../config';
import { Ctx, createContext } from '../context';
import { createDataSource } from '../db/data-source';
import { RequestSession } from '../db/request-session';
import { COUNT_HEADER, withStatementTally } from '../db/statement-counter';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { apiError } from '../errors';
import { createApollo } from './apollo';
import { attachLive } from '../live/live-server';
import { buildApiSchema } from '../schema/build-schema';
import { GRAPHIQL_HTML, readAsset } from './graphiql-page';
import { TrustedDocuments } from './trusted-documents';
import { handleDocument } from './documents';
import { inSpan, SpanKind, SpanStatusCode } from './tracing';
import { ApiMetrics, RequestTrace, accessLogLine, traceOf, writeAccessLog } from './observability';

export interface RunningServer {
  url: string;
  port: number;
  /** Live subscriptions listening on this server (tests wait for one to be set up before acting). */
  subscribers(): number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}
class NotUtf8 extends Error {}

/** Bodies must be valid UTF-8: a replacement character would change what the client sent without telling them. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so that the client still gets the 413.
      if (size > limit) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new NotUtf8());
      }
    });
    req.on('error', reject);
  });
}

/** The first error code of an answer's body, for requests refused before the GraphQL plugins saw them. */
function codeOf(body: string): string | null {
  try {
    return (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? null;
  } catch {
    return null;
  }
}

function jsonOrUndefined(text: string | null): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The request's target as a URL, or null: Node's parser lets targets such as `http://[` through, and reading them throws. */
function targetOf(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** What `handleGraphql` reads of the target (only reads: one target serves every request that sends the bare path). */
type GraphqlTarget = Pick<URL, 'pathname' | 'search' | 'searchParams'>;
/** Nearly every request's target, taken as it is rather than parsed. */
const BARE_GRAPHQL_TARGET: GraphqlTarget = { pathname: '/graphql', search: '', searchParams: new URLSearchParams() };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The HTTP front: GraphQL at /graphql (GraphiQL for browsers), /healthz, and GraphiQL's own files.
 * Stateless: any number of replicas can serve the same database.
 */
export async function startHttpServer(db: DataSource, config: Config, port = config.port): Promise<RunningServer> {
  const apollo: ApolloServer<Ctx> = createApollo(config);
  await apollo.start();
  const tokens = new TokenVerifier(config);
  const trusted = config.trustedDocuments ? TrustedDocuments.load(config.trustedDocuments) : null;
  // Requests run on a pool of their own, as the role row-level security applies to; `db` (the owner) is for what bypasses it by name.
  const api = createDataSource((db.options as { url: string }).url, {
    role: API_ROLE,
    poolSize: config.apiPoolSize,
    waitMs: config.poolWaitMs,
    idleMs: config.apiPoolIdleMs,
  });
  await api.initialize();

  const pool = () => (api.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master;
  const metrics = new ApiMetrics(
    () => ({ total: pool().totalCount, idle: pool().idleCount, waiting: pool().waitingCount }),
    // Scraped only once the server listens, when `live` (below) is attached.
    () => live.bus.subscribers,
  );

  const context = async (session: RequestSession, authorization: string | undefined, trace: RequestTrace): Promise<Ctx> => {
    // GraphiQL's header template ("Bearer " with no token yet) is no token: its schema fetch must work before one is pasted.
    if (!authorization || /^Bearer\s*$/i.test(authorization)) return createContext(session, config, null, trace);
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) throw apiError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>"');
    try {
      return createContext(session, config, await tokens.verify(m[1]), trace);
    } catch (e) {
      if (e instanceof IdentityProviderUnavailable)
        throw apiError('SERVICE_UNAVAILABLE', 'The identity provider is unavailable; try again shortly');
      if (e instanceof TokenError) throw apiError('UNAUTHENTICATED', `Invalid token: ${e.message}`);
      throw e;
    }
  };

  const handleGraphql = async (req: IncomingMessage, res: ServerResponse, url: GraphqlTarget, trace: RequestTrace) => {
    if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !url.searchParams.has('query')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(GRAPHIQL_HTML);
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, config.bodyLimitBytes);
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          res.setHeader('connection', 'close');
          sendJson(res, 413, {
            errors: [
              {
                message: `Request body over ${config.bodyLimitBytes} bytes`,
                extensions: { code: 'PAYLOAD_TOO_LARGE', limit: config.bodyLimitBytes },
              },
            ],
          });
          return;
        }
        if (e instanceof NotUtf8) {
          sendJson(res, 400, { errors: [{ message: 'The request body is not valid UTF-8', extensions: { code: 'BAD_USER_INPUT' } }] });
          return;
        }
        throw e;
      }
      if ((req.headers['content-type'] ?? '').includes('application/json')) {
        try {
          body = text === '' ? {} : JSON.parse(text);
        } catch {
          sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
          return;
        }
      } else body = text;
    }
    let search = url.search;
    if (trusted) {
      // Only the registered operations run: the one a request names by its hash, or its own document when listed.
      const sent =
        req.method === 'POST'
          ? ((body ?? {}) as { query?: unknown; extensions?: unknown })
          : { query: url.searchParams.get('query') ?? undefined, extensions: jsonOrUndefined(url.searchParams.get('extensions')) };
      const document = trusted.resolve(sent.query, sent.extensions);
      if (document === null) {
        trace.code = 'OPERATION_NOT_TRUSTED';
        sendJson(res, 400, {
          errors: [
            {
              message: 'Only the operations registered in the trusted-documents manifest are served here (TRUSTED_DOCUMENTS)',
              extensions: { code: 'OPERATION_NOT_TRUSTED' },
            },
          ],
        });
        return;
      }
      if (req.method === 'POST') body = { ...(body as object), query: document };
      else {
        // A copy: the target is only read (BARE_GRAPHQL_TARGET serves every request).
        const params = new URLSearchParams(url.searchParams);
        params.set('query', document);
        search = `?${params.toString()}`;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search, body };
    // Counted in development and tests, and in production when asked for (counting slows the whole process).
    const tally = !config.production || req.headers[COUNT_HEADER] !== undefined ? { count: 0, roundTrips: 0 } : null;
    const session = new RequestSession(api, db, config.statementBudget);
    const started = performance.now();
    await inSpan(
      'graphql',
      SpanKind.SERVER,
      { 'http.request.method': req.method ?? 'GET', 'request.id': trace.requestId },
      async (span) => {
        try {
          const response = await withStatementTally(tally, () =>
            apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context(session, req.headers.authorization, trace) }),
          );
          for (const [key, value] of response.headers) res.setHeader(key, value);
          res.statusCode = response.status ?? 200;
          if (response.body.kind === 'complete') {
            // Refused before any plugin ran (a bad token, a malformed document): the code from the answer itself.
            if (!trace.code && res.statusCode >= 400) trace.code = codeOf(response.body.string);
            res.end(response.body.string);
            const ms = performance.now() - started;
            metrics.observe(trace, ms / 1000);
            if (config.accessLog)
              writeAccessLog(
                accessLogLine(trace, {
                  method: req.method ?? 'GET',
                  path: url.pathname,
                  status: res.statusCode,
                  ms,
                  statements: tally?.count ?? null,
                }),
              );
          } else {
            for await (const chunk of response.body.asyncIterator) res.write(chunk);
            res.end();
          }
          span?.updateName(`graphql ${trace.operation ?? 'anonymous'}`);
          span?.setAttributes({
            'graphql.operation.name': trace.operation ?? '',
            'http.response.status_code': res.statusCode,
            'rating.caller': trace.caller ?? '',
            'rating.code': trace.code ?? '',
          });
          if (res.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR, message: trace.code ?? 'server error' });
        } finally {
          // After the answer is sent: giving the connection back is not on the client's path.
          if (session.connected) await session.end();
        }
      },
    );
  };

  const sendMetrics = async (res: ServerResponse) => {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(text);
  };
  const sendHealth = async (res: ServerResponse) => {
    const started = Date.now();
    try {
      await db.query('SELECT 1');
      sendJson(res, 200, { status: 'ok', database: 'up', latencyMs: Date.now() - started });
    } catch {
      sendJson(res, 503, { status: 'degraded', database: 'down' });
    }
  };

  // Requests being served, open connections and those that have sent a request, and whether the server is shutting down (see close()).
  let inFlight = 0;
  const open = new Set<Socket>();
  const spoken = new WeakSet<Socket>();
  let draining = false;
  const server = http.createServer((req, res) => {
    spoken.add(req.socket);
    inFlight += 1;
    if (draining) res.setHeader('connection', 'close');
    const trace = traceOf(req);
    res.setHeader('x-request-id', trace.requestId);
    // Sync up to the handler: an async wrapper cost each request a promise and its turns of the microtask queue.
    const route = (): Promise<void> | void => {
      if (req.url === BARE_GRAPHQL_TARGET.pathname) return handleGraphql(req, res, BARE_GRAPHQL_TARGET, trace);
      const url = targetOf(req);
      if (!url)
        return sendJson(res, 400, { errors: [{ message: 'The request target is not a valid URL', extensions: { code: 'BAD_REQUEST' } }] });
      if (url.pathname === '/graphql') return handleGraphql(req, res, url, trace);
      if (url.pathname.startsWith('/documents/')) return handleDocument(req, res, url, trace, { api, owner: db, config, tokens });
      if (url.pathname === '/metrics') return sendMetrics(res);
      if (url.pathname === '/healthz') return sendHealth(res);
      if (url.pathname.startsWith('/graphiql/')) {
        const asset = readAsset(url.pathname.slice('/graphiql/'.length));
        if (asset) {
          res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'public, max-age=86400' });
          res.end(asset.body);
          return;
        }
      }
      if (url.pathname === '/') {
        res.writeHead(302, { location: '/graphql' });
        res.end();
        return;
      }
      sendJson(res, 404, { error: 'not found', see: '/graphql' });
    };
    const failed = (e: unknown) => {
      console.error(`request ${trace.requestId} failed:`, e);
      if (!res.headersSent)
        sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    };
    const done = () => {
      inFlight -= 1;
    };
    // A request is in flight until its handler is done, the emptying of its database session included:
    // the pools are closed only after that.
    let answering: Promise<void> | void = undefined;
    try {
      answering = route();
    } catch (e) {
      failed(e);
    }
    if (answering) answering.then(done, (e: unknown) => (failed(e), done()));
    else done();
  });

  // Subscriptions on the same port and path (graphql-ws), fed across replicas by PostgreSQL LISTEN/NOTIFY.
  const live = await attachLive(server, buildApiSchema(), { api, owner: db, config, tokens, trusted });

  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    port: actualPort,
    subscribers: () => live.bus.subscribers,
    /**
     * Drains before closing: requests already received are served (answered with `Connection: close`),
     * and the server stops listening once nothing has been in flight, nor waits to be parsed, for a
     * moment, and not before 250 ms; at most 10 s.
     */
    close: async () => {
      draining = true;
      // Live sockets would keep the server open: they are told the server is going away (1001) first.
      await live.dispose();
      const deadline = Date.now() + 10_000;
      // Connections still in the listen backlog are not seen until accepted, and closing the listener resets
      // them: the server keeps accepting for a quarter of a second at least.
      const earliest = Date.now() + 250;
      let quiet = 0;
      while ((quiet < 3 || Date.now() < earliest) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        // A connection that sent a request the busy event loop has not parsed yet would look idle, and be closed
        // unanswered; one whose answer is still being written would be cut: server.close() destroys idle sockets.
        const busy = [...open].some((socket) => !spoken.has(socket) || socket.writableLength > 0);
        quiet = inFlight === 0 && !busy ? quiet + 1 : 0;
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
      await api.destroy();
    },
  };
}
