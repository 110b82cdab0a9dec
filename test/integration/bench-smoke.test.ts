import os from 'node:os';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { scratchDatabase } from '../support/scratch-database';
import { TALLY_DIFFERENCES } from '../../src/reports/trail-agreement';

/**
 * The benchmark is a command, not a timed test: this only proves that it runs end to end at a tiny
 * scale (generation, the API, bare Apollo and PostGraphile in processes of their own, every scenario answered).
 */
describe('npm run bench', () => {
  it('generates, drives every scenario without errors and writes its table', async () => {
    const scratch = await scratchDatabase('bench_smoke');
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    try {
      const { stdout } = await promisify(execFile)(
        'node',
        [
          '--expose-gc',
          path.join(__dirname, '../../dist/src/cli/bench.js'),
          '--scale',
          '1000',
          '--seconds',
          '1',
          '--connections',
          '2',
          '--repetitions',
          '2',
        ],
        { cwd, env: { ...process.env, DATABASE_URL: scratch.url }, timeout: 180000 },
      );
      expect(stdout).toContain('peak resident memory of the API server');
      // The machine's speed before and after the scenarios, beside the figures.
      expect(stdout).toMatch(
        /machine: SHA-256 of 256 MB \d+ ms, a round trip between two processes [\d.]+ µs before the scenarios; SHA-256 of 256 MB \d+ ms, a round trip between two processes [\d.]+ µs after/,
      );
      const result = JSON.parse(fs.readFileSync(path.join(cwd, 'bench-results', 'bench-1000.json'), 'utf8'));
      for (const probe of [result.machine.probe.before, result.machine.probe.after]) {
        expect(probe.computeMs).toBeGreaterThan(0);
        expect(probe.roundTripUs).toBeGreaterThan(0);
      }
      expect(result.rows.map((r: { scenario: string }) => r.scenario)).toEqual(
        expect.arrayContaining([
          'trivial query',
          'scoped 50-row page',
          'page SQL under row-level security',
          'province report',
          'branch screen',
          "administrator's first pages of the country",
          "province auditor's audit screens",
          "administrator's audit screens, a province and the country",
          'page through the API, row-level security on against off',
          'decision through the API, row-level security on against off',
        ]),
      );
      // Each list of the whole country answered to the administrator, timed one request at a time.
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith('administrator')).ratio).toMatch(
        /^ratings [\d.]+ ms, subjects [\d.]+ ms, overdue [\d.]+ ms, myScope [\d.]+ ms, people [\d.]+ ms, peopleSearched [\d.]+ ms, subjectsSearched [\d.]+ ms, peopleCounted [\d.]+ ms, peopleSearchedCounted [\d.]+ ms, subjectsSearchedCounted [\d.]+ ms, delegatedDecisions [\d.]+ ms$/,
      );
      // The audit screens of a province, by its auditor and by the administrator (who also checks the whole country).
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith('province auditor')).ratio).toMatch(
        /^coverage [\d.]+ ms, decisions [\d.]+ ms, summary [\d.]+ ms$/,
      );
      // Their download, whole: a file of the province's decisions, timed apart from the screens.
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith("province auditor's audit download")).ratio).toMatch(
        /^[1-9][\d,]* decisions, [\d.]+ MB$/,
      );
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith("administrator's audit")).ratio).toMatch(
        /^coverage [\d.]+ ms, decisions [\d.]+ ms, summary [\d.]+ ms, coverage of the country [\d.]+ ms, decisions of the country [\d.]+ ms$/,
      );
      // Every member's screen told of the decisions in its branch (errors counts those missed; the timing is the bench's to judge).
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith('live:')).ratio).toMatch(/^[1-9]\d* delivered/);
      // PostGraphile answered the same page and report (one statement each) and the trivial query (none), interleaved twice.
      for (const scenario of ['trivial query', 'scoped 50-row page', 'province report']) {
        const row = result.rows.find((r: { scenario: string }) => r.scenario === scenario);
        expect(row.postgraphile.figures.errors).toBe(0);
        expect(row.postgraphile.figures.requests).toBeGreaterThan(0);
        expect(row.postgraphile.statements).toBe(scenario === 'trivial query' ? 0 : 1);
        expect(row.ratio).toMatch(/PostGraphile$/);
        const sides = { 'trivial query': ['bare', 'ours', 'postgraphile'], 'province report': ['ours', 'postgraphile', 'sql'] };
        const pageSides = ['bareTrivial', 'ours', 'oursTrivial', 'postgraphile', 'postgraphileTrivial', 'sql', 'sqlPlanKept'];
        expect(Object.keys(row.ranges).sort()).toEqual(sides[scenario as keyof typeof sides] ?? pageSides);
      }
      // The page taken apart: its SQL, the trivial query one at a time on each server, and the rest, which add up to its p50.
      const page = result.rows.find((r: { scenario: string }) => r.scenario === 'scoped 50-row page');
      for (const ms of Object.values(page.beyondSql.trivialOneAtATime) as number[]) expect(ms).toBeGreaterThan(0);
      expect(page.beyondSql.rest.ours + page.baseline.p50 + page.beyondSql.trivialOneAtATime.ours).toBeCloseTo(page.ours.p50, 1);
      expect(page.beyondSql.room).toBeCloseTo(0.3 * page.baseline.p50, 1);
      expect(page.beyondSql.sqlPlanKept).toBeGreaterThan(0);
      expect(stdout).toMatch(/the SQL with its plan kept [\d.]+ ms \(ours [\d.]+× it\)/);
      expect(stdout).toMatch(/… one at a time, \{ __typename \} takes ours [\d.]+, bare Apollo [\d.]+, PostGraphile [\d.]+ ms/);
      // The CPU each server spent per trivial request, read from its process.
      const cpu = result.rows.find((r: { scenario: string }) => r.scenario === 'trivial query').cpuPerRequestUs;
      expect(Object.keys(cpu).sort()).toEqual(['bare', 'ours', 'postgraphile']);
      for (const us of Object.values(cpu) as number[]) expect(us).toBeGreaterThan(0);
      expect(stdout).toMatch(/… CPU per request: ours \d+ µs/);
      for (const row of result.rows) {
        expect({ scenario: row.scenario, errors: row.ours.errors, failed: row.ours.failed }).toEqual({ scenario: row.scenario, errors: 0 });
        expect(row.ours.requests).toBeGreaterThan(0);
      }
      const decisions = result.rows.find((r: { scenario: string }) => r.scenario.startsWith('decisions'));
      expect(decisions.ratio).toMatch(/^[1-9]\d* decided; at this CPU a decision, \d+ cores answer ≤ [1-9]\d*\/s$/);
      // The one decider is timed after the decision path's untimed warm-up (none where too few deciders are left for it).
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith('decision with quota')).ratio).toMatch(
        /^[\d.]+ ms, [1-9]\d* decided; after \d+ untimed decisions of other deciders$/,
      );
      // Where the decisions' CPU went: the API's process, PostgreSQL's (local here), the load generator, the machine.
      for (const row of [decisions, result.rows.find((r: { scenario: string }) => r.scenario.startsWith('decision with quota'))]) {
        const shares = row.cpuPerRequestUs;
        expect(Object.keys(shares).sort()).toEqual(['benchmark', 'machine', 'ours', 'postgres']);
        expect(shares.ours).toBeGreaterThan(0);
        expect(shares.machine).toBeGreaterThanOrEqual(shares.ours);
        expect(row.idlePercent).toBeGreaterThanOrEqual(0);
        expect(row.idlePercent).toBeLessThanOrEqual(100);
        // Linux keeps each thread's run-queue counts: the API's thread ran while the decisions were made.
        expect(row.runQueue.apiRanMs).toBeGreaterThan(0);
        expect(row.runQueue.apiWaitedMs).toBeGreaterThanOrEqual(0);
        expect(row.runQueue.postgresWaitedMs).toBeGreaterThanOrEqual(0);
      }
      expect(stdout).toMatch(
        /… CPU per request: ours \d+ µs, postgres \d+ µs, benchmark \d+ µs, machine \d+ µs; the machine \d+ % idle; ready but waiting for a CPU: the API's thread \d+ ms \(it ran \d+ ms\), PostgreSQL's processes \d+ ms/,
      );
      // EXCELLENT asked at once, three beyond what each scope may give: as many decided as there was room for, three a scope
      // refused by the quota, none beyond it afterwards.
      const quota = result.rows.find((r: { scenario: string }) => r.scenario.startsWith('quota under concurrency'));
      const shape =
        /^(\d+) decided of (\d+) with room, (\d+) refused by the quota, 0 refused otherwise; 0 breaches in [1-9]\d* authorities$/;
      expect(quota.ratio).toMatch(shape);
      const [, decided, room, refused] = shape.exec(quota.ratio) as RegExpExecArray;
      expect(Number(room)).toBeGreaterThan(0);
      expect(decided).toBe(room);
      expect(Number(refused)).toBe(3 * Number(/in (\d+) scopes$/.exec(quota.scenario)?.[1]));
      expect(quota.met).toBe(true);
      // The page and deciders' decisions with the policies on and off in turn, every decision made.
      for (const name of ['page', 'decision']) {
        const row = result.rows.find(
          (r: { scenario: string }) => r.scenario === `${name} through the API, row-level security on against off`,
        );
        expect(Object.keys(row.ranges).sort()).toEqual(['off', 'on']);
        expect(row.baseline.requests).toBeGreaterThan(0);
        expect(row.ratio).toMatch(name === 'decision' ? /^[\d.]+× p50, [1-9]\d* decided in [1-9]\d* runs a side$/ : /^[\d.]+× p50$/);
      }
      // Two units merged in a transaction rolled back, the page read meanwhile; the merged unit's tally recounted exact.
      expect(result.rows.find((r: { scenario: string }) => r.scenario.startsWith('merger of two')).ratio).toMatch(/; 0 tally differences$/);
      // The subject tally the generator wrote, moved since by the benchmark's decisions, is what counting the rows gives.
      const db = new Client({ connectionString: scratch.url });
      await db.connect();
      try {
        expect((await db.query(TALLY_DIFFERENCES)).rows).toEqual([]);
        // The policies the benchmark turned off for a while are on again, on every table that has one.
        const off = await db.query(
          `SELECT DISTINCT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE NOT c.relrowsecurity`,
        );
        expect(off.rows).toEqual([]);
        expect((await db.query(`SELECT count(DISTINCT polrelid)::int AS n FROM pg_policy`)).rows[0].n).toBeGreaterThanOrEqual(8);
        expect((await db.query(`SELECT count(*)::int AS n FROM subject_tally WHERE stage = 'DECIDED'`)).rows[0].n).toBeGreaterThan(0);
      } finally {
        await db.end();
      }
    } finally {
      await scratch.drop();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 210000);
});
