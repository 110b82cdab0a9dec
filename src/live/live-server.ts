import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, GraphQLSchema, getOperationAST, parse, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { DataSource } from 'typeorm';
import { IdentityProviderUnavailable, TokenError, TokenVerifier } from '../auth/tokens';
import type { Config } from '../config';
import { asCaller } from '../context';
import { RequestSession } from '../db/request-session';
import { apiError } from '../errors';
import { formatError } from '../http/apollo';
import { checkQueryLimits } from '../http/query-limits';
import { rejectUnstorableText } from '../http/unstorable-text';
import type { TrustedDocuments } from '../http/trusted-documents';
import type { LiveCtx } from './live-context';
import { RatingBus, RatingEvent } from './rating-bus';

export interface LiveServer {
  bus: RatingBus;
  dispose(): Promise<void>;
}

/** The bearer token of a socket: `authorization` in the connection parameters (browsers cannot set headers), else the upgrade request's header. */
function bearerOf(params: Record<string, unknown> | undefined, header: string | undefined): string | null {
  const value = typeof params?.authorization === 'string' ? params.authorization : header;
  const m = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return m ? m[1] : null;
}

/**
 * Subscriptions over graphql-ws on the HTTP server's /graphql: the token is checked when the socket
 * connects (an unknown person or a bad token closes it with 4403), only subscriptions are taken (queries
 * and mutations go over HTTP), the query limits apply, and every event is read as the subscriber
 * through a request session of its own (LiveCtx.scoped).
 */
export async function attachLive(
  server: Server,
  schema: GraphQLSchema,
  deps: { api: DataSource; owner: DataSource; config: Config; tokens: TokenVerifier; trusted: TrustedDocuments | null },
): Promise<LiveServer> {
  const { api, owner, config, tokens, trusted } = deps;
  const bus = new RatingBus((owner.options as { url: string }).url);
  await bus.start();

  // The reads of an event shared by the screens of one person, forgotten with the event.
  const reads = new WeakMap<RatingEvent, Map<string, Promise<unknown>>>();
  const liveContext = (subject: string, language: 'vi' | 'en' = 'en'): LiveCtx => {
    const scoped: LiveCtx['scoped'] = (run) =>
      asCaller(
        new RequestSession(api, owner, config.statementBudget),
        config,
        subject,
        { requestId: randomUUID(), operation: 'subscription', caller: subject, code: null, refusals: [], language },
        run,
      );
    return {
      subject,
      config,
      bus,
      scoped,
      once: (event, key, run) => {
        let byKey = reads.get(event);
        if (!byKey) reads.set(event, (byKey = new Map<string, Promise<unknown>>()));
        const k = `${subject}\u0000${key}`;
        if (!byKey.has(k)) byKey.set(k, scoped(run));
        return byKey.get(k) as Promise<never>;
      },
    };
  };

  // A message is held whole before it is read: one over the request body's limit closes its socket (1009), as ws's
  // default of 100 MiB let four sockets that never sent a token take the process from 114 to 808 MB.
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: config.bodyLimitBytes });
  wss.on('connection', tellOversizedMessages);
  const subjects = new WeakMap<object, { subject: string; language: 'vi' | 'en' }>();
  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: async (c) => {
        const token = bearerOf(c.connectionParams, c.extra.request.headers.authorization);
        if (!token) return false;
        try {
          const subject = await tokens.verify(token);
          await liveContext(subject).scoped(async () => undefined);
          subjects.set(c.extra.socket, {
            subject,
            language: /^\s*vi\b/i.test(String(c.extra.request.headers['accept-language'] ?? '')) ? 'vi' : 'en',
          });
          return true;
        } catch (e) {
          if (e instanceof TokenError || (e instanceof GraphQLError && e.extensions.code === 'UNAUTHENTICATED')) return false;
          if (e instanceof IdentityProviderUnavailable)
            throw new Error('The identity provider is unavailable; try again shortly', { cause: e });
          throw e;
        }
      },
      onSubscribe: (c, _id, payload) => {
        // This subscription included: graphql-ws registers it before asking, and forgets it once it ends.
        const open = Object.keys(c.subscriptions).length;
        const max = config.liveSubscriptionsPerSocket;
        if (open > max)
          return [
            apiError('TOO_MANY_SUBSCRIPTIONS', `At most ${max} subscriptions at once on one connection: complete one first`, {
              figures: { max },
            }),
          ];
        const text = trusted ? trusted.resolve(payload.query || undefined, payload.extensions) : payload.query;
        if (text === null)
          return [
            new GraphQLError('Only the operations registered in the trusted-documents manifest are served here (TRUSTED_DOCUMENTS)', {
              extensions: { code: 'OPERATION_NOT_TRUSTED' },
            }),
          ];
        let document;
        try {
          document = parse(text);
        } catch (e) {
          return [new GraphQLError((e as Error).message, { extensions: { code: 'BAD_USER_INPUT' } })];
        }
        const invalid = validate(schema, document);
        if (invalid.length) return invalid.map((e) => new GraphQLError(e.message, { extensions: { code: 'BAD_USER_INPUT' } }));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [
            new GraphQLError('Only subscriptions are served over WebSocket: send queries and mutations as HTTP POST to /graphql', {
              extensions: { code: 'BAD_REQUEST' },
            }),
          ];
        }
        try {
          rejectUnstorableText(text, document, payload.variables ?? {});
          checkQueryLimits(schema, document, operation, payload.operationName ?? undefined, payload.variables ?? {});
        } catch (e) {
          if (e instanceof GraphQLError) return [e];
          throw e;
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: (({ subject, language }) => liveContext(subject, language))(
            subjects.get(c.extra.socket) as { subject: string; language: 'vi' | 'en' },
          ),
        };
      },
      // The same answer to errors as over HTTP: codes kept, internal details replaced by a plain message.
      onNext: (_c, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
    },
    wss,
  );

  return {
    bus,
    dispose: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await bus.stop();
    },
  };
}

/**
 * ws answers a message over `maxPayload` by closing the socket (1009), then emits the error on it; graphql-ws logs every
 * socket error as the server's own fault ("Please check your implementation", with a stack), so anyone could fill the
 * log with false alarms. That error is logged here as what it is, the client's, and goes no further.
 */
function tellOversizedMessages(socket: WebSocket): void {
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'error' && (args[0] as { code?: unknown } | undefined)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      console.warn('a WebSocket message over BODY_LIMIT_BYTES: its connection was closed (1009)');
      return true;
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}
