import pg from 'pg';
import { pgObjectsAsPlainObjects } from '../../src/db/pg-plain-objects';

interface Field {
  name: string;
  dataTypeID: number;
  format: 'text' | 'binary';
}
/** pg's result of one statement, as its query drives it (pg 8: exported, not in its typings). */
type ResultLike = { addFields(fields: Field[]): void; parseRow(values: (string | null)[]): Record<string, unknown>; fields: Field[] };
const { Result } = pg as unknown as { Result: new (rowMode?: string, types?: unknown) => ResultLike };

const INT4 = 23;
const TEXT = 25;
const BOOL = 16;
const field = (name: string, dataTypeID = TEXT): Field => ({ name, dataTypeID, format: 'text' });

/** The rows an answer of these columns and values gives, with pg's own description or with ours. */
function rowsOf(ours: boolean, fields: Field[], rows: (string | null)[][], rowMode?: string, types?: unknown) {
  const own = Result.prototype.addFields;
  if (!ours) Result.prototype.addFields = ORIGINAL;
  try {
    const result = new Result(rowMode, types);
    result.addFields(fields.map((f) => ({ ...f })));
    return rows.map((r) => result.parseRow(r));
  } finally {
    Result.prototype.addFields = own;
  }
}

const ORIGINAL = Result.prototype.addFields;
beforeAll(() => pgObjectsAsPlainObjects());

describe("the rows of an answer, described once per statement (pg's Result.addFields replaced)", () => {
  it('gives the same rows as pg: every column in order, each value parsed by its type, nulls kept', () => {
    const fields = [field('id'), field('n', INT4), field('ok', BOOL), field('person.code'), field('note')];
    const rows = [
      ['1', '42', 't', 'P-1', null],
      ['2', null, 'f', 'P-2', 'x'],
    ];
    const ours = rowsOf(true, fields, rows);
    expect(ours).toEqual([
      { id: '1', n: 42, ok: true, 'person.code': 'P-1', note: null },
      { id: '2', n: null, ok: false, 'person.code': 'P-2', note: 'x' },
    ]);
    expect(ours).toEqual(rowsOf(false, fields, rows));
    expect(ours.map((r) => Object.keys(r))).toEqual(rowsOf(false, fields, rows).map((r) => Object.keys(r)));
    expect(Object.getPrototypeOf(ours[0])).toBe(Object.prototype);
  });

  it('keeps the last of two columns of one name, as pg does', () => {
    const fields = [field('a'), field('a', INT4)];
    expect(rowsOf(true, fields, [['x', '7']])).toEqual([{ a: 7 }]);
    expect(rowsOf(true, fields, [['x', '7']])).toEqual(rowsOf(false, fields, [['x', '7']]));
  });

  it('leaves a column named __proto__ an own value, never the prototype of the row', () => {
    const fields = [field('__proto__'), field('b')];
    const [row] = rowsOf(true, fields, [['{"polluted":true}', 'y']]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(row, '__proto__')).toBe(true);
    expect((row as { polluted?: unknown }).polluted).toBeUndefined();
    expect(row).toEqual(rowsOf(false, fields, [['{"polluted":true}', 'y']])[0]);
  });

  it("uses a query's own type parsers where it gives them", () => {
    const types = { getTypeParser: (oid: number) => (oid === INT4 ? (v: string) => `int:${v}` : (v: string) => v) };
    expect(rowsOf(true, [field('n', INT4)], [['5']], undefined, types)).toEqual([{ n: 'int:5' }]);
  });

  it('still answers rows as arrays where the query asks for them', () => {
    expect(rowsOf(true, [field('a'), field('n', INT4)], [['x', '3']], 'array')).toEqual([['x', 3]]);
  });

  it('copies each row from a plain empty row, where pg 8.23 made one without prototype and spread it at every statement', () => {
    const result = new Result() as ResultLike & { _prebuiltEmptyResultObject: object };
    result.addFields([field('a'), field('b')]);
    expect(Object.getPrototypeOf(result._prebuiltEmptyResultObject)).toBe(Object.prototype);
    expect(result._prebuiltEmptyResultObject).toEqual({ a: null, b: null });
  });

  it('describes a statement of no columns without failing (a write without RETURNING)', () => {
    const result = new Result();
    result.addFields([]);
    expect(result.fields).toEqual([]);
  });
});

describe("a statement's config, copied by every query (pg's normalizeQueryConfig replaced)", () => {
  const MARK = Symbol('mark');
  const query = (config: unknown, values?: unknown, callback?: unknown) =>
    new (pg as unknown as { Query: new (c: unknown, v?: unknown, cb?: unknown) => Record<string, unknown> }).Query(
      config,
      values,
      callback,
    );

  it('runs what the caller gave, leaving the caller’s object as it was', () => {
    const config = { text: 'SELECT $1', name: 'p_x', values: [1], rowMode: 'array', [MARK]: true };
    const q = query(config, [2]);
    expect([q.text, q.name, q.values, q._rowMode]).toEqual(['SELECT $1', 'p_x', [2], 'array']);
    expect(config.values).toEqual([1]);
  });

  it('takes a callback given in place of the values, or after them', () => {
    const done = () => undefined;
    expect(query({ text: 'SELECT 1' }, done).callback).toBe(done);
    expect(query({ text: 'SELECT 1' }, [1], done).callback).toBe(done);
    expect(query('SELECT 1').text).toBe('SELECT 1');
  });

  it('copies a config of another kind as pg does, its accessors and prototype kept', () => {
    class Config {
      get text() {
        return 'SELECT 2';
      }
    }
    expect(query(new Config()).text).toBe('SELECT 2');
  });
});
