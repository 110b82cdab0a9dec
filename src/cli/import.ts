import 'reflect-metadata';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/connect';
import { readDatasetFile } from '../dataset/read-file';
import { importDataset } from '../services/dataset-import';
import { runCli } from './run-cli';

const USAGE = `usage: npm run import -- FILE [--dry-run] [--require-coverage]
  FILE     a dataset file, JSON or YAML (docs/dataset-format.md)
  --dry-run  check the file against the database; write nothing
  --require-coverage  refuse the file when a subject of a cycle it names is left with no deciding authority or several
The import is all or nothing: a file with any problem changes nothing, and every problem is listed.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file || args.includes('--help')) {
    console.error(USAGE);
    return file ? 0 : 2;
  }
  let raw: unknown;
  try {
    raw = readDatasetFile(file);
  } catch (e) {
    console.error(`${file}: cannot read: ${(e as Error).message}`);
    return 1;
  }
  const database = await connectDatabase(loadConfig(), (line) => console.error(line));
  try {
    const started = Date.now();
    const outcome = await importDataset(database.db, raw, {
      dryRun: args.includes('--dry-run'),
      requireFullCoverage: args.includes('--require-coverage'),
      progress: (line) => console.log(`  ${line}`),
    });
    if (!outcome.ok) {
      console.error(`${file}: ${outcome.problems.length} problem(s); nothing was changed`);
      for (const p of outcome.problems) console.error(`  ${p.path}: ${p.message}`);
      return 1;
    }
    const counts = Object.entries(outcome.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(`${file}: ${outcome.dryRun ? 'valid (dry run, nothing written)' : 'imported'} in ${Date.now() - started} ms: ${counts}`);
    return 0;
  } finally {
    await database.close();
  }
}

runCli(main);
