import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSchema } from 'graphql';

/** The baseline of the benchmark: the same SDL on bare @apollo/server, answering `{ __typename }`. */
async function main() {
  const sdl = fs.readFileSync(path.join(__dirname, '../../../schema.graphql'), 'utf8');
  const server = new ApolloServer({ schema: buildSchema(sdl), csrfPrevention: true });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4100) } });
  process.stdout.write(`ready ${url}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
