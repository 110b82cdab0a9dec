import pg, { escapeLiteral } from 'pg';
import { EntityManager } from 'typeorm';

/** The driver's conversion of a parameter to the text it sends (pg 8: exported, not in its typings). */
export const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): string | Buffer | null } }).utils;

/** Values past this many characters in all stay parameters: escaping them costs more than a plan's memory saves. */
const MOST_CHARACTERS = 32_768;

/**
 * A read's values written into its text as quoted literals, to be sent as a simple query; null where they must stay
 * parameters. PostgreSQL plans an unnamed statement of the extended protocol (the one every parameterized query takes)
 * through its plan cache, whose memory it takes anew from the system for each one: a page over the subjects' view, with
 * an ability's conditions, took 478–1,355 page faults a statement (6–20 ms on these machines) where the same text with
 * its values written in took none (an administrator's subjects page 8.6 → 1.7 ms, a province secretary's 29 → 8 ms).
 *
 * Each value is turned into text as the driver turns a parameter (`prepareValue`) and quoted as the driver quotes
 * (`escapeLiteral`): a literal of unknown type, resolved where it stands as the parameter was. So only for statements
 * whose values stand where their own place gives them a type — compared with a column, cast, in a range — as the
 * pages' conditions do: a parameter used twice takes its type from its first place, a literal from each. Left as
 * parameters: bytes, a text holding a NUL (the simple protocol's text ends there; PostgreSQL refuses it as a
 * parameter), long values, and a text this scanner cannot follow to its end.
 */
export function valuesWrittenIn(sql: string, values: readonly unknown[]): string | null {
  const literals: string[] = [];
  let characters = 0;
  for (const value of values) {
    const text = prepareValue(value);
    if (text === null) {
      literals.push('NULL');
      continue;
    }
    if (typeof text !== 'string' || text.includes('\0')) return null;
    characters += text.length;
    if (characters > MOST_CHARACTERS) return null;
    literals.push(escapeLiteral(text));
  }
  const template = templateOf(sql);
  if (template === null) return null;
  let out = template.between[0];
  for (let i = 0; i < template.parameters.length; i++) {
    const literal = literals[template.parameters[i] - 1];
    if (literal === undefined) return null;
    out += literal + template.between[i + 1];
  }
  return out;
}

/** A text's parameters (n of each `$n`, in order) and the text around them: `between` has one more part than `parameters`. */
interface Template {
  between: string[];
  parameters: number[];
}

/**
 * Texts already taken apart, by text: the texts are built at run time but come in a bounded number of shapes, and taking a
 * page's text apart character by character cost more than the rest of writing its values in (null: it cannot be followed).
 */
const TEMPLATES = new Map<string, Template | null>();
/** Past this many texts, a new one is taken apart each time rather than kept. */
const MOST_TEMPLATES = 500;

function templateOf(sql: string): Template | null {
  let template = TEMPLATES.get(sql);
  if (template === undefined) {
    template = templateFor(sql);
    if (TEMPLATES.size < MOST_TEMPLATES) TEMPLATES.set(sql, template);
  }
  return template;
}

function templateFor(sql: string): Template | null {
  const between: string[] = [];
  const parameters: number[] = [];
  let copied = 0;
  for (const piece of piecesOf(sql)) {
    if (piece.unended) return null;
    if (piece.parameter === null) continue;
    between.push(sql.slice(copied, piece.start));
    parameters.push(piece.parameter);
    copied = piece.end;
  }
  between.push(sql.slice(copied));
  return { between, parameters };
}

const IDENTIFIER_CHARACTER = /[A-Za-z0-9_$\u0080-\uffff]/;

/** True when the quote at `i` opens an escape string (E'…'): an E there that no name runs into. */
const escapePrefixed = (sql: string, i: number) => /[eE]/.test(sql[i - 1] ?? '') && !IDENTIFIER_CHARACTER.test(sql[i - 2] ?? ' ');

