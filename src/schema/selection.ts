import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The fields a request selects below a field, by field name (aliases and fragments merged, `@skip`/`@include` taken as
 * selected): a superset of what graphql-js will resolve, so that a statement reading only these columns never leaves
 * a selected field without its value.
 */
export type Selection = Map<string, Selection>;

function collect(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, into: Selection): Selection {
  for (const s of set?.selections ?? []) {
    if (s.kind === 'Field') {
      const name = s.name.value;
      into.set(name, collect(s.selectionSet, fragments, into.get(name) ?? new Map<string, Selection>()));
    } else if (s.kind === 'InlineFragment') collect(s.selectionSet, fragments, into);
    else collect(fragments[s.name.value]?.selectionSet, fragments, into);
  }
  return into;
}

/** What the resolved field's request selects below it. */
export function selectionOf(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Selection {
  const tree: Selection = new Map();
  for (const node of info.fieldNodes) collect(node.selectionSet, info.fragments, tree);
  return tree;
}

/** What a connection's request selects of each node, through `nodes` and `edges { node }` alike. */
export function nodeSelection(connection: Selection): Selection {
  const nodes: Selection = new Map();
  const merge = (from: Selection | undefined, into: Selection) => {
    for (const [name, below] of from ?? []) into.set(name, merge(below, into.get(name) ?? new Map<string, Selection>()));
    return into;
  };
  merge(connection.get('nodes'), nodes);
  merge(connection.get('edges')?.get('node'), nodes);
  return nodes;
}

/**
 * The properties of a row that the selected fields of its GraphQL object read: a field reads the property of its name,
 * or what `reads` says it needs (a field resolver: the key it loads by; `[]`: nothing); `id` always. Null — read every
 * property — when a field is neither, so that a field added later without saying what it reads gets its value.
 */
export function propertiesRead(
  selected: Selection,
  properties: readonly string[],
  reads: Readonly<Record<string, readonly string[]>>,
): Set<string> | null {
  const known = new Set(properties);
  const read = new Set<string>(['id']);
  for (const field of selected.keys()) {
    if (field === '__typename') continue;
    const needs = reads[field] ?? (known.has(field) ? [field] : null);
    if (!needs) return null;
    for (const p of needs) read.add(p);
  }
  return read;
}
