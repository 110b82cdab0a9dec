import { FieldNode, GraphQLResolveInfo, Kind, OperationDefinitionNode, parse } from 'graphql';
import { PERSON_FIELD_READS, PERSON_PROPERTIES } from '../../src/schema/people-types';
import { Selection, nodeSelection, propertiesRead, selectionOf } from '../../src/schema/selection';

/** The selection below the document's first field named `field`, as graphql-js would hand it to that field's resolver. */
function below(document: string, field: string): Selection {
  const doc = parse(document);
  const fragments = Object.fromEntries(
    doc.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  ) as GraphQLResolveInfo['fragments'];
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const found: FieldNode[] = [];
  const walk = (set: OperationDefinitionNode['selectionSet'] | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && s.name.value === field) found.push(s);
      else if (s.kind === Kind.FIELD) walk(s.selectionSet);
    }
  };
  walk(operation.selectionSet);
  return selectionOf({ fieldNodes: found, fragments });
}

const names = (s: Selection | undefined) => [...(s?.keys() ?? [])].sort();

describe('what a request selects below a field', () => {
  it('merges nodes and edges { node }, aliases by field name, inline fragments and fragment spreads', () => {
    const members = below(
      `query { unit(code: "X") { members(first: 5) {
          nodes { s: status ...M person { code } }
          edges { cursor node { ... on Membership { officialOn person { ...P } } } }
        } } }
       fragment M on Membership { admittedOn }
       fragment P on Person { fullName birthDate @include(if: false) }`,
      'members',
    );
    const nodes = nodeSelection(members);
    expect(names(nodes)).toEqual(['admittedOn', 'officialOn', 'person', 'status']);
    // A field under @include(if: false) is counted as selected: the columns read are a superset of those resolved.
    expect(names(nodes.get('person'))).toEqual(['birthDate', 'code', 'fullName']);
    expect(names(members)).toEqual(['edges', 'nodes']);
  });

  it('merges the same field asked twice', () => {
    const nodes = nodeSelection(
      below(`{ u { members { nodes { person { code } } } } u2: u { members { nodes { person { gender } } } } }`, 'members'),
    );
    expect(names(nodes.get('person'))).toEqual(['code', 'gender']);
  });
});

describe('the properties the selected fields read', () => {
  const fields = (...f: string[]): Selection => new Map(f.map((x) => [x, new Map()]));

  it('reads each column field, the id always, what a field resolver loads by, nothing for __typename', () => {
    expect([...propertiesRead(fields('code', '__typename', 'posts'), PERSON_PROPERTIES, PERSON_FIELD_READS)!].sort()).toEqual([
      'code',
      'id',
    ]);
  });

  it('reads everything when a field says neither (a field added later keeps its value)', () => {
    expect(propertiesRead(fields('code', 'ratings'), PERSON_PROPERTIES, PERSON_FIELD_READS)).toBeNull();
  });
});
