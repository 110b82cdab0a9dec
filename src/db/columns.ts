import { getMetadataArgsStorage } from 'typeorm';
import { KeptWith } from '../policies/kept-with';

/** A table's entity class (src/entities): the one place its columns and their types are named. */
export type EntityClass<E> = abstract new () => E;

/** One column as the entity declares it. */
export interface ColumnOf {
  property: string;
  column: string;
  /** The PostgreSQL type of one value (`bigint`, `text`, `date`…), without the array brackets. */
  type: string;
  array: boolean;
  nullable: boolean;
}

const known = new Map<EntityClass<unknown>, ColumnOf[]>();

/** The class and the classes it extends (SubjectSelector's columns belong to two tables). */
function lineage(entity: EntityClass<unknown>): EntityClass<unknown>[] {
  const chain: EntityClass<unknown>[] = [];
  for (let c = entity; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as EntityClass<unknown>) chain.push(c);
  return chain;
}

/** The columns an entity declares, read once from its decorators. */
export function columnsOf<E>(entity: EntityClass<E>): ColumnOf[] {
  let cols = known.get(entity);
  if (!cols) {
    cols = getMetadataArgsStorage()
      .filterColumns(lineage(entity))
      .map(({ propertyName, options }) => ({
        property: propertyName,
        column: options.name ?? propertyName,
        type: String(options.type),
        array: Boolean(options.array),
        nullable: Boolean(options.nullable),
      }));
    known.set(entity, cols);
  }
  return cols;
}

/** The properties a select list of the entity less `omit` reads. */
export const propertiesOf = <E>(entity: EntityClass<E>, omit: readonly (keyof E & string)[] = []): string[] =>
  columnsOf(entity)
    .map((c) => c.property)
    .filter((p) => !(omit as readonly string[]).includes(p));

/** `alias.column` for each of these properties of the entity: a subquery's columns, read again by their names. */
export const columnsFor = <E>(entity: EntityClass<E>, alias: string, properties: ReadonlySet<string>): string =>
  columnsOf(entity)
    .filter((c) => properties.has(c.property))
    .map((c) => `${alias}.${c.column}`)
    .join(', ');

/** The table an entity maps. */
export function tableOf<E>(entity: EntityClass<E>): string {
  const table = getMetadataArgsStorage().tables.find((t) => t.target === entity);
  if (!table?.name) throw new Error(`${entity.name} is not an entity with a table name`);
  return table.name;
}

function columnOf<E>(entity: EntityClass<E>, property: keyof E & string): ColumnOf {
  const c = columnsOf(entity).find((x) => x.property === property);
  if (!c) throw new Error(`${entity.name} has no column ${property}`);
  return c;
}

/** A string for some of an entity's properties: another name, or the SQL a column is written from. */
type ByProperty<E> = { readonly [K in keyof E & string]?: string };

/** The row a select list reads: the entity's properties less `O`, renamed by `A`. */
export type Selected<E, A extends ByProperty<E> = Record<never, never>, O extends keyof E = never> = {
  [K in Exclude<keyof E & string, O> as K extends keyof A ? (A[K] extends string ? A[K] : K) : K]: E[K];
};

export interface SelectOptions<E, A extends ByProperty<E>, O extends keyof E & string> {
  /** Properties read under another name (the GraphQL types read `id` as `dbId`). */
  as?: A;
  omit?: readonly O[];
  /** Only these properties, where a request reads no others (schema/selection.ts `propertiesRead`); all when absent. */
  only?: ReadonlySet<string> | null;
  /** Prepended to every name, for a row joined to another. */
  prefix?: string;
}

/** A column read as its row type says: bigint as text (as pg reads it, and so that it survives `json_agg`). */
const readAs = (alias: string, c: ColumnOf) =>
  c.type === 'bigint' ? `${alias}.${c.column}::text${c.array ? '[]' : ''}` : `${alias}.${c.column}`;

/**
 * `alias.column AS "property"` for every column of the entity: a statement's select list, its names and
 * the row type they produce (`Selected`) both read from the entity.
 */
export function selectList<E, const A extends ByProperty<E> = Record<never, never>, O extends keyof E & string = never>(
  entity: EntityClass<E>,
  alias: string,
  options: SelectOptions<E, A, O> = {},
): string {
  if (options.only) return writeSelectList(entity, alias, options);
  const key = `${alias}\u0000${options.prefix ?? ''}\u0000${JSON.stringify(options.as ?? {})}\u0000${(options.omit ?? []).join(',')}`;
  return written.get(entity, key, () => writeSelectList(entity, alias, options));
}

/**
 * Select lists already written, by entity and the options that shape them: statements built at each request (a workflow
 * step's lock and update) wrote the rating's 44 columns each time. A request's own `only` is written afresh: its
 * sets are as many as the selections clients send.
 */
const written = new KeptWith<EntityClass<unknown>, string, string>();

function writeSelectList<E, A extends ByProperty<E>, O extends keyof E & string>(
  entity: EntityClass<E>,
  alias: string,
  options: SelectOptions<E, A, O>,
): string {
  const renames: Record<string, string | undefined> = options.as ?? {};
  const omitted = new Set<string>(options.omit ?? []);
  return columnsOf(entity)
    .filter((c) => !omitted.has(c.property) && (!options.only || options.only.has(c.property)))
    .map((c) => `${readAs(alias, c)} AS "${options.prefix ?? ''}${renames[c.property] ?? c.property}"`)
    .join(', ');
}

export interface Upsert<E> {
  /** Columns read as they are from `v`, the source rows (`v.<column>`)… */
  direct?: readonly (keyof E & string)[];
  /** …and the SQL expression each other written column takes: the column list and its values come from these. */
  values?: ByProperty<E>;
  /** What the rows come from: `unnest(…) AS v(…)`, named by the columns it feeds, and its joins. */
  from: string;
  /** The unique key a row already there is found by; its other written columns are overwritten… */
  conflict: readonly (keyof E & string)[];
  /** …but these (written once, kept after). */
  keep?: readonly (keyof E & string)[];
  /** More assignments on conflict (`updated_at = now()`). */
  alsoSet?: string;
}

/** `INSERT INTO table (columns) SELECT values FROM … ON CONFLICT (key) DO UPDATE SET …`, every name read from the entity. */
export function upsert<E>(entity: EntityClass<E>, u: Upsert<E>): string {
  const values: ByProperty<E> = { ...Object.fromEntries((u.direct ?? []).map((p) => [p, `v.${columnOf(entity, p).column}`])), ...u.values };
  const written = Object.keys(values) as (keyof E & string)[];
  const unchanged = new Set<string>([...u.conflict, ...(u.keep ?? [])]);
  const names = (props: readonly (keyof E & string)[]) => props.map((p) => columnOf(entity, p).column);
  const set = names(written.filter((p) => !unchanged.has(p))).map((c) => `${c} = EXCLUDED.${c}`);
  return `INSERT INTO ${tableOf(entity)} (${names(written).join(', ')})
     SELECT ${written.map((p) => values[p]).join(', ')}
       FROM ${u.from}
     ON CONFLICT (${names(u.conflict).join(', ')}) DO ${set.length || u.alsoSet ? `UPDATE SET ${[...set, ...(u.alsoSet ? [u.alsoSet] : [])].join(', ')}` : 'NOTHING'}`;
}
