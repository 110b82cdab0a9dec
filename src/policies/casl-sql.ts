import { rulesToAST } from '@casl/ability/extra';
import { Condition, CompoundCondition, FieldCondition } from '@ucast/mongo2js';
import { SqlParams } from '../db/sql-params';
import { Action, SUBJECT } from './actions';
import { SubjectAbility } from './ability';

/** Subject fields the policies may name, and the SQL columns of the `rating_subject` view behind them. */
const COLUMNS: Record<string, string> = {
  kind: 'kind', refId: 'ref_id', unitPath: 'unit_path', unitDepth: 'unit_depth', category: 'category', personId: 'person_id',
};

export class UntranslatableRule extends Error {}

/**
 * Turns the caller's CASL rules for an action into one SQL condition on `rating_subject` (alias `a`),
 * so that lists, counts and aggregates carry the scope in the query (never a filter in memory).
 * Only the operators the policies use are translated; anything else fails loudly.
 */
export function abilityToSql(ability: SubjectAbility, action: Action, params: SqlParams, alias: string): string {
  const ast = rulesToAST(ability, action, SUBJECT);
  if (ast === null) return 'FALSE';
  return toSql(ast, params, alias);
}

function toSql(c: Condition, params: SqlParams, alias: string): string {
  if (c instanceof CompoundCondition) {
    const parts = (c.value as Condition[]).map((x) => toSql(x, params, alias));
    switch (c.operator) {
      case 'and': return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
      case 'or': return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
      case 'not': return `NOT ${parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`}`;
      default: throw new UntranslatableRule(`compound operator ${c.operator}`);
    }
  }
  if (c instanceof FieldCondition) {
    const column = COLUMNS[String(c.field)];
    if (!column) throw new UntranslatableRule(`field ${String(c.field)}`);
    const col = `${alias}.${column}`;
    const v = c.value;
    switch (c.operator) {
      case 'eq': return v === null ? `${col} IS NULL` : `${col} = ${params.add(v)}`;
      case 'ne': return v === null ? `${col} IS NOT NULL` : `${col} IS DISTINCT FROM ${params.add(v)}`;
      case 'in': return `${col} = ANY(${params.add(v)})`;
      case 'nin': return `NOT (${col} = ANY(${params.add(v)}))`;
      case 'regex': return `${col} LIKE ${params.add(`${prefixOf(v)}%`)}`;
      default: throw new UntranslatableRule(`operator ${c.operator}`);
    }
  }
  throw new UntranslatableRule(`condition ${c.operator}`);
}

/** Only anchored literal prefixes (`^/1/7/`) are allowed: they become index range scans. */
function prefixOf(v: unknown): string {
  const source = v instanceof RegExp ? v.source : String(v);
  const m = /^\^((?:\\.|[^\\.*+?^${}()|[\]])*)$/.exec(source);
  if (!m) throw new UntranslatableRule(`regex ${source}`);
  return m[1].replace(/\\(.)/g, '$1');
}
