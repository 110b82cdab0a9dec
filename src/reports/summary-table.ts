import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { LEVELS, LEVEL_VI } from '../rules';
import { toCsv } from './csv';
import type { CycleAbility } from '../policies/request-policy';
import { subtreeThen } from '../data/units';
import { tallyScope } from './stage-counts';
import { unitOnSql } from '../services/unit-versions';
import { currentRatingJoin } from './current-rating';

/** One unit of a summary table (biểu tổng hợp): its subjects of a kind that the caller may read, by level. */
export interface SummaryRow {
  unitId: string;
  total: number;
  excellent: number;
  good: number;
  complete: number;
  notComplete: number;
  notRated: number;
  pending: number;
}

/**
 * The summary table sent upward: one row per unit directly below `root`, counting the subjects of `kind`
 * in its subtree that the caller may read — the tree as it stood on `asOf` (unit_version; a unit with no
 * history yet as it stands), or today's tree when `asOf` is null.
 *
 * Each unit is first placed under the child of the root it then stood in (its path's prefix as deep as the
 * children's paths); the subjects are counted as the reports count them (stage-counts.ts tallyScope): the groups of
 * the subject tally in the subtree, joined to their units by path, plus the few admitted one by one. Counted row by
 * row, an administrator's table of a province joined its 170,000 members to their ratings past the statement timeout (15 s).
 */
export async function summaryRows(
  em: EntityManager,
  ability: Pick<CycleAbility, 'cycleId' | 'ability'>,
  root: { id: string; path: string },
  kind: string,
  asOf: string | null,
): Promise<SummaryRow[]> {
  const unitsThen = asOf ? await subtreeThen(em, root.id, asOf) : null;
  const p = new SqlParams();
  const cycle = p.add(ability.cycleId);
  const ofKind = p.add(kind);
  const scope = tallyScope(ability.ability, 'read', p, unitsThen ? null : root.path, unitsThen);
  const day = asOf ? `${p.add(asOf)}::date` : null;
  // On a past day: the root's children then, and each unit where it then stood.
  const stood = (unit: string) => (day ? unitOnSql(unit, day) : `(SELECT ${unit}.path, ${unit}.parent_id)`);
  const rootId = p.add(root.id);
  // Only the units that can be counted are placed: those that stood (or stand) below the root, and those holding
  // groups in scope. Placed one by one, the country's 56,678 units took a province's table 0.55 s.
  return em.query<SummaryRow[]>(
    `WITH child AS MATERIALIZED (
        SELECT c.id, c.code, cv.path FROM unit c CROSS JOIN LATERAL ${stood('c')} cv
         WHERE cv.parent_id = ${rootId}
           AND c.id IN (SELECT id FROM unit WHERE parent_id = ${rootId} UNION SELECT unit_id FROM unit_version WHERE parent_id = ${rootId})),
      counted AS MATERIALIZED (
        SELECT t.unit_path, t.stage, t.level, t.n FROM subject_tally t
         WHERE t.cycle_id = ${cycle} AND t.kind = ${ofKind} AND ${scope.groups} AND ${scope.visible}
        ${
          scope.oneByOne
            ? `UNION ALL SELECT a.unit_path, COALESCE(r.stage, 'NOT_STARTED'), r.decided_level, 1
                 FROM rating_subject a ${currentRatingJoin(cycle)} WHERE a.kind = ${ofKind} AND ${scope.oneByOne}`
            : ''
        }),
      placed AS MATERIALIZED (
        SELECT u.path, ch.id AS child_id
          FROM unit u CROSS JOIN LATERAL ${stood('u')} uv
          JOIN child ch ON ch.path = substring(uv.path FROM '^(?:[^/]*/){' || (SELECT length(path) - length(replace(path, '/', '')) FROM child LIMIT 1) || '}')
         WHERE u.path IN (SELECT unit_path FROM counted))
     SELECT ch.id::text AS "unitId", COALESCE(sum(x.n), 0)::int AS total,
            COALESCE(sum(x.n) FILTER (WHERE x.level = 'EXCELLENT'), 0)::int AS excellent, COALESCE(sum(x.n) FILTER (WHERE x.level = 'GOOD'), 0)::int AS good,
            COALESCE(sum(x.n) FILTER (WHERE x.level = 'COMPLETE'), 0)::int AS complete,
            COALESCE(sum(x.n) FILTER (WHERE x.level = 'NOT_COMPLETE'), 0)::int AS "notComplete",
            COALESCE(sum(x.n) FILTER (WHERE x.stage = 'NOT_RATED'), 0)::int AS "notRated",
            COALESCE(sum(x.n) FILTER (WHERE x.level IS NULL AND x.stage <> 'NOT_RATED'), 0)::int AS pending
       FROM child ch
       LEFT JOIN (placed pl JOIN counted x ON x.unit_path = pl.path) ON pl.child_id = ch.id
      GROUP BY ch.id, ch.code ORDER BY ch.code`,
    p.values,
  );
}

/** A level's share of the decided subjects of a row (0 when none is decided). */
export function shareOfDecided(n: number, r: SummaryRow): number {
  const decided = r.excellent + r.good + r.complete + r.notComplete;
  return decided ? n / decided : 0;
}

/** A row's cells in the table's column order: name, total, each level with its share, not rated, pending. */
export function summaryCells(name: string, r: SummaryRow, share: (n: number, r: SummaryRow) => number): (string | number)[] {
  const levels = [r.excellent, r.good, r.complete, r.notComplete];
  return [name, r.total, ...levels.flatMap((n) => [n, share(n, r)]), r.notRated, r.pending];
}

/** The table as the CSV sent upward, with Vietnamese headers and each level's share of the decided, in percent. */
export function summaryCsv(rows: (SummaryRow & { unitName: string })[]): string {
  const pct = (n: number, r: SummaryRow) => Math.round(1000 * shareOfDecided(n, r)) / 10;
  const headers = ['Đơn vị', 'Tổng số', ...LEVELS.flatMap((l) => [LEVEL_VI[l], 'Tỷ lệ (%)']), 'Không xếp loại', 'Chưa xếp loại'];
  return toCsv(
    headers,
    rows.map((r) => summaryCells(r.unitName, r, pct)),
  );
}
