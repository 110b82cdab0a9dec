import { rulesToAST } from '@casl/ability/extra';
import { Condition, CompoundCondition, FieldCondition } from '@ucast/mongo2js';
import { renumbered } from '../db/prepared-statement';
import { SqlParams, underPrefix } from '../db/sql-params';
import { SUBJECT_KINDS, isSubjectKind, subjectViewOf } from '../model/kinds';
import { Action, SUBJECT } from './actions';
import { SubjectAbility } from './ability';
import { KeptWith } from './kept-with';

/** Subject fields the policies may name, and the SQL columns of the `rating_subject` view behind them. */
const COLUMNS: Record<string, string> = {
  kind: 'kind',
  refId: 'ref_id',
  unitPath: 'unit_path',
  unitDepth: 'unit_depth',
  category: 'category',
  personId: 'person_id',
  seats: 'seats',
};

/** Array columns: `in` asks whether the subject's array holds one of the values, `nin` whether it holds none. */
const ARRAYS = new Set(['seats']);

export class UntranslatableRule extends Error {}

/** Fields that belong to one subject, not to the group a subject tally row counts. */
const PER_SUBJECT = new Set(['refId', 'personId', 'seats']);

/**
 * Turns the caller's CASL rules for an action into one SQL condition on `rating_subject` (alias `a`),
 * so that lists, counts and aggregates carry the scope in the query (never a filter in memory).
 * Only the operators the policies use are translated; anything else fails loudly. `within`: a path the query keeps its
 * rows under already — a rule's path that holds it is TRUE there and one apart from it FALSE, so that a caller asking
 * outside their scope gets a condition PostgreSQL knows to be FALSE before it reads a row (an auditor's page of
 * another province read that province's subjects, 0.2 s, for none).
 */
export function abilityToSql(ability: SubjectAbility, action: Action, params: SqlParams, alias: string, within?: string | null): string {
  const write = () => {
    const ast = astOf(ability, action);
    const own = new SqlParams();
    return { text: ast === null ? 'FALSE' : toSql(ast, own, alias, undefined, within ?? undefined), values: own.values };
  };
  // Within a subtree, written at each call: kept, a caller going through a province's units would keep one per unit.
  const { text, values } = within ? write() : written.get(ability, `${action}\u0000${alias}`, write);
  const offset = params.values.length;
  for (const v of values) params.add(v);
  return renumbered(text, offset);
}

/**
 * An action's condition as written once per ability and alias, its parameters numbered from $1: each statement takes it
 * renumbered into its own. A decider's rules (a province's, with its communes' exceptions) were walked again at every
 * check. The text holds no other `$`: every value is a parameter, and kinds and columns are words.
 */
const written = new KeptWith<SubjectAbility, string, { text: string; values: unknown[] }>();

/** The rules of an action as one condition, made once per ability (an ability is kept across requests and never changed). */
const asts = new KeptWith<SubjectAbility, Action, Condition | null>();
const astOf = (ability: SubjectAbility, action: Action) => asts.get(ability, action, () => rulesToAST(ability, action, SUBJECT));

/**
 * Whether the rules allow the action on one subject of a kind, its key `ref` a SQL expression (a parameter, or the
 * column of a rating read in the same statement): an EXISTS over the view of its kind (one branch to plan).
 */
export function allowedOnSubjectSql(ability: SubjectAbility, action: Action, params: SqlParams, kind: string, ref: string): string {
  const cond = abilityToSql(ability, action, params, 'a');
  return subjectWhere(kind, ref, cond);
}

/**
 * Whether the rules allow the action on the subject of a rating (alias `r`): looked up by its key in the view of its kind.
 * Joined with the view of every kind, a rating read its subjects whole (four views of joins do not take the key: an
 * administrator's one rating of the country took 2.8 s; so, 3 ms).
 */
