import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Pool } from 'pg';
import { IndexBuilders, TableLoad } from '../../src/generator/table-load';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';
import { QUOTA_TALLY_DIFFERENCES } from '../../src/reports/trail-agreement';
import { generateCountry, shapeFor } from '../../src/generator/synthetic-country';

const INDEXES = `SELECT c.relname AS table, ix.relname AS index, pg_get_indexdef(i.indexrelid) AS definition,
                        (SELECT string_agg(k.contype::text, '') FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) AS constraints
                   FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid
                  WHERE c.relname IN ('person', 'membership', 'rating') ORDER BY 1, 2`;

const DEFAULTS = `SELECT a.attrelid::regclass::text AS table, a.attname AS column, pg_get_expr(d.adbin, d.adrelid) AS expression
                    FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                   WHERE a.attrelid IN ('person'::regclass, 'rating'::regclass) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`;

/**
 * The generator loads people, memberships and ratings with their secondary indexes dropped and built
 * again in the same transaction: the schema it leaves must be the migrations' own, and a load that
 * fails must leave the table and its indexes as they were.
 */
describe('npm run generate', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await scratchDatabase('generator');
  });

  afterAll(() => scratch.drop());

  const run = (...args: string[]) =>
    promisify(execFile)('node', [path.join(__dirname, '../../dist/src/cli/generate.js'), ...args], {
      env: { ...process.env, DATABASE_URL: scratch.url },
      timeout: 60000,
    });

  it('leaves the indexes and constraints of the migrations, with rows in every table', async () => {
    const db = new Client({ connectionString: scratch.url });
    const testDb = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    try {
      // The test database, migrated by the suite's set-up, holds the schema of the migrations.
      await testDb.connect();
      const migrated = (await testDb.query(INDEXES)).rows;
      expect(migrated.map((r) => r.index)).toEqual(
        expect.arrayContaining(['person_code_key', 'membership_person_key', 'rating_current_key', 'rating_quota_idx']),
      );
      const { stdout } = await run('--scale', '2000');
      await db.connect();
      expect(stdout).toMatch(/rating\s+[1-9]/);
      expect((await db.query(INDEXES)).rows).toEqual(migrated);
      const [{ people, ratings }] = (
        await db.query(`SELECT (SELECT count(*)::int FROM person) AS people, (SELECT count(*)::int FROM rating) AS ratings`)
      ).rows;
      expect(people).toBeGreaterThan(1000);
      expect(ratings).toBeGreaterThan(500);
      // Each person's scope ancestors (row-level security), written by the generator, are what the database derives from their rows.
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM person WHERE scope_ancestors IS DISTINCT FROM person_scope_ancestors(id)`)).rows[0]
          .n,
      ).toBe(0);
      // The names memberships and posts keep of their people (migrations 0040, 0052), written by the generator, are theirs.
      expect(
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM membership m JOIN person p ON p.id = m.person_id WHERE m.person_name <> p.full_name)
                  + (SELECT count(*)::int FROM post po JOIN person p ON p.id = po.person_id WHERE po.holder_name <> p.full_name) AS n`,
          )
        ).rows[0].n,
      ).toBe(0);
      // The names known once (migration 0053), written by the generator: every name a membership or a post keeps, folded.
      expect(
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM (SELECT person_name FROM membership UNION SELECT holder_name FROM post) n
                      WHERE NOT EXISTS (SELECT 1 FROM known_name k WHERE k.name = n.person_name))
                  + (SELECT count(*)::int FROM known_name WHERE folded IS DISTINCT FROM fold_name(name)) AS n`,
          )
        ).rows[0].n,
      ).toBe(0);
      // The quota tally (migration 0051), written with the ratings, is what counting the decided ratings gives.
      expect((await db.query(`SELECT count(*)::int AS n FROM quota_tally`)).rows[0].n).toBeGreaterThan(0);
      expect((await db.query(QUOTA_TALLY_DIFFERENCES)).rows).toEqual([]);
      // Statistics for the planner: of the loaded tables, gathered in their loads, and of the others.
      expect(
        (
          await db.query(
            `SELECT array_agg(DISTINCT tablename::text ORDER BY tablename::text) AS analyzed FROM pg_stats WHERE tablename IN ('person', 'membership', 'rating', 'unit', 'post')`,
          )
        ).rows[0].analyzed,
      ).toEqual(['membership', 'person', 'post', 'rating', 'unit']);
      // A self-assessment's facts, loaded as a constant: every rating past OPEN has them, an OPEN one the table's default, put back.
      const facts = (
        await db.query(`SELECT stage = 'OPEN' AS open, facts::text AS facts, count(*)::int AS n FROM rating GROUP BY 1, 2 ORDER BY 1`)
      ).rows;
      expect(facts).toEqual([
        { open: false, facts: expect.stringContaining('"criteria": [{"id": "I1"'), n: expect.any(Number) },
        { open: true, facts: '{}', n: expect.any(Number) },
      ]);
      expect(facts[1].n).toBeGreaterThan(0);
      expect((await db.query(DEFAULTS)).rows).toEqual((await testDb.query(DEFAULTS)).rows);
      // The rebuilt unique constraint still refuses a duplicate.
      await expect(
        db.query(`INSERT INTO person (code, full_name, system_roles) SELECT code, 'x', '{}' FROM person LIMIT 1`),
      ).rejects.toThrow(/person_code_key/);
      // A second run into a database holding data is refused unless --reset.
      await expect(run('--scale', '2000')).rejects.toMatchObject({ stderr: expect.stringContaining('add --reset') });
    } finally {
      await db.end();
      await testDb.end();
    }
  }, 90000);

  it("gives a column a constant for the rows, the table's own default to the rows held apart, and puts the default back", async () => {
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    try {
      const before = (await pool.query(DEFAULTS)).rows;
      const client = await pool.connect();
      try {
        await expect(TableLoad.begin(client, 'person', ['code', 'gender'], { gender: 'FEMALE' })).rejects.toThrow(/not among/);
        await expect(TableLoad.begin(client, 'person', ['code'], { nickname: 'x' })).rejects.toThrow(/lacks a column/);
        await client.query('ROLLBACK');
        // gender has no default of its own, system_roles has one: both are put back as they were.
        const load = await TableLoad.begin(client, 'person', ['code', 'full_name'], { gender: 'FEMALE', system_roles: '{AUDITOR}' });
        load.rows.write(['CONST-1', 'Nguyễn Thị A']);
        load.withTableDefaults.write(['CONST-2', 'Trần Văn B']);
        load.rows.write(['CONST-3', 'Lê Thị C']);
        expect(await load.commit()).toBe(3);
      } finally {
        client.release();
      }
      expect((await pool.query(`SELECT code, gender, system_roles FROM person WHERE code LIKE 'CONST-%' ORDER BY code`)).rows).toEqual([
        { code: 'CONST-1', gender: 'FEMALE', system_roles: ['AUDITOR'] },
        { code: 'CONST-2', gender: null, system_roles: [] },
        { code: 'CONST-3', gender: 'FEMALE', system_roles: ['AUDITOR'] },
      ]);
      expect((await pool.query(DEFAULTS)).rows).toEqual(before);
    } finally {
      await pool.query(`DELETE FROM person WHERE code LIKE 'CONST-%'`);
      await pool.end();
    }
  });

  it('copies text as it was given: escapes, characters of several bytes, rows longer than a chunk, rows held apart', async () => {
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    const names = ['Nguyễn Thị Ánh\tTuyết\\ \n\r', 'Trần 𝔸 Văn B', 'ệ'.repeat(50_000) + '𝔸'.repeat(20_000), 'x'.repeat(70_000), 'Lê Văn C'];
    try {
      const client = await pool.connect();
      try {
        const load = await TableLoad.begin(client, 'person', ['code', 'full_name']);
        names.forEach((name, i) => (i % 2 ? load.withTableDefaults : load.rows).write([`TEXT-${i}`, name]));
        expect(await load.commit()).toBe(names.length);
      } finally {
        client.release();
      }
      expect(
        (await pool.query(`SELECT full_name FROM person WHERE code LIKE 'TEXT-%' ORDER BY code`)).rows.map((r) => r.full_name),
      ).toEqual(names);
    } finally {
      await pool.query(`DELETE FROM person WHERE code LIKE 'TEXT-%'`);
      await pool.end();
    }
  });

  it('keeps during a load the indexes no loaded row enters, and only those', async () => {
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    try {
      const client = await pool.connect();
      const indexesDuring = async (columns: string[]) => {
        const load = await TableLoad.begin(client, 'rating', columns);
        await load.rows.close();
        const names = (await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'rating' ORDER BY 1`)).rows;
        await client.query('ROLLBACK');
        return names.map((r) => r.indexname);
      };
      try {
        // Each of these three indexes holds only rows where one column is set: person_id, replaces_id, idempotency_key.
        expect(await indexesDuring(['id', 'person_id'])).toEqual(['rating_idempotency_key', 'rating_pkey', 'rating_replaces_idx']);
        expect(await indexesDuring(['id', 'person_id', 'replaces_id'])).toEqual(['rating_idempotency_key', 'rating_pkey']);
        expect(await indexesDuring(['id'])).toEqual(['rating_idempotency_key', 'rating_person_idx', 'rating_pkey', 'rating_replaces_idx']);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });

  it('rolls a failed load back: the rows and the dropped indexes are as they were', async () => {
    const pool = new Pool({ connectionString: scratch.url, max: 1 });
    try {
      const before = (await pool.query(INDEXES)).rows;
      const [{ n }] = (await pool.query(`SELECT count(*)::int AS n FROM person`)).rows;
      const client = await pool.connect();
      try {
        const load = await TableLoad.begin(client, 'person', ['code', 'full_name', 'system_roles']);
        // Two people with one code: only the unique index built at the end can notice.
        await load.rows.write(['DUP-1', 'Nguyễn Văn A', '{}']);
        await load.rows.write(['DUP-1', 'Nguyễn Văn B', '{}']);
        // Building beside another load on two cores: failed, it leaves that load the idle core.
        const builders = new IndexBuilders(2, 2);
        await expect(load.commit(builders)).rejects.toThrow(/person_code_key/);
        expect(builders.idleCores).toBe(1);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      expect((await pool.query(INDEXES)).rows).toEqual(before);
      expect((await pool.query(`SELECT count(*)::int AS n FROM person`)).rows[0].n).toBe(n);
    } finally {
      await pool.end();
    }
  });

  it('closes the connections it opened when one of its five is refused', async () => {
    // A role the server lets in three times at once: the generator's fourth connection is refused.
    const role = `generator_limited_${process.pid}`;
    const admin = new Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 3`);
      const url = new URL(scratch.url);
      url.username = role;
      url.password = 'limited';
      await expect(generateCountry(url.toString(), shapeFor('300'), () => {})).rejects.toThrow(/too many connections/);
      const open = async () =>
        (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`, [role])).rows[0].n as number;
      // A backend leaves pg_stat_activity once it has seen its client go: waited for, a second at most.
      for (let waited = 0; (await open()) > 0 && waited < 1000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(await open()).toBe(0);
    } finally {
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
