import pg from 'pg';
import pgUtils from 'pg/lib/utils';

/** A column of a statement's answer, as pg describes it. */
interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: 'text' | 'binary';
}

/** The parts of pg's result of one statement that describe its rows (pg 8: exported, not in its typings). */
interface ResultInternals {
  fields: FieldDescription[];
  _parsers: ((value: unknown) => unknown)[] | undefined;
  _types: { getTypeParser(oid: number, format: 'text' | 'binary'): (value: unknown) => unknown } | undefined;
  _prebuiltEmptyResultObject: Record<string, null> | null;
  addFields(fields: FieldDescription[]): void;
}

/** pg's copy of a statement's config, made by every query it runs (pg 8: `pg/lib/utils`, not in its typings). */
interface UtilsInternals {
  normalizeQueryConfig(config: unknown, values?: unknown, callback?: unknown): Record<string | symbol, unknown>;
}

const { Result } = pg as unknown as { Result: { prototype: ResultInternals } };
const described = Result.prototype.addFields;
const utils = pgUtils as unknown as UtilsInternals;
const normalized = utils.normalizeQueryConfig;

/**
 * pg 8.23 builds the empty row it copies for each row of an answer as an object without prototype, then spreads it: a
 * spread of such an object adds its properties one by one in V8's runtime — 4.4 µs for 20 columns, 16 µs for 60, at
 * every statement's description, while the same empty row made as a plain object takes 0.4 and 1.9 µs (pg's own
 * `new Result().addFields`, 5 to 33 µs with its parsers). Each row is then copied from a plain object of the same shape,
 * as before. A column named `__proto__` would set a plain object's prototype: such an answer is described by pg's own.
 */
function addFields(this: ResultInternals, fields: FieldDescription[]): void {
  if (fields.some((f) => f.name === '__proto__')) return described.call(this, fields);
  this.fields = fields;
  if (fields.length) this._parsers = new Array<(value: unknown) => unknown>(fields.length);
  const row: Record<string, null> = {};
  const types = this._types ?? pg.types;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    row[field.name] = null;
    this._parsers![i] = types.getTypeParser(field.dataTypeID, field.format || 'text') as (value: unknown) => unknown;
  }
  this._prebuiltEmptyResultObject = row;
}

/**
 * pg 8.23 copies each statement's config, so as not to change the caller's, through its property descriptors: 2.3–2.5 µs
 * a statement, where a spread of a plain object's own properties (all a literal has) takes 0.03. A config of another
 * kind (a class's, with a prototype or accessors) is copied by pg's own.
 */
function normalizeQueryConfig(config: unknown, values?: unknown, callback?: unknown): Record<string | symbol, unknown> {
  if (typeof config !== 'object' || config === null || Object.getPrototypeOf(config) !== Object.prototype)
    return normalized(config, values, callback);
  const copy: Record<string | symbol, unknown> = { ...(config as Record<string | symbol, unknown>) };
  if (values) {
    if (typeof values === 'function') copy.callback = values;
    else copy.values = values;
  }
  if (callback) copy.callback = callback;
  return copy;
}

/** pg's objects of every statement of this process made as plain objects (above); once is enough, and again does nothing. */
export function pgObjectsAsPlainObjects(): void {
  Result.prototype.addFields = addFields;
  utils.normalizeQueryConfig = normalizeQueryConfig;
}
