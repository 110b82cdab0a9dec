import { Ctx, requireViewer } from '../context';
import { badInput } from '../errors';
import { SubjectAbility, bodiesOf, buildAbility } from './ability';
import { rowsConcerning } from './delegation-matrix';
import { DelegationRow } from './delegation-row';

export interface CycleRef { id: string; code: string; referenceDate: string }

/** The caller's ability in a cycle, with the matrix rows it was built from (they concern the caller's bodies). */
export interface CycleAbility { cycleId: string; cycleCode: string; referenceDate: string; ability: SubjectAbility; rows: DelegationRow[] }

export const CYCLE_REF_COLUMNS = (a: string) => `${a}.id::text AS id, ${a}.code, ${a}.reference_date AS "referenceDate"`;

/** The caller's ability for a cycle, built once per request and cycle (two SQL statements). */
export function abilityFor(ctx: Ctx, cycleCode: string): Promise<CycleAbility> {
  return cachedAbility(ctx, cycleCode, async () => {
    const [cycle] = await ctx.db.manager.query(`SELECT ${CYCLE_REF_COLUMNS('c')} FROM cycle c WHERE c.code = $1`, [cycleCode]);
    if (!cycle) throw badInput(`cycle: no cycle "${cycleCode}"`, { cycle: cycleCode }, 'cycle');
    return cycle;
  });
}

/** The same, for a cycle already read (one statement fewer). */
export function abilityOfCycle(ctx: Ctx, cycle: CycleRef): Promise<CycleAbility> {
  return cachedAbility(ctx, cycle.code, async () => cycle);
}

function cachedAbility(ctx: Ctx, cycleCode: string, cycleOf: () => Promise<CycleRef>): Promise<CycleAbility> {
  const viewer = requireViewer(ctx);
  let pending = ctx.abilities.get(cycleCode);
  if (!pending) {
    pending = (async () => {
      const cycle = await cycleOf();
      const rows = await rowsConcerning(ctx.db.manager, cycle.id, bodiesOf(viewer));
      return { cycleId: cycle.id, cycleCode, referenceDate: cycle.referenceDate, ability: buildAbility(viewer, rows), rows };
    })();
    ctx.abilities.set(cycleCode, pending);
  }
  return pending;
}
