import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typescript from '@graphql-codegen/typescript';
import * as operations from '@graphql-codegen/typescript-operations';
import { buildSchema, parse, printSchema } from 'graphql';
import ts from 'typescript';

const ROOT = path.join(__dirname, '../..');

/** The operations of docs/api-guide.md, as a front-end team would copy them. */
const guideDocuments = () =>
  [...fs.readFileSync(path.join(ROOT, 'docs/api-guide.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m, i) => ({
    location: `api-guide-${i}.graphql`,
    document: parse(m[1]),
  }));

/** A client written against the generated types: it compiles only if closed sets are enums and facts are typed objects. */
const CLIENT = `
import type { Stage, RatingLevel, UserErrorCode, CriterionGrade, Power, LevelCountKey, NotRatedReason, RatingFacts, RatingStageEvent } from './types';
export function describe(stage: Stage, level: RatingLevel | null, code: UserErrorCode, grade: CriterionGrade, power: Power, key: LevelCountKey, reason: NotRatedReason): string {
  const facts: Pick<RatingFacts, 'targets' | 'civilServiceLevel'> = { targets: { __typename: 'RecordedTargets', total: 10, done: 10, exceeded: 3 }, civilServiceLevel: level };
  const event: Pick<RatingStageEvent, 'stage'> = { stage };
  // @ts-expect-error a stage the schema does not have
  const wrong: Stage = 'FINISHED';
  // @ts-expect-error a user-error code the schema does not have
  const unknown: UserErrorCode = 'SOMETHING';
  return [event.stage, code, grade, power, key, reason, facts.targets?.total, wrong, unknown].join(' ');
}
`;

describe('a code generator on schema.graphql (graphql-codegen)', () => {
  it('types the API guide’s operations and a client that relies on the enums and typed facts compiles', async () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
    const documents = guideDocuments();
    expect(documents.length).toBeGreaterThanOrEqual(8);
    const output = await codegen({
      filename: 'types.ts',
      schema: parse(printSchema(schema)),
      documents,
      config: { enumsAsTypes: true, avoidOptionals: false },
      plugins: [{ typescript: {} }, { typescriptOperations: {} }],
      pluginMap: { typescript, typescriptOperations: operations },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-'));
    fs.writeFileSync(path.join(dir, 'types.ts'), output);
    fs.writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    expect(output).toMatch(/export type Stage =(\s*\| '[A-Z_]+')+;/);
    const program = ts.createProgram([path.join(dir, 'client.ts'), path.join(dir, 'types.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
