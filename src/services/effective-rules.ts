import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { RulePack, rulePack } from '../rules';
import { effectivePack } from '../rules/packs/effective-pack';

const RULES_AT = new PreparedStatement(
  `SELECT c.rule_pack, rp.parameters, rp.source
     FROM cycle c
     LEFT JOIN rule_parameters rp ON rp.cycle_id = c.id
      AND rp.unit_id = ANY (string_to_array(trim(both '/' from $2::text), '/')::bigint[])
     LEFT JOIN unit u ON u.id = rp.unit_id
    WHERE c.id = $1
    ORDER BY u.depth NULLS FIRST`);

/** The rule pack in force for a cycle at a unit: the cycle's pack with its localities' parameters, nearest last. */
export async function rulesAt(em: EntityManager, cycleId: string, unitPath: string): Promise<RulePack> {
  const rows = await RULES_AT.run<{ rule_pack: string; parameters: object | null; source: string | null }>(em, [cycleId, unitPath]);
  if (rows.length === 0) throw new Error(`no cycle ${cycleId}`);
  const overrides = rows.filter((r) => r.parameters).map((r) => ({ parameters: r.parameters as never, source: r.source as string }));
  return effectivePack(rulePack(rows[0].rule_pack), overrides);
}
