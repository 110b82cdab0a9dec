import { createDataSource } from '../db/data-source';
import { withinPath } from '../db/sql-params';
import { TALLY_DIFFERENCES } from '../reports/trail-agreement';
import { mergeUnits } from '../services/unit-merger';
import { recordUnitVersions } from '../services/unit-versions';
import { Figures } from './measure';

export interface MergerFigures {
  kind: string;
  /** The members of the two units merged. */
  members: number;
  seconds: number;
  /** The reads run meanwhile. */
  reads: Figures;
  /** Groups of the merged unit's subject tally that differ from a count of its rows afterwards (0: exact). */
  tallyDifferences: number;
}

/**
 * Merging two units of the highest level that has two (provinces at national scale; 004 §II.7.11), in one
 * transaction rolled back at the end, so that the generated database stays as it was; `reads` runs
 * meanwhile (a page through the API) and its figures are those of reads during a merger. The first
 * versions of the generated tree are written before, committed (the generator writes none).
 */
export async function measureMerger(url: string, reads: () => Promise<Figures>): Promise<MergerFigures> {
  const ds = await createDataSource(url, { poolSize: 2, statementTimeoutMs: 600_000 }).initialize();
  try {
    const today = new Date().toISOString().slice(0, 10);
    await ds.transaction((em) => recordUnitVersions(em, { day: today, operation: 'IMPORT', decisionRef: null, recordedBy: null }));
    const [{ kind }] = await ds.query<{ kind: string }[]>(
      `SELECT kind FROM unit WHERE dissolved_on IS NULL GROUP BY kind, depth HAVING count(*) >= 2 ORDER BY depth LIMIT 1`,
    );
    const pair = await ds.query<{ code: string; path: string }[]>(
      `SELECT code, path FROM unit WHERE kind = $1 AND dissolved_on IS NULL ORDER BY id LIMIT 2`,
      [kind],
    );
    const [{ members }] = await ds.query<{ members: number }[]>(
      `SELECT count(*)::int AS members FROM membership WHERE ${withinPath('unit_path', '$1')} OR ${withinPath('unit_path', '$2')}`,
      pair.map((u) => u.path),
    );
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const during = reads();
      const started = process.hrtime.bigint();
      await mergeUnits(runner.manager, {
        units: [pair[1].code],
        into: pair[0].code,
        newUnit: null,
        effectiveOn: today,
        decisionRef: 'bench',
        today,
        recordedBy: null,
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const [{ n }] = await runner.manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM (${TALLY_DIFFERENCES}) d WHERE ${withinPath('d.unit_path', '$1')}`,
        [pair[0].path],
      );
      return { kind, members, seconds, reads: await during, tallyDifferences: n };
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  } finally {
    await ds.destroy();
  }
}