export function allowedOnRatedSubjectSql(
  ability: SubjectAbility,
  action: Action,
  params: SqlParams,
  r: string,
  within?: string | null,
): string {
  const cond = abilityToSql(ability, action, params, 'a', within);
  if (cond === 'FALSE') return 'FALSE';
  const byKind = SUBJECT_KINDS.map((kind) => `WHEN '${kind}' THEN ${subjectWhere(kind, `${r}.subject_ref_id`, cond)}`);
  return `CASE ${r}.subject_kind ${byKind.join(' ')} ELSE FALSE END`;
}

/**
 * OFFSET 0 keeps the test a lookup by key: otherwise PostgreSQL may hash the whole view once per statement when it
 * takes the view's row-level security for a few rows (seen on an administrator's ratings page, with the rating
 * policy's range made estimable: 5.6 million members hashed, 5.7 s).
 */
const subjectWhere = (kind: string, ref: string, cond: string) =>
  `EXISTS (SELECT 1 FROM ${subjectViewOf(kind)} a WHERE a.ref_id = ${ref} AND ${cond} OFFSET 0)`;

/** The caller's rules as conditions on the subject tally (abilityToGroupSql); each adds its parameters when called. */
export interface GroupConditions {
  /**
   * The rules with each condition on one subject's own fields (person, ref, seat) taken as whatever
   * makes the rules narrower — FALSE where it allows, TRUE under a NOT — on a tally row or a subject
   * row; with `within`, for rows in that subtree only (conditions it settles become TRUE).
   */
  groups(params: SqlParams, alias: string, within?: string): string;
  /** On a subject row: one of those conditions takes the other value (the rows `groups` may have missed); null when the rules have none. */
  perSubject(params: SqlParams, alias: string): string | null;
}

/**
 * The same rules for the subject tally (groups of subjects sharing kind, unit and category). The rules
 * grow with a condition that allows and shrink with one under a NOT, so `groups` implies the full
 * rules; a subject they hold for and `groups` does not has one of those conditions the other way
 * round. The caller's subjects are exactly those of the groups where `groups` holds, plus the subject
 * rows where `perSubject` and the full rules hold and `groups` does not.
 */
export function abilityToGroupSql(ability: SubjectAbility, action: Action): GroupConditions {
  return groupConditions.get(ability, action, () => groupConditionsOf(astOf(ability, action)));
}

/**
 * Made once per ability and action: collecting the conditions on one subject's fields walked the rules again at every
 * report and tallied count (34 µs of a province report's 0.75 ms of API CPU, national).
 */
const groupConditions = new KeptWith<SubjectAbility, Action, GroupConditions>();

function groupConditionsOf(ast: Condition | null): GroupConditions {
  const atoms: Atom[] = [];
  if (ast) toSql(ast, new SqlParams(), 'x', { atoms, negated: false });
  const other = (a: Atom, params: SqlParams, alias: string) =>
    a.negated ? `NOT COALESCE(${toSql(a.condition, params, alias)}, FALSE)` : toSql(a.condition, params, alias);
  return {
    groups: (params, alias, within) => (ast ? toSql(ast, params, alias, { atoms: [], negated: false }, within) : 'FALSE'),
    perSubject: (params, alias) => (atoms.length ? `(${atoms.map((a) => other(a, params, alias)).join(' OR ')})` : null),
  };
}

/** A condition on one subject's own field, and whether it stands under a NOT. */
interface Atom {
  condition: FieldCondition;
  negated: boolean;
}

/** Where conditions on one subject's fields are set aside (abilityToGroupSql), and whether the current one is under a NOT. */
interface GroupMode {
  atoms: Atom[];
  negated: boolean;
}

/**
 * What a condition is on every row of the subtree `within`: TRUE for a path prefix that contains it, FALSE for one
 * neither inside it nor around it, and compounds decided by such; undefined where it depends on the row.
 */
