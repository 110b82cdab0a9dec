import 'reflect-metadata';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/connect';
import { generateCountry, shapeFor } from '../generator/synthetic-country';
import { runCli } from './run-cli';

const USAGE = `usage: npm run generate -- --scale province|national|N [--reset]
  province   1 province, 98 communes, ~1,700 branches, ~170,000 members
  national   34 provinces, 3,332 communes, ~53,000 branches, ~5.6 million members
  N          about N members (e.g. 5000)
  --reset    empty the database first (refused otherwise when it holds data)
Uses DATABASE_URL, or the embedded PostgreSQL. Point it at a database of its own.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const scale = args[args.indexOf('--scale') + 1];
  if (!args.includes('--scale') || !scale || args.includes('--help')) {
    console.error(USAGE);
    return 2;
  }
  const shape = shapeFor(scale);
  const database = await connectDatabase(loadConfig(), (line) => console.error(line));
  try {
    const [{ units, cycles, people }] = await database.db.query<{ units: number; cycles: number; people: number }[]>(
      `SELECT (SELECT count(*)::int FROM unit) AS units, (SELECT count(*)::int FROM cycle) AS cycles, (SELECT count(*)::int FROM person) AS people`,
    );
    const n = units + cycles + people;
    if (n > 0 && !args.includes('--reset')) {
      console.error(
        `the database holds ${units} units, ${cycles} cycles and ${people} people: add --reset to empty it (everything in it is deleted)`,
      );
      return 1;
    }
    if (n > 0) {
      await database.db
        .query(`TRUNCATE unit, body, collective, person, membership, post, cycle, cycle_deadline, delegation, rule_parameters,
        rating, subject_tally, quota_tally, consultation, review_suggestion, complaint, audit_event RESTART IDENTITY CASCADE`);
      await database.db.query(`UPDATE audit_head SET last_id = 0, hash = 'GENESIS'`);
    }
    const memory = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 200);
    let peak = 0;
    const summary = await generateCountry(database.bulkUrl, shape, (line) => process.stderr.write(`\r${line.padEnd(90)}`));
    clearInterval(memory);
    process.stderr.write('\n');
    console.log(`generated in ${summary.seconds.toFixed(1)} s (peak memory of the generator ${Math.round(peak / 1048576)} MB):`);
    for (const [table, count] of Object.entries(summary.rows))
      console.log(`  ${table.padEnd(12)} ${count.toLocaleString('en').padStart(12)}`);
    return 0;
  } finally {
    await database.close();
  }
}

runCli(main);
