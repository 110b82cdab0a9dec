import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { LEVELS, LEVEL_VI } from '../rules';
import { toCsv } from './csv';
import type { ScopedCycle } from '../policies/request-policy';
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
 * The summary table sent upward: one row per unit directly below `rootId`, counting the subjects of `kind`
 * in its subtree that the caller may read — the tree as it stood on `asOf` (unit_version; a unit with no
 * history yet as it stands), or today's tree when `asOf` is null.
 *
 * Each unit is first placed under the child of the root it then stood in (its path's prefix as deep as the
 * children's paths), and the subjects are joined to their units by id: joining them to the children by a range of
 * paths computed per row left the range out of every index (`left()` and `||` are not leakproof, and the subjects
 * are under row-level security), and a province's table compared each of its 172,973 subjects with each of its 98
 * communes until the statement timeout (15 s).
 */
export function summaryRows(
  em: EntityManager,
  ability: ScopedCycle,
  rootId: string,
  kind: string,
  asOf: string | null,
): Promise<SummaryRow[]> {
  const p = new SqlParams();
  const readSql = ability.where('read', p, 'a');
  const cycleId = ability.cycleId;
  const day = asOf ? `${p.add(asOf)}::date` : null;
  // On a past day: the root's children then, and each unit where it then stood.
  const stood = (unit: string) => (day ? unitOnSql(unit, day) : `(SELECT ${unit}.path, ${unit}.parent_id)`);
  return em.query<SummaryRow[]>(
    `WITH child AS MATERIALIZED (
        SELECT c.id, c.code, cv.path FROM unit c CROSS JOIN LATERAL ${stood('c')} cv WHERE cv.parent_id = ${p.add(rootId)}),
      placed AS MATERIALIZED (
        SELECT u.id AS unit_id, ch.id AS child_id
          FROM unit u CROSS JOIN LATERAL ${stood('u')} uv
          JOIN child ch ON ch.path = substring(uv.path FROM '^(?:[^/]*/){' || (SELECT length(path) - length(replace(path, '/', '')) FROM child LIMIT 1) || '}'))
     SELECT ch.id::text AS "unitId", count(a.ref_id)::int AS total,
            count(*) FILTER (WHERE r.decided_level = 'EXCELLENT')::int AS excellent, count(*) FILTER (WHERE r.decided_level = 'GOOD')::int AS good,
            count(*) FILTER (WHERE r.decided_level = 'COMPLETE')::int AS complete, count(*) FILTER (WHERE r.decided_level = 'NOT_COMPLETE')::int AS "notComplete",
            count(*) FILTER (WHERE r.stage = 'NOT_RATED')::int AS "notRated",
            count(a.ref_id) FILTER (WHERE r.decided_level IS NULL AND r.stage IS DISTINCT FROM 'NOT_RATED')::int AS pending
       FROM child ch
       LEFT JOIN (placed pl
                  JOIN rating_subject a ON a.unit_id = pl.unit_id AND a.kind = ${p.add(kind)} AND ${readSql}
                  ${currentRatingJoin(p.add(cycleId))})
              ON pl.child_id = ch.id
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
