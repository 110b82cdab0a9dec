import pg, { PoolClient, Query } from 'pg';
import { currentTally } from './statement-counter';
import { prepareValue, valuesWrittenIn } from './values-written-in';

/** What TypeORM sends to open a transaction (PostgresQueryRunner.startTransaction), to end one, and what it reads back. */
const OPEN = 'START TRANSACTION';
const nothingSent = (command: string) => ({ command, rows: [], rowCount: null, fields: [] });

/** Marks a statement config: sent with the connection's next statement (PreparedStatement.sendWithNext). */
const WITH_NEXT = Symbol('sentWithNext');
/** Marks a held statement whose rows its caller waits for: they come back in the round trip of the next statement. */
const ANSWERED = Symbol('answered');

/** Where a held statement's result, or the failure of its round trip, goes. */
interface Answer {
  resolve(result: pg.QueryResult): void;
  reject(e: unknown): void;
}

/** A statement as `client.query` takes it: its text, or a config with text, name and values. */
type Config = { text: string; name?: string; values?: unknown[]; [WITH_NEXT]?: true; [ANSWERED]?: true };
/** A statement held, and where its answer goes when its caller waits for one. */
type Held = { config: Config; answer: Answer | null };
type Statement = [config: string | Config, values?: unknown[]];

/** A config for `client.query` that a connection wrapped by `sendingWithNext` holds until its next statement (pg ignores the mark). */
export const withNext = (config: { text: string; name?: string; values: unknown[] }): Config => ({ ...config, [WITH_NEXT]: true });

/**
 * A config held like `withNext`'s, but answered: `client.query` returns a promise of its result, settled when the
 * connection's next statement has made the round trip both go in. Nothing is sent until that next statement is.
 */
export const answeredWithNext = (config: { text: string; name?: string; values: unknown[] }): Config => ({
  ...config,
  [WITH_NEXT]: true,
  [ANSWERED]: true,
});

/** True for a statement held and answered with the next one: nothing may wait for its answer before that next is sent. */
export const answeredLater = (config: unknown): boolean => typeof config === 'object' && config !== null && ANSWERED in config;

/** The parts of pg's connection and query reached into (pg 8: not in its typings). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(msg: { text: string; name: string }): void;
  describe(msg: { type: 'P'; name: string }): void;
  bind(msg: { portal: string; statement: string; values: unknown[]; valueMapper: unknown }): void;
  execute(msg: { portal: string; rows: number }): void;
}
interface QueryInternals {
  submit(connection: WireConnection): Error | null;
  handleRowDescription(msg: { fields: unknown[] }): void;
  handleDataRow(msg: { fields: unknown[] }): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
}
/** pg's result of one statement (pg 8: exported, not in its typings). */
interface ResultInternals extends pg.QueryResult {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(msg: unknown): void;
}
const { Result } = pg as unknown as { Result: new () => ResultInternals };

/**
 * Statements whose answer no one waits for go out with the connection's next statement, in one write and one round
 * trip: the `START TRANSACTION` that opens a transaction, and writes that return nothing (the audit trail's event, sent
 * with the commit). Each is held, answered at once, and sent before the next statement as extended-protocol messages
 * under the same Sync: if one fails, PostgreSQL skips the rest, and the next statement's caller — the commit, at the
 * latest — gets its error, so the transaction fails whole. A statement held as answered (`answeredWithNext`, for
 * `runTogether`) is described too, and its caller gets its rows when that round trip ends, or its error. A decision
 * made nine round trips; it makes five. A transaction rolled back drops what it held (an answered statement fails), and
 * one ended before any statement sends nothing at all. A named statement this connection has not parsed yet goes on
 * its own, after what is held: pg records a statement as parsed at the first ParseComplete its query receives, which
 * would be another's.
 */
