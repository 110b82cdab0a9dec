import { Ctx, requireViewer } from '../context';
import { PreparedStatement } from '../db/prepared-statement';
import { badInput } from '../errors';
import { SubjectAbility, bodiesOf, buildAbility } from './ability';
import { rowsConcerningJson } from './delegation-matrix';
import { DelegationRow } from './delegation-row';

/** A cycle as read with the matrix rows that concern the caller's bodies (CYCLE_WITH_ROWS). */
export interface CycleWithRows { id: string; code: string; referenceDate: string; rows: DelegationRow[] }

/** The caller's ability in a cycle, with the matrix rows it was built from (they concern the caller's bodies). */
export interface CycleAbility { cycleId: string; cycleCode: string; referenceDate: string; ability: SubjectAbility; rows: DelegationRow[] }

/** Columns of a cycle (alias `c`) and of its matrix rows concerning the bodies in parameter `bodies`, in one statement. */
export const CYCLE_WITH_ROWS = (c: string, bodies: string) =>
  `${c}.id::text AS id, ${c}.code, ${c}.reference_date AS "referenceDate", ${rowsConcerningJson(`${c}.id`, `${bodies}::bigint[]`)} AS rows`;

const CYCLE_BY_CODE = new PreparedStatement(`SELECT ${CYCLE_WITH_ROWS('c', '$2')} FROM cycle c WHERE c.code = $1`);

/** The caller's ability for a cycle, built once per request and cycle (one SQL statement). */
export function abilityFor(ctx: Ctx, cycleCode: string): Promise<CycleAbility> {
  const viewer = requireViewer(ctx);
  return cachedAbility(ctx, cycleCode, async () => {
    const [cycle] = await CYCLE_BY_CODE.run<CycleWithRows>(ctx.db.manager, [cycleCode, bodiesOf(viewer)]);
    if (!cycle) throw badInput(`cycle: no cycle "${cycleCode}"`, { cycle: cycleCode }, 'cycle');
    return cycle;
  });
}

/** The same, for a cycle already read with CYCLE_WITH_ROWS and the caller's bodies. */
export function abilityOfCycle(ctx: Ctx, cycle: CycleWithRows): Promise<CycleAbility> {
  return cachedAbility(ctx, cycle.code, async () => cycle);
}

function cachedAbility(ctx: Ctx, cycleCode: string, read: () => Promise<CycleWithRows>): Promise<CycleAbility> {
  const viewer = requireViewer(ctx);
  let pending = ctx.abilities.get(cycleCode);
  if (!pending) {
    pending = (async () => {
      const cycle = await read();
      return { cycleId: cycle.id, cycleCode, referenceDate: cycle.referenceDate, ability: buildAbility(viewer, cycle.rows), rows: cycle.rows };
    })();
    ctx.abilities.set(cycleCode, pending);
  }
  return pending;
}
