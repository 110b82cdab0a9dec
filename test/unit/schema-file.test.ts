import fs from 'node:fs';
import path from 'node:path';
import { rulesText } from '../../src/cli/print-rules';
import { schemaText } from '../../src/cli/print-schema';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing the API)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(schemaText());
  });
});

describe('docs/rules.md', () => {
  it('lists the packs and parameters the code has (run `npm run rules-doc` after changing a pack)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../docs/rules.md'), 'utf8');
    expect(committed).toBe(rulesText());
  });
});
