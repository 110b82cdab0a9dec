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
  viewer: Viewer | null;
  scope: ReadScope;
  loaders: RequestLoaders;
  /** Abilities per cycle code, built on first use in the request (policies/request-ability.ts). */
  abilities: Map<string, Promise<CycleAbility>>;
}

const NO_SCOPE: ReadScope = { all: false, prefixes: [], personId: '0' };

export function createContext(db: DataSource, config: Config, viewer: Viewer | null): Ctx {
  const scope = viewer ? readScopeOf(viewer) : NO_SCOPE;
  return { db, config, viewer, scope, loaders: createLoaders(db, scope), abilities: new Map() };
}

export function requireViewer(ctx: Ctx): Viewer {
  if (!ctx.viewer) throw apiError('UNAUTHENTICATED', 'A bearer token is required');
  return ctx.viewer;
}
