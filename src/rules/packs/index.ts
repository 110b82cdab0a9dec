import { QD124_2023 } from './qd124-2023';
import { QD124_2024 } from './qd124-2024';
import { QD366_2025 } from './qd366-2025';
import { RulePack } from './rule-pack';

export type { RulePack } from './rule-pack';

/** The rule packs this build knows; a cycle names one of them. A locality's variant is a new entry here. */
export const RULE_PACKS: readonly RulePack[] = [QD124_2023, QD124_2024, QD366_2025];
export const RULE_PACK_CODES = RULE_PACKS.map((p) => p.code);

export function rulePack(code: string): RulePack {
  const pack = RULE_PACKS.find((p) => p.code === code);
  if (!pack) throw new Error(`unknown rule pack ${code}`);
  return pack;
}
