import { RulePack } from './rule-pack';

/** What a locality may set for a cycle (the rest of a pack is the text of the rules themselves). */
export interface RuleParameterOverrides {
  quota?: { ratio?: number; smallGroupThreshold?: number; smallGroupComparison?: '<' | '<='; smallGroupRequiresAllGood?: boolean };
  eligibilityMonths?: number;
  headTransferredInException?: boolean;
}

/**
 * The pack in force for a unit: the cycle's pack with the overrides of the unit's ancestors applied
 * root first, so the nearest locality wins; each override's clause replaces the pack's in findings.
 */
export function effectivePack(pack: RulePack, overrides: { parameters: RuleParameterOverrides; source: string }[]): RulePack {
  return overrides.reduce<RulePack>((p, { parameters, source }) => {
    const q = parameters.quota;
    const smallGroupChanged = q && (q.smallGroupThreshold !== undefined || q.smallGroupComparison !== undefined || q.smallGroupRequiresAllGood !== undefined);
    return {
      ...p,
      quota: q ? {
        ...p.quota, ...q,
        source: q.ratio !== undefined ? source : p.quota.source,
        smallGroupSource: smallGroupChanged ? source : p.quota.smallGroupSource,
      } : p.quota,
      eligibility: parameters.eligibilityMonths !== undefined ? { ...p.eligibility, minMonths: parameters.eligibilityMonths, source } : p.eligibility,
      headClause: parameters.headTransferredInException !== undefined ? { ...p.headClause, transferredInException: parameters.headTransferredInException } : p.headClause,
      headCapSource: parameters.headTransferredInException !== undefined ? source : p.headCapSource,
    };
  }, pack);
}
