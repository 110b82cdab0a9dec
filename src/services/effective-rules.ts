import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { pathUnitIds } from '../db/sql-params';
import { RulePack, rulePack } from '../rules';
import { RuleParameterOverrides, effectivePack } from '../rules/packs/effective-pack';
import { packForPeriod } from '../rules/packs/rule-pack';

/** For each unit path: the cycle's pack and the parameters (and packs) of the localities on the path, nearest last. */
const RULES_AT = new PreparedStatement(
  `SELECT p.path, c.rule_pack, c.period, rp.parameters, rp.source
     FROM cycle c
     CROSS JOIN unnest($2::text[]) AS p(path)
     LEFT JOIN rule_parameters rp ON rp.cycle_id = c.id
      AND rp.unit_id = ANY (${pathUnitIds('p.path')})
     LEFT JOIN unit u ON u.id = rp.unit_id
    WHERE c.id = $1
    ORDER BY p.path, u.depth NULLS FIRST`,
);

/** The rule pack in force for a cycle at each of some units (one statement): the cycle's pack with its localities' parameters. */
export async function rulesAtEach(em: EntityManager, cycleId: string, unitPaths: string[]): Promise<Map<string, RulePack>> {
  const rows = await RULES_AT.run<{ path: string; rule_pack: string; period: string; parameters: object | null; source: string | null }>(
    em,
    [cycleId, [...new Set(unitPaths)]],
  );
  if (rows.length === 0 && unitPaths.length > 0) throw new Error(`no cycle ${cycleId}`);
  const packs = new Map<string, RulePack>();
  for (const path of new Set(rows.map((r) => r.path))) {
    const here = rows.filter((r) => r.path === path);
    const overrides: { parameters: RuleParameterOverrides; source: string }[] = here
      .filter((r) => r.parameters)
      .map((r) => ({ parameters: r.parameters as RuleParameterOverrides, source: r.source as string }));
    // The nearest locality that names a pack replaces the cycle's; the parameters set above it were set for the pack it replaced.
    let nearest = -1;
    overrides.forEach((o, i) => {
      if (o.parameters.pack) nearest = i;
    });
    const base = nearest >= 0 ? rulePack(overrides[nearest].parameters.pack as string) : rulePack(here[0].rule_pack);
    packs.set(path, packForPeriod(effectivePack(base, nearest >= 0 ? overrides.slice(nearest) : overrides), here[0].period));
  }
  return packs;
}

/** The rule pack in force for a cycle at a unit. */
export async function rulesAt(em: EntityManager, cycleId: string, unitPath: string): Promise<RulePack> {
  return (await rulesAtEach(em, cycleId, [unitPath])).get(unitPath) as RulePack;
}
