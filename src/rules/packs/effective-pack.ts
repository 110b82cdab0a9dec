import { RulePack } from './rule-pack';

type Setting = number | boolean | string;

/** What a locality may set for a cycle (the rest of a pack is the text of the rules themselves). */
export interface RuleParameterOverrides {
  /** The pack in force in the locality's subtree, instead of the cycle's (a district under its province's guidance, not the city's). */
  pack?: string;
  quota?: { ratio?: number; smallGroupThreshold?: number; smallGroupComparison?: '<' | '<='; smallGroupRequiresAllGood?: boolean };
  eligibilityMonths?: number;
  headTransferredInException?: boolean;
  /** Any parameter of the pack by its path (`scoring.excellentMin`), e.g. a point of 366 the locality holds the signed text of. */
  set?: Record<string, Setting>;
}

/** The overrides as paths of the pack: the named fields are shorthands for three of them. */
function settingsOf(o: RuleParameterOverrides): [string, Setting][] {
  const out: [string, Setting][] = Object.entries(o.quota ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [`quota.${k}`, v as Setting]);
  if (o.eligibilityMonths !== undefined) out.push(['eligibility.minMonths', o.eligibilityMonths]);
  if (o.headTransferredInException !== undefined) out.push(['headClause.transferredInException', o.headTransferredInException]);
  return [...out, ...Object.entries(o.set ?? {})];
}

/** The value at a dotted path of an object (a pack parameter's value). */
export function valueAt(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function withValueAt<T>(obj: T, [key, ...rest]: string[], value: unknown): T {
  const o = obj as Record<string, unknown>;
  return { ...o, [key]: rest.length ? withValueAt(o[key], rest, value) : value } as T;
}

/** Why a setting cannot apply to a pack (an unknown path, or a value of another type than the default's); null when it can. */
export function settingProblem(pack: RulePack, path: string, value: unknown): string | null {
  const param = pack.parameters.find((p) => p.path === path);
  if (!param) return `${pack.code} has no parameter ${path} (docs/rules.md lists them)`;
  const current = valueAt(pack, path);
  if (typeof value !== typeof current) return `${path} takes a ${typeof current}, as its default ${JSON.stringify(current)}`;
  if (typeof value === 'number' && (value < 0 || !Number.isFinite(value))) return `${path} must be a number of 0 or more`;
  if (param.values && !param.values.includes(value as string)) return `${path} takes one of ${param.values.join(', ')}`;
  return null;
}

/**
 * The pack in force for a unit: the cycle's pack with the overrides of the unit's ancestors applied
 * root first, so the nearest locality wins; a value set replaces the clause its findings cite with
 * the locality's. Settings the pack does not have were refused at import and are skipped here.
 */
export function effectivePack(pack: RulePack, overrides: { parameters: RuleParameterOverrides; source: string }[]): RulePack {
  let out = pack;
  for (const { parameters, source } of overrides) {
    for (const [path, value] of settingsOf(parameters)) {
      if (settingProblem(pack, path, value)) continue;
      out = withValueAt(out, path.split('.'), value);
      const citedAt = citationOf(path);
      if (citedAt) out = withValueAt(out, citedAt.split('.'), source);
    }
  }
  return out;
}

/** The source field that findings on a parameter cite (replaced by the locality's clause when it sets the value). */
function citationOf(path: string): string | null {
  if (path === 'quota.ratio' || path === 'quota.rounding' || path === 'quota.peerGroup') return 'quota.source';
  if (path.startsWith('quota.smallGroup')) return 'quota.smallGroupSource';
  if (path === 'quota.raisedRatio') return 'quota.raiseSource';
  if (path.startsWith('eligibility.')) return 'eligibility.source';
  if (path === 'headClause.transferredInException') return 'headCapSource';
  if (path.startsWith('scoring.')) return 'scoring.source';
  if (path.startsWith('periods.')) return 'periods.source';
  if (path.startsWith('civilService.')) return 'civilService.source';
  if (path === 'process.draftReportWorkingDays') return 'process.draftReportSource';
  if (path === 'process.smallCollectiveMembers') return 'process.smallCollectiveSource';
  if (path.startsWith('process.reverif')) return 'process.reverificationSource';
  return null;
}
