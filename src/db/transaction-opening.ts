import { PoolClient, Query } from 'pg';

/** What TypeORM sends to open a transaction (PostgresQueryRunner.startTransaction), and to end one. */
const OPEN = 'START TRANSACTION';
const ENDS = new Set(['COMMIT', 'ROLLBACK']);

/** A statement as `client.query` takes it: its text, or a config with text, name and values. */
type Statement = [config: string | { text: string; name?: string; values?: unknown[] }, values?: unknown[]];

/** The parts of pg's connection and query this module reaches into (pg 8: not in its typings). */
interface WireConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(msg: { text: string; name: string }): void;
  bind(msg: { portal: string; statement: string; values: unknown[] }): void;
  execute(msg: { portal: string; rows: number }): void;
}
interface QueryInternals {
  text: string;
  name?: string;
  requiresPreparation(): boolean;
  submit(connection: WireConnection): Error | null;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
}

/** The result TypeORM reads back from a statement that opened or ended nothing on the wire. */
const nothingSent = (command: string) => ({ command, rows: [], rowCount: null, fields: [] });

/**
 * Opens a transaction with its first statement, in one write and one round trip, rather than with a round trip of
 * its own (a decision is nine statements: the opening was one ninth of its waits). `START TRANSACTION` is answered
 * at once and held; the next statement goes out behind it — a prepared one as extended-protocol messages after
 * the opening's, a plain text as one simple query — and the opening's completion is not taken for that statement's.
 * A transaction ended before any statement sent nothing at all. A named statement this connection has not parsed
 * yet goes after an opening of its own: pg records a statement as parsed at the first ParseComplete its query
 * receives, which would be the opening's.
 */
export function openingWithFirstStatement(client: PoolClient): (...statement: Statement) => Promise<unknown> {
  const run = client.query.bind(client) as unknown as (...statement: Statement | [QueryInternals]) => Promise<unknown>;
  const connection = () => (client as unknown as { connection: WireConnection }).connection;
  let opening = false;
  return (...statement) => {
    const [config, values] = statement;
    const text = typeof config === 'string' ? config : config.text;
    if (text === OPEN && !values?.length) {
      opening = true;
      return Promise.resolve(nothingSent('BEGIN'));
    }
    if (!opening) return run(...statement);
    opening = false;
    if (ENDS.has(text)) return Promise.resolve(nothingSent(text));
    const name = typeof config === 'string' ? undefined : config.name;
    if (name && connection().parsedStatements[name] === undefined) return run(OPEN).then(() => run(...statement));
    return new Promise((resolve, reject) => {
      const query = new Query(
        typeof config === 'string' ? { text: config, values } : { ...config, values: values ?? config.values },
        (err: Error | undefined, result: unknown) => (err ? reject(err) : resolve(result)),
      );
      void run(openedWith(query as unknown as QueryInternals));
    });
  };
}

/** The query sent behind the opening in one write; the opening's CommandComplete is swallowed. */
function openedWith(query: QueryInternals): QueryInternals {
  const submit = query.submit.bind(query);
  const complete = query.handleCommandComplete.bind(query);
  let opened = false;
  query.submit = (connection) => {
    if (!query.requiresPreparation()) {
      query.text = `${OPEN}; ${query.text}`;
      return submit(connection);
    }
    connection.stream.cork?.();
    try {
      connection.parse({ text: OPEN, name: '' });
      connection.bind({ portal: '', statement: '', values: [] });
      connection.execute({ portal: '', rows: 0 });
      return submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  };
  query.handleCommandComplete = (msg, connection) => {
    if (opened) return complete(msg, connection);
    opened = true;
  };
  return query;
}
