import fs from 'node:fs';
import path from 'node:path';
import { schemaText } from '../../src/cli/print-schema';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing the API)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(schemaText());
  });
});
