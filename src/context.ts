import { DataSource } from 'typeorm';
import { Config } from './config';
import { apiError } from './errors';
import { RequestLoaders, createLoaders } from './loaders';
import { ReadScope, readScopeOf } from './policies/read-scope';
import type { CycleAbility } from './policies/request-ability';
import { Viewer } from './policies/viewer';

/** Everything a resolver may use for one request; nothing in it outlives the request. */
export interface Ctx {
  db: DataSource;
  config: Config;
  /** The person code of a valid token, known before the caller is loaded (after the query limits pass). */
  subject: string | null;
  viewer: Viewer | null;
  scope: ReadScope;
  loaders: RequestLoaders;
  /** Abilities per cycle code, built on first use in the request (policies/request-ability.ts). */
  abilities: Map<string, Promise<CycleAbility>>;
}

const NO_SCOPE: ReadScope = { all: false, prefixes: [], personId: '0' };

export function createContext(db: DataSource, config: Config, subject: string | null): Ctx {
  return { db, config, subject, viewer: null, scope: NO_SCOPE, loaders: createLoaders(db, NO_SCOPE), abilities: new Map() };
}

/** Sets the loaded caller on the context, with the scope and loaders that follow from them. */
export function authenticate(ctx: Ctx, viewer: Viewer): void {
  ctx.viewer = viewer;
  ctx.scope = readScopeOf(viewer);
  ctx.loaders = createLoaders(ctx.db, ctx.scope);
}

export function requireViewer(ctx: Ctx): Viewer {
  if (!ctx.viewer) throw apiError('UNAUTHENTICATED', 'A bearer token is required');
  return ctx.viewer;
}
