import { createHash } from 'node:crypto';
import type { PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { answeredWithNext, withNext } from './sent-with-next';
import { EntityManager, QueryFailedError, QueryRunner } from 'typeorm';

/**
 * A statement of fixed text run as a named prepared statement: each connection parses it once, and
 * after five runs PostgreSQL keeps a generic plan when it costs no more than planning each time
 * (parsing and planning were a third of a decision's database time). Made once per module from a
 * constant text, so a connection keeps few statements and always the same ones. Not for SQL whose plan
 * depends on the caller's unit-path prefixes (a page, a count over a scope): those need plans made with
 * the values — unless the policies' bounds hide them from the planner anyway (a unit's member page, the
 * quota meter's count: docs/performance.md, session 57).
 */
export class PreparedStatement {
  readonly name: string | undefined;

  /** `named: false` runs the text as an unnamed statement (parsed and planned each time). */
  constructor(
    readonly text: string,
    { named = true }: { named?: boolean } = {},
  ) {
    this.name = named ? `p_${createHash('sha1').update(text).digest('hex').slice(0, 30)}` : undefined;
  }

  /** The rows, as `em.query` returns them; in the manager's transaction when it has one. */
  async run<T = Record<string, unknown>>(em: EntityManager, values: unknown[]): Promise<T[]> {
    const ahead = em.queryRunner && readAhead.get(em.queryRunner)?.take(this, values);
    if (ahead) return ahead as T[];
    const runner = em.queryRunner ?? em.connection.createQueryRunner();
    try {
      return await send<T>(em, runner, (await runner.connect()) as PoolClient, [this, values]);
    } finally {
      if (!em.queryRunner) await runner.release();
    }
  }
}

/**
 * Sends a statement on the runner's connection as `em.query` would: through TypeORM's logger, which counts it and reports
 * it slow, and failing as `em.query` fails (QueryFailedError, the driver's fields copied), so callers tell failures apart
 * alike. `mark`: how the connection holds it for its next statement (db/sent-with-next.ts). Handed to the connection at
 * once: statements sent one after the other reach it in that order.
 */
function send<T>(
  em: EntityManager,
  runner: QueryRunner,
  client: PoolClient,
  [statement, values]: Read,
  mark: (c: { text: string; name?: string; values: unknown[] }) => object = (c) => c,
): Promise<T[]> {
  em.connection.logger.logQuery(statement.text, values, runner);
  const started = Date.now();
  const config = mark({ name: statement.name, text: statement.text, values }) as QueryConfig;
  return (client.query(config) as Promise<QueryResult<T & QueryResultRow>>).then(
    ({ rows }) => {
      const took = Date.now() - started;
      const slow = em.connection.options.maxQueryExecutionTime;
      if (slow && took > slow) em.connection.logger.logQuerySlow(took, statement.text, values, runner);
      return rows;
    },
    (e: unknown) => Promise.reject(new QueryFailedError(statement.text, values, e as Error)),
  );
}

/**
 * A write that returns nothing, sent with the transaction's next statement — its commit, at the latest — in the same round
 * trip (db/sent-with-next.ts): its failure fails that statement and so the transaction. Run at once outside a transaction.
 */
export async function sendWithNext(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<void> {
  const runner = em.queryRunner;
  if (!runner?.isTransactionActive) {
    await statement.run(em, values);
    return;
  }
  await send(em, runner, (await runner.connect()) as PoolClient, [statement, values], withNext);
}

/**
 * Two statements in one round trip, in order, in the manager's transaction: `first` is held and sent with `second`
 * (db/sent-with-next.ts), which runs after it — it sees what `first` wrote or waited for. If `first` fails, PostgreSQL
 * skips `second` and both fail with its error; either failing fails the transaction. Outside a transaction, one after
 * the other. Each statement answers its own rows, or from what was read ahead (withReadAhead).
 */
export async function runTogether<A = Record<string, unknown>, B = Record<string, unknown>>(
  em: EntityManager,
  first: Read,
  second: Read,
): Promise<[A[], B[]]> {
  const runner = em.queryRunner;
  const ahead = runner && readAhead.get(runner);
  if (!runner?.isTransactionActive || ahead?.has(first) || ahead?.has(second))
    return [await runRead<A>(em, first), await runRead<B>(em, second)];
  const client = (await runner.connect()) as PoolClient;
  return Promise.all([send<A>(em, runner, client, first, answeredWithNext), send<B>(em, runner, client, second)]);
}

/** Texts built at run time that come in a bounded number of shapes, each kept as a named statement while there are few. */
export class StatementShapes {
  private readonly byText = new Map<string, PreparedStatement>();

  /** `most`: past this many shapes a text is not kept, so that a connection never holds more than these and the constant ones. */
  constructor(private readonly most: number) {}

  /** The named statement of a text, made once; undefined once `most` other shapes are kept. */
  named(text: string): PreparedStatement | undefined {
    let statement = this.byText.get(text);
    if (!statement && this.byText.size < this.most) this.byText.set(text, (statement = new PreparedStatement(text)));
    return statement;
  }
}

/** A workflow step's columns, a kind's view. */
const MOST_SHAPES = 200;
const WORKFLOW_SHAPES = new StatementShapes(MOST_SHAPES);

/**
 * Runs a text built at run time as a named prepared statement, made once per text, when the text is one of a bounded
 * number of shapes (its values all parameters). Ability conditions qualify only where a key or a small limit drives
 * the plan (one subject's authority, a count up to a threshold), not where the unit paths do (see PreparedStatement).
 */
export function runShaped<T = Record<string, unknown>>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  return shaped(text).run<T>(em, values);
}

/** The statement `runShaped` runs a text as: unnamed past the shapes kept. */
export function shaped(text: string): PreparedStatement {
  return WORKFLOW_SHAPES.named(text) ?? new PreparedStatement(text, { named: false });
}

/** A prepared statement with its values: one of the reads `withReadAhead` makes together. */
export type Read = readonly [statement: PreparedStatement, values: unknown[]];

/** Runs one read as its statement would. */
export const runRead = <T = Record<string, unknown>>(em: EntityManager, [statement, values]: Read): Promise<T[]> =>
  statement.run<T>(em, values);

/**
 * The rows read ahead on one connection, each answered once to the statement and values it was read for. Kept by the
 * statement's text (a string kept with its statement, whose hash V8 computes once), then by the values: a key of text and
 * values together was a new string of some kilobytes, hashed at every read.
 */
class ReadAhead {
  private readonly rows = new Map<string, Map<string, unknown[]>>();

  constructor(reads: Read[], answers: unknown[][]) {
    reads.forEach(([statement, values], i) => {
      let byValues = this.rows.get(statement.text);
      if (!byValues) this.rows.set(statement.text, (byValues = new Map<string, unknown[]>()));
      byValues.set(JSON.stringify(values), answers[i]);
    });
  }

  has([statement, values]: Read): boolean {
    return this.rows.get(statement.text)?.has(JSON.stringify(values)) ?? false;
  }

  take(statement: PreparedStatement, values: unknown[]): unknown[] | undefined {
    const byValues = this.rows.get(statement.text);
    if (!byValues) return undefined;
    const key = JSON.stringify(values);
    const rows = byValues.get(key);
    byValues.delete(key);
    return rows;
  }
}

const readAhead = new WeakMap<object, ReadAhead>();

/** A statement's parameters renumbered from `offset + 1`, so that several texts share one list of values. */
export const renumbered = (text: string, offset: number) => text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);

