import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { apiError } from '../errors';

export interface QueryLimits {
  maxCost: number;
  maxDepth: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxCost: 20_000, maxDepth: 12 };

/** The most items a list argument (`nodes(ids:)`, …) may hold. */
export const MAX_LIST_ARGUMENT = 100;

/**
 * A page costs its size times what each row asks for: `first: 100` under `first: 100` is 10,000 rows
 * (`last` likewise).
 * A list argument costs its length likewise (`nodes(ids:)` with 100 ids is 100 lookups), and a longer
 * list than MAX_LIST_ARGUMENT is refused before anything runs.
 */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  let items = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : undefined;
  for (const [name, value] of Object.entries(args)) {
    if (!Array.isArray(value)) continue;
    if (value.length > MAX_LIST_ARGUMENT) {
      throw apiError('BAD_USER_INPUT', `${field.name}(${name}:) takes at most ${MAX_LIST_ARGUMENT} items (you sent ${value.length})`, {
        field: [field.name, name],
        figures: { items: value.length, max: MAX_LIST_ARGUMENT },
        http: { status: 400 },
      });
    }
    items = Math.max(items ?? 0, value.length);
  }
  return items !== undefined ? 1 + items * Math.max(childComplexity, 1) : undefined;
};

function depthOf(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): number {
  if (!set) return 0;
  let max = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) max = Math.max(max, s.name.value.startsWith('__') ? 0 : 1 + depthOf(s.selectionSet, fragments, seen));
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value))
      max = Math.max(max, depthOf(fragments[s.name.value]?.selectionSet, fragments, new Set([...seen, s.name.value])));
  }
  return max;
}

/** Depths already measured, by operation (a parsed document is kept and reused by Apollo): they do not depend on variables. */
const depths = new WeakMap<OperationDefinitionNode, number>();

function depthOfOperation(document: DocumentNode, operation: OperationDefinitionNode): number {
  let depth = depths.get(operation);
  if (depth === undefined) {
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    depth = depthOf(operation.selectionSet, fragments);
    depths.set(operation, depth);
  }
  return depth;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** Costs already measured, by document and variables: the same query from many clients is measured once. */
const measured = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * Measures an operation and refuses it, before any resolver or SQL runs, when it is deeper or
 * costlier than the limits; aliases and repeated fields all count. Returns the cost.
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  limits: QueryLimits = DEFAULT_LIMITS,
): number {
  const depth = depthOfOperation(document, operation);
  if (depth > limits.maxDepth) {
    throw apiError('BAD_USER_INPUT', `query depth ${depth} is over the limit of ${limits.maxDepth}`, {
      figures: { depth, maxDepth: limits.maxDepth },
      limit: 'DEPTH',
      http: { status: 400 },
    });
  }
  // The estimators read numbers (first, last) and list lengths, never a string's text: variables that differ only in
  // their strings (a rating's id, a cursor) cost the same, and are measured once. A string of the wrong type met on a
  // later request is refused when the operation runs, as the measure would have refused it.
  // Without variables, no JSON.stringify: with a replacer it takes its slow path, ~3 µs of the trivial query's ~150.
  const key = `${operationName ?? ''}\n${isEmpty(variables) ? '' : JSON.stringify(variables, (_, v: unknown) => (typeof v === 'string' ? '' : v))}`;
  let costs = measured.get(document);
  let cost = costs?.get(key);
  try {
    if (cost === undefined) {
      cost = getComplexity({
        schema,
        query: document,
        operationName,
        variables,
        estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
      });
      if (!costs) measured.set(document, (costs = new Map<string, number>()));
      if (costs.size < 100) costs.set(key, cost);
    }
  } catch (e) {
    if (e instanceof GraphQLError && e.extensions?.code) throw e;
    // Measuring coerces the variables first: a variable of the wrong type is the client's mistake.
    throw apiError('BAD_USER_INPUT', (e as Error).message, { http: { status: 400 } });
  }
  if (cost > limits.maxCost) {
    throw apiError('BAD_USER_INPUT', `query cost ${cost} is over the limit of ${limits.maxCost}; ask for smaller pages or fewer fields`, {
      figures: { cost, maxCost: limits.maxCost },
      limit: 'COST',
      http: { status: 400 },
    });
  }
  return cost;
}
