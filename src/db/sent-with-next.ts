import pg, { PoolClient, Query } from 'pg';

/** What TypeORM sends to open a transaction (PostgresQueryRunner.startTransaction), to end one, and what it reads back. */
const OPEN = 'START TRANSACTION';
const nothingSent = (command: string) => ({ command, rows: [], rowCount: null, fields: [] });

/** Marks a statement config: sent with the connection's next statement (PreparedStatement.sendWithNext). */
const WITH_NEXT = Symbol('sentWithNext');

/** A statement as `client.query` takes it: its text, or a config with text, name and values. */
type Config = { text: string; name?: string; values?: unknown[]; [WITH_NEXT]?: true };
type Statement = [config: string | Config, values?: unknown[]];

/** A config for `client.query` that a connection wrapped by `sendingWithNext` holds until its next statement (pg ignores the mark). */
export const withNext = (config: { text: string; name?: string; values: unknown[] }): Config => ({ ...config, [WITH_NEXT]: true });

/** The parts of pg's connection and query reached into (pg 8: not in its typings). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(msg: { text: string; name: string }): void;
  bind(msg: { portal: string; statement: string; values: unknown[]; valueMapper: unknown }): void;
  execute(msg: { portal: string; rows: number }): void;
}
interface QueryInternals {
  submit(connection: WireConnection): Error | null;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
}
const { prepareValue } = (pg as unknown as { utils: { prepareValue: unknown } }).utils;

/**
 * Statements whose answer no one waits for go out with the connection's next statement, in one write and one round
 * trip: the `START TRANSACTION` that opens a transaction, and writes that return nothing (the audit trail's event, sent
 * with the commit). A decision made nine round trips; it makes seven. Each is held, answered at once, and sent before
 * the next statement as extended-protocol messages under the same Sync: if one fails, PostgreSQL skips the rest, and
 * the next statement's caller — the commit, at the latest — gets its error, so the transaction fails whole. A
 * transaction rolled back drops what it held, and one ended before any statement sends nothing at all. A named
 * statement this connection has not parsed yet goes on its own, after what is held: pg records a statement as parsed
 * at the first ParseComplete its query receives, which would be another's.
 */
export function sendingWithNext(client: PoolClient): (...statement: Statement) => Promise<unknown> {
  const run = client.query.bind(client) as unknown as (...statement: Statement | [QueryInternals]) => Promise<unknown>;
  const connection = () => (client as unknown as { connection: WireConnection }).connection;
  const held: Config[] = [];
  const parsed = (c: Config) => !c.name || connection().parsedStatements[c.name] !== undefined;
  return async (...statement) => {
    const [first, values] = statement;
    const config: Config = typeof first === 'string' ? { text: first, values } : { ...first, values: values ?? first.values };
    if (config[WITH_NEXT] || (config.text === OPEN && !config.values?.length)) {
      held.push(config);
      return nothingSent(config.text === OPEN ? 'BEGIN' : '');
    }
    if (!held.length) return run(...statement);
    const ahead = held.splice(0);
    const opensHere = ahead[0].text === OPEN;
    if (config.text === 'ROLLBACK') return opensHere ? nothingSent('ROLLBACK') : run(...statement);
    if (config.text === 'COMMIT' && ahead.length === 1 && opensHere) return nothingSent('COMMIT');
    const plain = !config.name && !config.values?.length;
    // A plain text goes as one extended-protocol statement, which cannot hold several.
    if (!ahead.every(parsed) || !parsed(config) || (plain && config.text.includes(';'))) {
      for (const c of ahead) await run(c);
      return run(...statement);
    }
    return new Promise((resolve, reject) => {
      const query = new Query(
        { text: config.text, name: config.name, values: config.values, ...(plain ? { queryMode: 'extended' } : {}) } as pg.QueryConfig,
        (err: Error | undefined, result: unknown) => (err ? reject(err) : resolve(result)),
      );
      void run(behind(ahead, query as unknown as QueryInternals));
    });
  };
}

/** The query sent behind the statements held, in one write; their completions are not taken for its own. */
function behind(ahead: Config[], query: QueryInternals): QueryInternals {
  const submit = query.submit.bind(query);
  const complete = query.handleCommandComplete.bind(query);
  let unanswered = ahead.length;
  query.submit = (connection) => {
    connection.stream.cork?.();
    try {
      for (const c of ahead) {
        if (!c.name) connection.parse({ text: c.text, name: '' });
        connection.bind({ portal: '', statement: c.name ?? '', values: c.values ?? [], valueMapper: prepareValue });
        connection.execute({ portal: '', rows: 0 });
      }
      return submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  };
  query.handleCommandComplete = (msg, connection) => {
    if (unanswered === 0) return complete(msg, connection);
    unanswered -= 1;
  };
  return query;
}
