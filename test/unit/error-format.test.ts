import { GraphQLError } from 'graphql';
import { formatError } from '../../src/http/apollo';

/**
 * What a client reads of an unexpected error: a stable code and a plain message, never the SQL or the stack.
 * The errors are those pg and TypeORM throw, by their messages.
 */
const answered = (message: string, sqlState?: string) => {
  const originalError = Object.assign(new Error(message), sqlState ? { code: sqlState } : {});
  const error = new GraphQLError('x', { path: ['people', 'totalCount'], originalError });
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const out = formatError({ message, path: ['people', 'totalCount'] }, error);
  return { code: out.extensions?.code, path: out.path, leaks: out.message.includes('SELECT') };
};

describe('unexpected errors as a client reads them', () => {
  afterEach(() => jest.restoreAllMocks());

  it('names a statement that ran past the database’s statement timeout, at its field', () => {
    expect(answered('canceling statement due to statement timeout')).toEqual({
      code: 'QUERY_TIMEOUT',
      path: ['people', 'totalCount'],
      leaks: false,
    });
  });

  it('says the database is unavailable when the connection dropped', () => {
    expect(answered('Connection terminated unexpectedly').code).toBe('SERVICE_UNAVAILABLE');
  });

  it('asks to try again when the transaction was rolled back by a deadlock, again and again', () => {
    expect(answered('deadlock detected', '40P01').code).toBe('SERVICE_UNAVAILABLE');
    expect(answered('could not serialize access due to concurrent update', '40001').code).toBe('SERVICE_UNAVAILABLE');
    // By its SQLSTATE: the server's messages follow its lc_messages.
    expect(answered('phát hiện khóa chết', '40P01').code).toBe('SERVICE_UNAVAILABLE');
  });

  it('keeps anything else internal, without its text', () => {
    expect(answered('syntax error at or near "SELECT x FROM person"')).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      path: ['people', 'totalCount'],
      leaks: false,
    });
  });
});