function decided(c: Condition, within: string): boolean | undefined {
  if (c instanceof CompoundCondition) {
    const parts = (c.value as Condition[]).map((x) => decided(x, within));
    const all = (v: boolean) => parts.every((x) => x === v);
    const any = (v: boolean) => parts.some((x) => x === v);
    const and = any(false) ? false : all(true) ? true : undefined;
    const or = any(true) ? true : all(false) ? false : undefined;
    if (c.operator === 'and') return and;
    if (c.operator === 'or') return or;
    if (c.operator === 'not') return and === undefined ? undefined : !and;
    if (c.operator === 'nor') return or === undefined ? undefined : !or;
    return undefined;
  }
  if (!(c instanceof FieldCondition && c.field === 'unitPath' && c.operator === 'regex')) return undefined;
  const prefix = prefixOf(c.value);
  if (within.startsWith(prefix)) return true;
  return prefix.startsWith(within) ? undefined : false;
}

/**
 * The condition in SQL. With `within` (the subtree every row lies in), what it decides is that constant, with no SQL
 * and no parameters (a province's report by its own secretary filters nothing; an auditor asking about another
 * province gets FALSE, which PostgreSQL knows before it reads a row), and a compound leaves out the parts it decides
 * without deciding the compound.
 */
function toSql(c: Condition, params: SqlParams, alias: string, group?: GroupMode, within?: string): string {
  const constant = within === undefined ? undefined : decided(c, within);
  if (constant !== undefined) return constant ? 'TRUE' : 'FALSE';
  if (c instanceof CompoundCondition) {
    const inner = group && (c.operator === 'not' || c.operator === 'nor') ? { ...group, negated: !group.negated } : group;
    // Left out: in a conjunction the parts TRUE on every row, in a disjunction those FALSE on every row — decided by
    // `within`, or written so for the tally (a condition on one subject's fields).
    const neutral = c.operator === 'and' || c.operator === 'not';
    const kept = (c.value as Condition[]).filter((x) => within === undefined || decided(x, within) !== neutral);
    const parts = (c.operator === 'and' ? withoutDisjointExceptions(kept) : kept)
      .map((x) => toSql(x, params, alias, inner, within))
      .filter((x) => x !== (neutral ? 'TRUE' : 'FALSE'));
    switch (c.operator) {
      case 'and':
        return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
      case 'or':
        return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
      case 'not': {
        if (!parts.length) return 'FALSE';
        const inner = parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
        return kept.every(neverNull) ? `${inner} IS NOT TRUE` : `NOT ${inner}`;
      }
      case 'nor':
        return parts.length ? `NOT (${parts.join(' OR ')})` : 'TRUE';
      default:
        throw new UntranslatableRule(`compound operator ${c.operator}`);
    }
  }
  if (c instanceof FieldCondition) {
    const column = COLUMNS[String(c.field)];
    if (!column) throw new UntranslatableRule(`field ${String(c.field)}`);
    if (group && PER_SUBJECT.has(String(c.field))) {
      group.atoms.push({ condition: c, negated: group.negated });
      return group.negated ? 'TRUE' : 'FALSE';
    }
    const col = `${alias}.${column}`;
    const v: unknown = c.value;
    if (ARRAYS.has(String(c.field))) {
      if (c.operator === 'in') return `${col} && ${params.add(v)}::text[]`;
      if (c.operator === 'nin') return `NOT (${col} && ${params.add(v)}::text[])`;
      throw new UntranslatableRule(`operator ${c.operator} on the array ${String(c.field)}`);
    }
    const value = (x: unknown) => (c.field === 'kind' ? kindLiteral(x) : null) ?? params.add(x);
    switch (c.operator) {
      case 'eq':
        return v === null ? `${col} IS NULL` : `${col} = ${value(v)}`;
      case 'ne':
        return v === null ? `${col} IS NOT NULL` : `${col} IS DISTINCT FROM ${value(v)}`;
      case 'in':
        return `${col} = ANY(${params.add(v)})`;
      // As in memory: a subject without the field is not in the list.
      case 'nin':
        return `(${col} IS NULL OR NOT (${col} = ANY(${params.add(v)})))`;
      case 'regex':
        return underPrefix(col, params, prefixOf(v));
      default:
        throw new UntranslatableRule(`operator ${c.operator}`);
    }
  }
  throw new UntranslatableRule(`condition ${c.operator}`);
}

