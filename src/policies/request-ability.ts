import { Ctx, requireViewer } from '../context';
import { badInput } from '../errors';
import { SubjectAbility, bodiesOf, buildAbility } from './ability';
import { rowsConcerning } from './delegation-matrix';

export interface CycleAbility { cycleId: string; cycleCode: string; ability: SubjectAbility }

/** The caller's ability for a cycle, built once per request and cycle (two SQL statements). */
export function abilityFor(ctx: Ctx, cycleCode: string): Promise<CycleAbility> {
  const viewer = requireViewer(ctx);
  let pending = ctx.abilities.get(cycleCode);
  if (!pending) {
    pending = (async () => {
      const [cycle] = await ctx.db.manager.query(`SELECT id::text AS id FROM cycle WHERE code = $1`, [cycleCode]);
      if (!cycle) throw badInput(`cycle: no cycle "${cycleCode}"`, { cycle: cycleCode }, 'cycle');
      const rows = await rowsConcerning(ctx.db.manager, cycle.id, bodiesOf(viewer));
      return { cycleId: cycle.id, cycleCode, ability: buildAbility(viewer, rows) };
    })();
    ctx.abilities.set(cycleCode, pending);
  }
  return pending;
}
