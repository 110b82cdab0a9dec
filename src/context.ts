import { Config } from './config';
import type { RequestTrace } from './http/observability';
import { apiError } from './errors';
import { RequestSession } from './db/request-session';
import { RequestLoaders, createLoaders } from './loaders';
import { RequestPolicy } from './policies/request-policy';
import { Viewer } from './policies/viewer';

/** Everything a resolver may use for one request; nothing in it outlives the request. */
export interface Ctx {
  /** The caller's database session: every statement runs under row-level security within the caller's scope. */
  session: RequestSession;
  config: Config;
  /** The person code of a valid token, known before the caller is loaded (after the query limits pass). */
  subject: string | null;
  /** The caller's authority, once loaded: every "may they" and "on which rows" of the request asks it. */
  policy: RequestPolicy | null;
  loaders: RequestLoaders;
  /** The request's id and what the access log and metrics record of it. */
  trace: RequestTrace;
}

/** Before the caller is loaded: a policy that grants nothing, so the loaders can exist and read nothing. */
const NOBODY = new RequestPolicy({ personId: '0', code: '', systemRoles: [], posts: [], membership: null });

export function createContext(session: RequestSession, config: Config, subject: string | null, trace: RequestTrace): Ctx {
  return { session, config, subject, policy: null, loaders: createLoaders(session, NOBODY), trace };
}

/** Sets the loaded caller on the context, with the policy and loaders that follow from them. */
export function authenticate(ctx: Ctx, viewer: Viewer): void {
  ctx.trace.caller = viewer.code;
  ctx.policy = new RequestPolicy(viewer);
  ctx.loaders = createLoaders(ctx.session, ctx.policy);
}

export function requirePolicy(ctx: Ctx): RequestPolicy {
  if (!ctx.policy) throw apiError('UNAUTHENTICATED', 'A bearer token is required');
  return ctx.policy;
}

export function requireViewer(ctx: Ctx): Viewer {
  return requirePolicy(ctx).viewer;
}

/**
 * Runs `run` as the person `subject` outside a GraphQL request (a subscription's event, a download): `session`
 * entered in their scope, the caller loaded, and the session ended after, whatever happens.
 */
export async function asCaller<T>(
  session: RequestSession,
  config: Config,
  subject: string,
  trace: RequestTrace,
  run: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  try {
    const viewer = await session.enter(subject, new Date().toISOString().slice(0, 10));
    if (!viewer) throw apiError('UNAUTHENTICATED', `Unknown person "${subject}" in token`);
    const ctx = createContext(session, config, subject, trace);
    authenticate(ctx, viewer);
    return await run(ctx);
  } finally {
    await session.end();
  }
}
