import { EntityManager } from 'typeorm';
import { KeptAcrossRequests } from '../db/kept-across-requests';
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

/** The packs in force, by cycle and unit path, kept across requests (db/kept-across-requests.ts; migration 0034 announces changes). */
const kept = new KeptAcrossRequests<RulePack>();

/**
 * The rule pack in force for a cycle at each of some units: the cycle's pack with its localities' parameters,
 * read in one statement for the units this replica has not kept.
 */
export async function rulesAtEach(em: EntityManager, cycleId: string, unitPaths: string[]): Promise<Map<string, RulePack>> {
  const packs = new Map<string, RulePack>();
  const missing: string[] = [];
  for (const path of new Set(unitPaths)) {
    const pack = kept.get(`${cycleId}|${path}`);
    if (pack) packs.set(path, pack);
    else missing.push(path);
  }
  if (missing.length === 0) return packs;
  const rows = await RULES_AT.run<{ path: string; rule_pack: string; period: string; parameters: object | null; source: string | null }>(
    em,
    [cycleId, missing],
  );
  if (rows.length === 0) throw new Error(`no cycle ${cycleId}`);
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
    const pack = packForPeriod(effectivePack(base, nearest >= 0 ? overrides.slice(nearest) : overrides), here[0].period);
    kept.set(`${cycleId}|${path}`, pack);
    packs.set(path, pack);
  }
  return packs;
}

/** The rule pack in force for a cycle at a unit. */
export async function rulesAt(em: EntityManager, cycleId: string, unitPath: string): Promise<RulePack> {
  return (await rulesAtEach(em, cycleId, [unitPath])).get(unitPath) as RulePack;
}
