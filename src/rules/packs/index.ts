/** Codes of the rule packs this build knows; a cycle names one of them. */
export const RULE_PACK_CODES = ['QD124-2023', 'QD124-2024', 'QD366-2025'] as const;
export type RulePackCode = (typeof RULE_PACK_CODES)[number];
