import 'reflect-metadata';
import { GraphQLObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildApiSchema } from '../../src/schema/build-schema';

describe('the schema reads plain fields with graphql-js’s default resolver', () => {
  const schema = buildApiSchema();

  it('leaves a field without a resolver of its own unwrapped, and keeps the field resolvers', () => {
    const membership = schema.getType('Membership') as GraphQLObjectType;
    expect(membership.getFields().status.resolve).toBeUndefined();
    expect(membership.getFields().person.resolve).toBeDefined();
  });

  // The default resolver skips what type-graphql's wrapper would have run, and reads the field by its schema name.
  it('declares no middleware, no role and no renamed property on a plain field (they would be skipped)', () => {
    const fields = getMetadataStorage().fields;
    expect(fields.length).toBeGreaterThan(100);
    const wrapped = fields.filter((f) => (f.middlewares?.length ?? 0) > 0 || f.roles !== undefined || f.schemaName !== f.name);
    expect(wrapped.map((f) => `${f.target.name}.${f.name}`)).toEqual([]);
  });
});
