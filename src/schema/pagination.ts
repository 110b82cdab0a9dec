import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { ClassType } from 'type-graphql';
import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { withoutSorting } from '../db/plan-hints';
import { StatementShapes } from '../db/prepared-statement';
import { queryWithValuesWrittenIn } from '../db/values-written-in';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many rows from the start, or after \`after\` (1 to ${MAX_PAGE_SIZE}); \`first\` or \`last\` is required.`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `How many rows from the end, or before \`before\` (1 to ${MAX_PAGE_SIZE}): paging backwards.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'The startCursor of the page after the one wanted.' })
  before?: string | null;
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

/** A Relay connection type for `node` (paging forward with `first`/`after`, backward with `last`/`before`). */
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

/** An edge of a page, its cursor encoded only when read: most screens ask for the nodes alone. */
class RowEdge<T> {
  constructor(
    private readonly row: Record<string, unknown>,
    readonly node: T,
  ) {}

  get cursor(): string {
    return encodeCursor(String(this.row.sortKey), String(this.row.dbId));
  }
}

function decodeCursor(cursor: string, arg: 'after' | 'before'): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && /^\d{1,18}$/.test(v[1]))
      return v as Cursor;
  } catch {
    // fall through to the error below
  }
  throw badInput(`${arg}: not a cursor returned by this API`, { [arg]: cursor }, arg);
}

/**
 * A page's size and direction: `first` (with `after`) forwards or `last` (with `before`) backwards, one of them, 1 to the
 * maximum — `maxSize`, larger only for the server's own reads (a download of up to 10,000 rows in one statement), never a client's.
 */
export function checkPageArgs(args: PageArgs, maxSize = MAX_PAGE_SIZE): { size: number; backwards: boolean; cursor: Cursor | null } {
  const backwards = args.last != null;
  if ((args.first != null) === backwards)
    throw badInput(
      'give first (forwards) or last (backwards), not both nor neither',
      { first: args.first ?? null, last: args.last ?? null },
      'first',
    );
  if (backwards ? args.after : args.before)
    throw badInput(backwards ? 'after goes with first' : 'before goes with last', {}, backwards ? 'after' : 'before');
  const size = (backwards ? args.last : args.first) as number;
  const name = backwards ? 'last' : 'first';
  if (!Number.isInteger(size) || size < 1 || size > maxSize)
    throw badInput(`${name} must be from 1 to ${maxSize}`, { [name]: size, max: maxSize }, name);
  const given = backwards ? args.before : args.after;
  return { size, backwards, cursor: given ? decodeCursor(given, backwards ? 'before' : 'after') : null };
}

/** The rows past a cursor (its sort key and id, as parameters): after it forwards, before it backwards. */
const pastCursor = (sortKey: string, idKey: string, backwards: boolean, [key, id]: readonly [string, string]) =>
  `(${sortKey}, ${idKey}) ${backwards ? '<' : '>'} (${key}::text, ${id}::bigint)`;

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
  /**
   * Joins made once the page is cut: `from` is sorted and limited alone, as `alias`, and only the rows shown are
   * joined — the planner joins before it sorts, a joined row per row sorted. The cut keeps `keep` (by default every
   * column of `alias`, when `from` is that one table): where `from` is itself a join, only the key by which `join`
   * reads the row again, so that the rows sorted are narrow (the ratings of a province, 134,725 rows of 878 bytes,
   * spilled their hash join to disk).
   */
  joinAfter?: { alias: string; keep?: string; join: string };
  map: (row: Record<string, unknown>) => R;
  /** The rows of `from` and `where` over all pages, where something answers it without reading them (the subject tally). */
  count?: () => Promise<number>;
  /** The rows are dense in the order of an index on `sortKey`: the page walks it rather than sorting (db/plan-hints.ts). */
  walkInOrder?: boolean;
  /** The largest page (checkPageArgs). */
  maxSize?: number;
  /**
   * The read plans alike whatever its values: it runs as a named prepared statement, planned once per connection, rather
   * than with its values written in and planned at each request (the other reads' way: their plans need the values), while
   * fewer than 50 such texts are kept.
   */
  planKept?: boolean;
}

/**
 * Conditions one of which is FALSE, as the policies write a rule that no row can meet (a caller asking about a unit
 * outside their scope: casl-sql.ts): the page has no row, answered without a statement (planned, an auditor's empty
 * page of another province took 14 ms).
 */
const noRowMeets = (where: string[]) => where.includes('FALSE');

/** The reads whose plans are kept: a shape for each page size, direction and columns asked that clients use. */
const PAGE_SHAPES = new StatementShapes(50);

/**
 * Keyset pagination: `(sortKey, id) > cursor` forwards, `<` backwards (read in reverse order and
 * turned round), never OFFSET, so deep pages cost the same as the first.
 */
export async function keysetPage<R>(em: EntityManager, args: PageArgs, q: PageQuery<R>): Promise<ConnectionShape<R>> {
  const { size, backwards, cursor } = checkPageArgs(args, q.maxSize);
  if (noRowMeets(q.where)) return connectionOf([], { size, backwards, cursor }, q.map, async () => 0);
  const countParams = [...q.params.values];
  const where = [...q.where];
  if (cursor) where.push(pastCursor(q.sortKey, q.idKey, backwards, [q.params.add(cursor[0]), q.params.add(cursor[1])]));
  const order = backwards ? 'DESC' : 'ASC';
  const cut = (select: string) => `SELECT ${select}, (${q.sortKey}) AS "sortKey" FROM ${q.from}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${q.sortKey} ${order}, ${q.idKey} ${order} LIMIT ${size + 1}`;
  const after = q.joinAfter;
  const sql = after
    ? `SELECT ${q.select}, ${after.alias}."sortKey" FROM (${cut(after.keep ?? `${after.alias}.*`)}) ${after.alias} ${after.join}
    ORDER BY ${after.alias}."sortKey" ${order}, ${q.idKey} ${order}`
    : cut(q.select);
  const kept = q.planKept ? PAGE_SHAPES.named(sql) : undefined;
  const read = (m: EntityManager) =>
    kept ? kept.run(m, q.params.values) : queryWithValuesWrittenIn<Record<string, unknown>[]>(m, sql, q.params.values);
  const rows = await (q.walkInOrder ? withoutSorting(em, read) : read(em));
  const countSql = `SELECT count(*)::int AS n FROM ${q.from} ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}`;
  const count = q.count ?? (async () => (await queryWithValuesWrittenIn<{ n: number }[]>(em, countSql, countParams))[0].n);
  return connectionOf(rows, { size, backwards, cursor }, q.map, count);
}

/** One source of a merged page: rows of a table (or a join) with their sort key and id. */
export interface PagePart {
  from: string;
  where: string[];
  sortKey: string;
  idKey: string;
  /**
   * A text every sort key of the part begins with, kept out of `sortKey` so that an index on `sortKey` orders the part:
   * the rows' sort keys are `prefix` followed by it. A cursor in another part's range keeps the part whole or leaves it out.
   */
  prefix?: string;
  /** Columns the part gives its rows beside the key, read by `select` as `u.<name>`; the same names in every part. */
  columns?: string;
}

export interface MergedPageQuery<R> {
  /** The parts whose rows the page merges, a row found in several once (the same sort key and id). */
  merged: PagePart[];
  /** The columns of a row shown (its `"dbId"` the merged id, which the cursor keeps), and the joins that read them from the merged keys `u."sortKey"` and `u.id`. */
  select: string;
  join: string;
  params: SqlParams;
  map: (row: Record<string, unknown>) => R;
  count: () => Promise<number>;
  /** The parts are dense in the order of indexes on their sort keys: they walk them rather than sort (db/plan-hints.ts). */
  walkInOrder?: boolean;
  /** The largest page (checkPageArgs). */
  maxSize?: number;
}

/**
 * Where a part whose sort keys begin with `prefix` lies against a cursor's sort key: wholly before it (-1) or after it
 * (1), as `prefix` compares with it in COLLATE "C" (by UTF-8 bytes); or 0 when the cursor is inside it, at `rest`.
 */
function partAgainstCursor(prefix: string, key: string): { side: -1 | 0 | 1; rest: string } {
  if (key.startsWith(prefix)) return { side: 0, rest: key.slice(prefix.length) };
  return { side: Buffer.compare(Buffer.from(prefix), Buffer.from(key)) < 0 ? -1 : 1, rest: '' };
}

/**
 * Keyset pagination over the union of parts, each cut alone — sorted, the cursor applied, limited to the page —
 * before they are merged, so that none is read whole; then only the rows shown are joined.
 */
export async function mergedKeysetPage<R>(em: EntityManager, args: PageArgs, q: MergedPageQuery<R>): Promise<ConnectionShape<R>> {
  const { size, backwards, cursor } = checkPageArgs(args, q.maxSize);
  if (q.merged.length && q.merged.every((part) => noRowMeets(part.where)))
    return connectionOf([], { size, backwards, cursor }, q.map, async () => 0);
  const order = backwards ? 'DESC' : 'ASC';
  // The cursor's position in a part, as parameters: one pair for every part it falls in at the same place.
  const positions = new Map<string, readonly [string, string]>();
  const at = (rest: string, id: string) => positions.get(rest) ?? positions.set(rest, [q.params.add(rest), q.params.add(id)]).get(rest)!;
  const cut = (part: PagePart): string => {
    const where = [...part.where];
    if (cursor) {
      const { side, rest } = part.prefix === undefined ? { side: 0, rest: cursor[0] } : partAgainstCursor(part.prefix, cursor[0]);
      // Forwards a part wholly before the cursor has nothing left, backwards one wholly after it (its statement is kept:
      // its parameters are the statement's).
      if (side === (backwards ? 1 : -1)) where.push('FALSE');
      if (side === 0) where.push(pastCursor(part.sortKey, part.idKey, backwards, at(rest, cursor[1])));
    }
    const key = part.prefix === undefined ? part.sortKey : `(${q.params.add(part.prefix)}::text || ${part.sortKey})`;
    return `(SELECT ${key} AS "sortKey", ${part.idKey} AS id${part.columns ? `, ${part.columns}` : ''} FROM ${part.from}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${part.sortKey} ${order}, ${part.idKey} ${order} LIMIT ${size + 1})`;
  };
  if (q.merged.length === 0) return connectionOf([], { size, backwards, cursor }, q.map, q.count);
  const sql = `SELECT ${q.select}, u."sortKey" FROM (
      SELECT * FROM (${q.merged.map(cut).join(' UNION ')}) b ORDER BY "sortKey" ${order}, id ${order} LIMIT ${size + 1}
    ) u ${q.join} ORDER BY u."sortKey" ${order}, u.id ${order}`;
  const read = (m: EntityManager) => queryWithValuesWrittenIn<Record<string, unknown>[]>(m, sql, q.params.values);
  const rows = await (q.walkInOrder ? withoutSorting(em, read) : read(em));
  return connectionOf(rows, { size, backwards, cursor }, q.map, q.count);
}

/** A page's connection from its rows as read (one more than the page when there are more; in reverse order backwards). */
function connectionOf<R>(
  rows: Record<string, unknown>[],
  { size, backwards, cursor }: { size: number; backwards: boolean; cursor: Cursor | null },
  map: (row: Record<string, unknown>) => R,
  count: () => Promise<number>,
): ConnectionShape<R> {
  const more = rows.length > size;
  const page = backwards ? rows.slice(0, size).reverse() : rows.slice(0, size);
  const [hasNextPage, hasPreviousPage] = backwards ? [Boolean(cursor), more] : [more, Boolean(cursor)];
  const edges = page.map((row) => new RowEdge(row, map(row)));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: pageInfoOf(edges, hasNextPage, hasPreviousPage),
    count,
  };
}

/** A page's bounds, their cursors encoded only when read, as the edges' are. */
function pageInfoOf(edges: RowEdge<unknown>[], hasNextPage: boolean, hasPreviousPage: boolean): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage,
    get startCursor() {
      return edges[0]?.cursor ?? null;
    },
    get endCursor() {
      return edges.at(-1)?.cursor ?? null;
    },
  };
}