export function sendingWithNext(client: PoolClient): (...statement: Statement) => Promise<unknown> {
  const send = client.query.bind(client) as unknown as (...statement: Statement | [QueryInternals]) => Promise<unknown>;
  // Each call of pg's own query is one round trip: counted where the request is (extensions.sqlRoundTrips).
  const run = (...statement: Statement | [QueryInternals]) => {
    const tally = currentTally();
    if (tally) tally.roundTrips += 1;
    return send(...statement);
  };
  const connection = () => (client as unknown as { connection: WireConnection }).connection;
  const held: Held[] = [];
  const parsed = (c: Config) => !c.name || connection().parsedStatements[c.name] !== undefined;
  return async (...statement) => {
    const [first, values] = statement;
    const config: Config = typeof first === 'string' ? { text: first, values } : { ...first, values: values ?? first.values };
    if (config[WITH_NEXT] || (config.text === OPEN && !config.values?.length)) {
      if (config[ANSWERED]) return new Promise((resolve, reject) => held.push({ config, answer: { resolve, reject } }));
      held.push({ config, answer: null });
      return nothingSent(config.text === OPEN ? 'BEGIN' : '');
    }
    if (!held.length) return run(...statement);
    const ahead = held.splice(0);
    const opensHere = ahead[0].config.text === OPEN;
    if (config.text === 'ROLLBACK') {
      failAnswers(ahead, new Error('the transaction was rolled back before this statement was sent'));
      return opensHere ? nothingSent('ROLLBACK') : run(...statement);
    }
    if (config.text === 'COMMIT' && ahead.length === 1 && opensHere) return nothingSent('COMMIT');
    const plain = !config.name && !config.values?.length;
    const together = plain && READ.test(config.text) ? asOneText(ahead, config.text) : null;
    if (together) {
      // One result per statement: the read's is the last.
      const results = (await run(together)) as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(results) ? results.at(-1) : results;
    }
    // A plain text goes as one extended-protocol statement, which cannot hold several.
    if (!ahead.every((h) => parsed(h.config)) || !parsed(config) || (plain && config.text.includes(';'))) {
      try {
        for (const h of ahead) {
          const result = (await run(h.config)) as pg.QueryResult;
          h.answer?.resolve(result);
        }
      } catch (e) {
        failAnswers(ahead, e);
        throw e;
      }
      return run(...statement);
    }
    return new Promise((resolve, reject) => {
      const query = new Query(
        { text: config.text, name: config.name, values: config.values, ...(plain ? { queryMode: 'extended' } : {}) } as pg.QueryConfig,
        (err: Error | undefined, result: unknown) => {
          if (!err) return resolve(result);
          failAnswers(ahead, err);
          reject(err);
        },
      );
      void run(behind(ahead, query as unknown as QueryInternals));
    });
  };
}

/** A read that goes as a simple query, its values written in (db/values-written-in.ts). */
const READ = /^\s*(SELECT|WITH)\b/i;
const HELD_READ = /^\s*SELECT\b/i;

/**
 * The statements held and a read after them as one simple query, the held ones' values written in: a read sent as plain
 * text has its values written in to be planned outside the plan cache, which the extended protocol would take it
 * through again. Null when a held statement is answered (its rows would come back among the read's), or is a write with values.
 */
function asOneText(ahead: Held[], read: string): string | null {
  const texts: string[] = [];
  for (const { config, answer } of ahead) {
    if (answer) return null;
    if (!config.values?.length) {
      texts.push(config.text);
      continue;
    }
    // Only a held read (a setting) has its values written in: a held write keeps its prepared statement.
    const text = HELD_READ.test(config.text) ? valuesWrittenIn(config.text, config.values) : null;
    if (text === null) return null;
    texts.push(text);
  }
  return [...texts, read].join(';\n');
}

/** The held statements a caller waits for fail with the round trip they were in (a statement failed: PostgreSQL skipped the rest). */
function failAnswers(ahead: Held[], e: unknown): void {
  for (const h of ahead) h.answer?.reject(e);
}

/**
 * The query sent behind the statements held, in one write. The completions of the held statements are not taken for its
 * own; those answered are described, and their rows go to their callers as each completes.
 */
function behind(ahead: Held[], query: QueryInternals): QueryInternals {
  const submit = query.submit.bind(query);
  const own = {
    described: query.handleRowDescription.bind(query),
    row: query.handleDataRow.bind(query),
    complete: query.handleCommandComplete.bind(query),
  };
  const pending = ahead.map((h) => ({ answer: h.answer, result: h.answer ? new Result() : null }));
  query.submit = (connection) => {
    connection.stream.cork?.();
    try {
      for (const { config: c, answer } of ahead) {
        if (!c.name) connection.parse({ text: c.text, name: '' });
        connection.bind({ portal: '', statement: c.name ?? '', values: c.values ?? [], valueMapper: prepareValue });
        if (answer) connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '', rows: 0 });
      }
      return submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  };
  query.handleRowDescription = (msg) => (pending.length ? pending[0].result?.addFields(msg.fields) : own.described(msg));
  query.handleDataRow = (msg) => {
    const result = pending.length ? pending[0].result : null;
    if (result) result.addRow(result.parseRow(msg.fields));
    else if (!pending.length) own.row(msg);
  };
  query.handleCommandComplete = (msg, connection) => {
    const held = pending.shift();
    if (!held) return own.complete(msg, connection);
    if (held.answer && held.result) {
      held.result.addCommandComplete(msg);
      held.answer.resolve(held.result);
    }
  };
  return query;
}
