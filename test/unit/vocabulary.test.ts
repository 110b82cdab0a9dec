import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { VOCABULARY_VI } from '../../src/documents/vocabulary-vi';

describe('the Vietnamese vocabulary', () => {
  it('labels every value of every enum of the schema', () => {
    const schema = buildSchema(fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));
    const missing = Object.values(schema.getTypeMap())
      .filter(isEnumType)
      .filter((e) => !e.name.startsWith('__'))
      .flatMap((e) =>
        e
          .getValues()
          .filter((v) => !VOCABULARY_VI[e.name]?.[v.name])
          .map((v) => `${e.name}.${v.name}`),
      );
    expect(missing).toEqual([]);
  });
});