/** A quoted string (from its E, if any) or a parameter `$n` of a statement's text; or a quoted part that does not end. */
interface Piece {
  start: number;
  end: number;
  /** n of `$n`, null for the rest. */
  parameter: number | null;
  string: boolean;
  /** Runs to the end of the text, its closing missing. */
  unended: boolean;
}

/**
 * The quoted strings and the parameters of a statement's text, in order; quoted names, comments and dollar quotes passed
 * over whole. A quoted part that does not end comes last, reaching the end of the text.
 */
function* piecesOf(sql: string): Generator<Piece> {
  for (let i = 0; i < sql.length;) {
    const end = endOfQuoted(sql, i);
    const string = sql[i] === "'";
    if (end !== i) {
      if (string || end === null) {
        const start = string && escapePrefixed(sql, i) ? i - 1 : i;
        yield { start, end: end ?? sql.length, parameter: null, string, unended: end === null };
      }
      if (end === null) return;
      i = end;
      continue;
    }
    const parameter = sql[i] === '$' && !IDENTIFIER_CHARACTER.test(sql[i - 1] ?? ' ') ? /^\$(\d+)/.exec(sql.slice(i, i + 12)) : null;
    if (parameter) yield { start: i, end: i + parameter[0].length, parameter: Number(parameter[1]), string: false, unended: false };
    i += parameter ? parameter[0].length : 1;
  }
}

/** The text with each piece replaced by what `as` makes of it: kept where it gives undefined; null where it gives null. */
function rewritten(sql: string, as: (piece: Piece) => string | null | undefined): string | null {
  let out = '';
  let copied = 0;
  for (const piece of piecesOf(sql)) {
    const text = as(piece);
    if (text === null) return null;
    if (text === undefined) continue;
    out += sql.slice(copied, piece.start) + text;
    copied = piece.end;
  }
  return out + sql.slice(copied);
}

/**
 * Where what starts at `i` and must be passed over whole ends: a quoted string (E'…' with backslash escapes), a quoted
 * identifier, a comment, a dollar-quoted string; `i` itself when nothing of the kind starts there; null when it does
 * not end.
 */
function endOfQuoted(sql: string, i: number): number | null {
  const c = sql[i];
  if (c === "'") {
    const escapes = escapePrefixed(sql, i);
    for (let j = i + 1; j < sql.length; j++) {
      if (escapes && sql[j] === '\\') j += 1;
      else if (sql[j] === "'") {
        if (sql[j + 1] !== "'") return j + 1;
        j += 1;
      }
    }
    return null;
  }
  if (c === '"') {
    for (let j = i + 1; j < sql.length; j++)
      if (sql[j] === '"') {
        if (sql[j + 1] !== '"') return j + 1;
        j += 1;
      }
    return null;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && sql[i + 1] === '*') {
    let depth = 0;
    for (let j = i; j < sql.length - 1; j++) {
      const pair = sql.slice(j, j + 2);
      if (pair !== '/*' && pair !== '*/') continue;
      depth += pair === '/*' ? 1 : -1;
      j += 1;
      if (depth === 0) return j + 1;
    }
    return null;
  }
  if (c === '$' && !IDENTIFIER_CHARACTER.test(sql[i - 1] ?? ' ')) {
    const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
    if (!tag) return i;
    const end = sql.indexOf(tag[0], i + tag[0].length);
    return end < 0 ? null : end + tag[0].length;
  }
  return i;
}

/** The statement with every quoted string shown as '?': what a trace may keep of a text whose values are written in. */
export function withoutLiterals(sql: string): string {
  return rewritten(sql, (piece) => (piece.string ? "'?'" : undefined)) as string;
}

/** Runs a read with its values written in where they can be (`valuesWrittenIn`), as parameters where they cannot. */
export function queryWithValuesWrittenIn<T>(em: EntityManager, sql: string, values: readonly unknown[]): Promise<T> {
  const written = valuesWrittenIn(sql, values);
  return written === null ? em.query<T>(sql, [...values]) : em.query<T>(written);
}
