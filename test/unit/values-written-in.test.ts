import { valuesWrittenIn, withoutLiterals } from '../../src/db/values-written-in';
import { StatementCounter } from '../../src/db/statement-counter';

describe('values written into a read', () => {
  it('writes each parameter as the quoted text the driver would send, $10 apart from $1', () => {
    const values = ['a', 2, null, true, ['x', 'y z'], { k: 'v' }, 7, 8, 9, 'ten'];
    expect(valuesWrittenIn('SELECT $1, $2, $3, $4, $5, $6, $10, $1', values)).toBe(
      `SELECT 'a', '2', NULL, 'true', '{"x","y z"}', '{"k":"v"}', 'ten', 'a'`,
    );
  });

  it('writes the values of each call into a text it has seen before, and refuses a missing one each time', () => {
    const sql = `SELECT x FROM t WHERE a = $1 AND b = ANY($2) AND c = '$1'`;
    expect(valuesWrittenIn(sql, ['one', [1, 2]])).toBe(`SELECT x FROM t WHERE a = 'one' AND b = ANY('{"1","2"}') AND c = '$1'`);
    expect(valuesWrittenIn(sql, [`it's`, []])).toBe(`SELECT x FROM t WHERE a = 'it''s' AND b = ANY('{}') AND c = '$1'`);
    expect(valuesWrittenIn(sql, ['one'])).toBeNull();
    expect(valuesWrittenIn(sql, ['two', [3]])).toBe(`SELECT x FROM t WHERE a = 'two' AND b = ANY('{"3"}') AND c = '$1'`);
  });

  it('doubles quotes, and writes a backslash in an escape string, so a value never ends its literal', () => {
    expect(valuesWrittenIn('SELECT $1', [`it's`])).toBe(`SELECT 'it''s'`);
    expect(valuesWrittenIn('SELECT $1', [`\\'; DROP TABLE person; --`])).toBe(`SELECT  E'\\\\''; DROP TABLE person; --'`);
  });

  it('leaves what looks like a parameter inside strings, quoted names, comments and dollar quotes', () => {
    const sql = `SELECT '$1', E'\\'$1', "a$1""$1", x$1, $$ $1 $$, $t$ $1 $t$ -- $1
      /* $1 /* $1 */ $1 */ FROM t WHERE c = $1`;
    expect(valuesWrittenIn(sql, ['v'])).toBe(sql.replace(/= \$1$/, `= 'v'`));
  });

  it('keeps as parameters what it cannot write in: bytes, a NUL, long values, a text it cannot follow, a missing value', () => {
    expect(valuesWrittenIn('SELECT $1', [Buffer.from('x')])).toBeNull();
    expect(valuesWrittenIn('SELECT $1', ['a\0b'])).toBeNull();
    expect(valuesWrittenIn('SELECT $1', ['x'.repeat(40_000)])).toBeNull();
    expect(valuesWrittenIn(`SELECT 'open, $1`, ['v'])).toBeNull();
    expect(valuesWrittenIn('SELECT /* open $1', ['v'])).toBeNull();
    expect(valuesWrittenIn('SELECT $2', ['v'])).toBeNull();
  });
});

describe('a statement as a trace keeps it', () => {
  it('shows every quoted string as ?, escape strings with their prefix, and keeps the rest', () => {
    const written = valuesWrittenIn(`SELECT x FROM t WHERE "n's" = $1 AND y = $2 -- it's`, [`Hồ Thị Hà`, `a\\b`]) as string;
    expect(withoutLiterals(written)).toBe(`SELECT x FROM t WHERE "n's" = '?' AND y =  '?' -- it's`);
    expect(withoutLiterals(`SELECT 'open`)).toBe(`SELECT '?'`);
  });
});

describe('the slow-statement log', () => {
  it('shows a read without the values written into it', () => {
    const written = valuesWrittenIn('SELECT * FROM person WHERE full_name = $1', ['Hồ Thị Hà']) as string;
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((line) => lines.push(String(line)) > 0);
    try {
      new StatementCounter().logQuerySlow(1200, written);
    } finally {
      write.mockRestore();
    }
    expect(lines).toEqual([`slow SQL 1200 ms: SELECT * FROM person WHERE full_name = '?'\n`]);
  });
});
