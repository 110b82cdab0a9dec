import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { ClassType } from 'type-graphql';
import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { description: `How many rows (1 to ${MAX_PAGE_SIZE}); required.` })
  first: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** A Relay connection type for `node` (forward paging with `first`/`after`). */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`)
  class Conn implements ConnectionShape<T> {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => [node], { description: 'The nodes of the edges, for clients that need no cursors.' }) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    count: () => Promise<number>;

    @Field(() => Int, { description: 'Rows matching the filters, over all pages (one extra SQL statement).' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return Conn;
}

type Cursor = [string, string];

function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && /^\d{1,18}$/.test(v[1])) return v as Cursor;
  } catch {
    // fall through to the error below
  }
  throw badInput('after: not a cursor returned by this API', { after: cursor }, 'after');
}

export function checkPageArgs(args: PageArgs): { first: number; after: Cursor | null } {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw badInput(`first must be from 1 to ${MAX_PAGE_SIZE}`, { first: args.first, max: MAX_PAGE_SIZE }, 'first');
  }
  return { first: args.first, after: args.after ? decodeCursor(args.after) : null };
}

export interface PageQuery<R> {
  /** Columns to select; parameters belong in `from` or `where`, which the count query reuses. */
  select: string;
  /** FROM and JOINs. */
  from: string;
  where: string[];
  params: SqlParams;
  /** Text expression to sort by, with COLLATE "C" so that the cursor compares the same way; ties are broken by `idKey`. */
  sortKey: string;
  idKey: string;
  map: (row: Record<string, unknown>) => R;
}

/** Keyset pagination: `(sortKey, id) > cursor`, never OFFSET, so deep pages cost the same as the first. */
export async function keysetPage<R>(em: EntityManager, args: PageArgs, q: PageQuery<R>): Promise<ConnectionShape<R>> {
  const { first, after } = checkPageArgs(args);
  const countParams = [...q.params.values];
  const where = [...q.where];
  if (after) where.push(`(${q.sortKey}, ${q.idKey}) > (${q.params.add(after[0])}::text, ${q.params.add(after[1])}::bigint)`);
  const sql = `SELECT ${q.select}, (${q.sortKey}) AS "sortKey" FROM ${q.from}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${q.sortKey}, ${q.idKey} LIMIT ${first + 1}`;
  const rows: Record<string, unknown>[] = await em.query(sql, q.params.values);
  const hasNextPage = rows.length > first;
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(String(row.sortKey), String(row.dbId)), node: q.map(row) }));
  const countSql = `SELECT count(*)::int AS n FROM ${q.from} ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}`;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage, hasPreviousPage: Boolean(after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    count: async () => (await em.query(countSql, countParams))[0].n,
  };
}