/**
 * The statement that makes `reads` at once, each read's rows one JSON column: its text written once per list of
 * statements (and their numbers of values), not renumbered and looked up again at every decision.
 */
function readsTogether(reads: Read[]): PreparedStatement {
  const key = reads.map(([statement, own]) => `${statement.name ?? statement.text}:${own.length}`).join('\u0000');
  let statement = TOGETHER.get(key);
  if (!statement) {
    let offset = 0;
    const columns = reads.map(([read, own], i) => {
      const text = renumbered(read.text, offset);
      offset += own.length;
      return `(SELECT COALESCE(json_agg(x), '[]'::json) FROM (${text}) x) AS r${i}`;
    });
    statement = shaped(`SELECT ${columns.join(', ')}`);
    if (TOGETHER.size < MOST_SHAPES) TOGETHER.set(key, statement);
  }
  return statement;
}

const TOGETHER = new Map<string, PreparedStatement>();

/**
 * Makes `reads` in one statement and one round trip (with `after`, when given, a statement of its own after it in the
 * same round trip), then runs `run`: while it runs, each of those statements run on the manager's connection with the
 * same values answers from what was read, once (a value the statement would not return as JSON does — a timestamp, a
 * numeric — must not be among the reads' columns). For reads that `run` makes before writing anything they read: the
 * caller answers for that, as for the order of the rows (each read's own ORDER BY, which PostgreSQL keeps in the
 * aggregate of a sorted subquery).
 */
export async function withReadAhead<T>(em: EntityManager, reads: Read[], run: () => Promise<T>, after?: Read): Promise<T> {
  const runner = em.queryRunner;
  if (!runner || reads.length === 0) return run();
  const together: Read = [readsTogether(reads), reads.flatMap(([, own]) => own)];
  // `after`, a statement of its own in the same round trip, sees what the reads' statement waited for (a lock among them).
  type Row = Record<string, unknown[]>;
  const [[row], afterRows]: [Row[], unknown[]] = after
    ? await runTogether<Row, unknown>(em, together, after)
    : [await runRead<Row>(em, together), []];
  readAhead.set(runner, new ReadAhead(after ? [...reads, after] : reads, [...reads.map((_, i) => row[`r${i}`]), afterRows]));
  try {
    return await run();
  } finally {
    readAhead.delete(runner);
  }
}
