import { UNIT_KINDS, tierOfUnitKind } from '../model/kinds';
import { SETTLED_STAGES } from '../rules/stages';

/** SQL for the tier of a unit (alias `unit`), written out from `tierOfUnitKind` so that SQL and code cannot disagree. */
export const tierSql = (unit: string) =>
  `(CASE ${unit}.kind ${UNIT_KINDS.map((k) => `WHEN '${k}' THEN '${tierOfUnitKind(k)}'`).join(' ')} END)`;

/**
 * A LATERAL subquery giving the RATING_DONE deadline (`due_on`, `source`, `tier`) of a unit's tier in
 * a cycle; tiers without one of their own (branches) fall back to the grassroots deadline.
 */
export const ratingDeadlineSql = (cycleParam: string, unit: string) =>
  `(SELECT due_on, source, tier FROM cycle_deadline WHERE cycle_id = ${cycleParam} AND task = 'RATING_DONE' AND tier IN (${tierSql(unit)}, 'GRASSROOTS')
     ORDER BY (tier = ${tierSql(unit)}) DESC LIMIT 1)`;

/** "The subject's rating (alias `rating`, maybe none yet) is not settled", from the stage machine's list. */
export const notSettledSql = (rating: string) =>
  `COALESCE(${rating}.stage, 'OPEN') NOT IN (${SETTLED_STAGES.map((x) => `'${x}'`).join(', ')})`;