/** Fields whose columns no subject view (nor the subject tally) leaves null. */
const NOT_NULL = new Set(['kind', 'unitPath', 'refId']);

/**
 * True when a condition is TRUE or FALSE on every row, never NULL: comparisons of columns that are never null with
 * values that are not. Its negation is then written `IS NOT TRUE`, the same rows: PostgreSQL takes `NOT (a AND b)` apart
 * into `NOT a OR NOT b` and tries an index for each side of each such OR — a province's deciders, with 98 communes'
 * exceptions, spent 30 ms planning their subjects' page for 0.7 ms of execution.
 */
function neverNull(c: Condition): boolean {
  if (c instanceof CompoundCondition) return ['and', 'or'].includes(c.operator) && (c.value as Condition[]).every(neverNull);
  return (
    c instanceof FieldCondition &&
    NOT_NULL.has(String(c.field)) &&
    ((['eq', 'ne'].includes(c.operator) && c.value !== null && c.value !== undefined) || (c.operator === 'regex' && c.field === 'unitPath'))
  );
}

/**
 * What the field conditions of a conjunction fix for every row it admits: the kind, a path prefix — columns no subject
 * view leaves null, so that a conjunction they contradict is FALSE, never NULL.
 */
function fixedBy(parts: Condition[]): { kind?: unknown; prefix?: string } {
  const fixed: { kind?: unknown; prefix?: string } = {};
  for (const x of parts) {
    if (!(x instanceof FieldCondition)) continue;
    if (x.operator === 'eq' && x.field === 'kind') fixed.kind = x.value;
    if (x.operator === 'regex' && x.field === 'unitPath') fixed.prefix = prefixOf(x.value);
  }
  return fixed;
}

/**
 * A conjunction's parts without the exceptions (`not`) that no row it admits can meet: another kind, a path prefix
 * neither inside nor around its own. Such an exception is TRUE on every row the conjunction admits — the
 * same rows either way — but each is planned: a province's deciders carried the exceptions of 98 communes' delegations,
 * half of them about members under a condition on organizations.
 */
function withoutDisjointExceptions(parts: Condition[]): Condition[] {
  const own = fixedBy(parts);
  const disjoint = (x: Condition) => {
    if (!(x instanceof CompoundCondition) || x.operator !== 'not') return false;
    const inner = x.value as Condition[];
    const body =
      inner.length === 1 && inner[0] instanceof CompoundCondition && inner[0].operator === 'and' ? (inner[0].value as Condition[]) : inner;
    const other = fixedBy(body);
    const differs = (a: unknown, b: unknown) => a !== undefined && b !== undefined && a !== b;
    const apart = (a?: string, b?: string) => a !== undefined && b !== undefined && !a.startsWith(b) && !b.startsWith(a);
    return differs(own.kind, other.kind) || apart(own.prefix, other.prefix);
  };
  return parts.filter((x) => !disjoint(x));
}

/**
 * A kind of subject written into the statement: each subject view's kind is a constant, so PostgreSQL drops the rules
 * for other kinds when it plans — a generic plan too, which with the kind as a parameter kept every branch and was
 * costed for a few rows (the quota count was planned again at every decision). The kinds are a closed list.
 */
function kindLiteral(v: unknown): string | null {
  return typeof v === 'string' && isSubjectKind(v) ? `'${v}'` : null;
}

/** Only anchored literal prefixes (`^/1/7/`) are allowed: they become index range scans. */
function prefixOf(v: unknown): string {
  const source = v instanceof RegExp ? v.source : String(v);
  const m = /^\^((?:\\.|[^\\.*+?^${}()|[\]])*)$/.exec(source);
  if (!m) throw new UntranslatableRule(`regex ${source}`);
  return m[1].replace(/\\(.)/g, '$1');
}
