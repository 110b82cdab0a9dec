import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { NODE_LOADERS } from '../../src/resolvers/node-resolver';

describe('node(id:) resolves every type that has an id', () => {
  const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));
  const types = Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((t) => !t.name.startsWith('__'));

  it('every type with an id implements Node (RatingSubject’s id is the Body, Collective, Membership or Post it stands for)', () => {
    const withId = types.filter((t) => t.getFields().id && String(t.getFields().id.type) === 'ID!' && t.name !== 'RatingSubject');
    expect(withId.filter((t) => !t.getInterfaces().some((i) => i.name === 'Node')).map((t) => t.name)).toEqual([]);
  });

  it('every Node type has a loader that reads it through the caller’s scope', () => {
    const nodes = types
      .filter((t) => t.getInterfaces().some((i) => i.name === 'Node'))
      .map((t) => t.name)
      .sort();
    expect(Object.keys(NODE_LOADERS).sort()).toEqual(nodes);
  });
});
