import 'reflect-metadata';
import fs from 'node:fs';
import { printSchema } from 'graphql';
import { buildApiSchema } from '../schema/build-schema';

/** `npm run schema`: writes schema.graphql for front-end code generators (a test keeps it in step). */
export function schemaText(): string {
  return `${printSchema(buildApiSchema())}\n`;
}

if (require.main === module) {
  fs.writeFileSync('schema.graphql', schemaText());
  console.log('schema.graphql written');
}
