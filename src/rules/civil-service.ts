import { Finding } from './finding';
import { Level } from './levels';

/** One product of a civil servant's monthly or quarterly task results (Nghị định 335/2025/NĐ-CP). */
export interface ProductResult {
  /** Its weight: the converted work units it counts for. */
  units: number;
  /** The share of the planned quantity delivered, 0 to 1. */
  quantity: number;
  /** Major quality errors: each costs a share of the product's quality points. */
  majorErrors: number;
  /** Delays: each costs a share of its timeliness points. */
  delays: number;
  /** The errors and delays had objective causes: no penalty. */
  objectiveCause?: boolean;
}

export interface CivilServiceResults {
  generalPoints: number;
  products: ProductResult[];
}

/** How a civil-service level is computed from task results, where it is not imported from the personnel system. */
export interface CivilServiceRule {
  generalPoints: number;
  taskPoints: number;
  excellentMin: number;
  goodMin: number;
  completeMin: number;
  /** The share of a product's quality points one major error costs, and of its timeliness points one delay costs. */
  errorPenalty: number;
  delayPenalty: number;
  /** How a product's score weighs quantity, quality and timeliness (the decree's split is not in the sources read). */
  quantityWeight: number;
  qualityWeight: number;
  timelinessWeight: number;
  source: string;
}

export interface CivilServiceScore {
  points: number;
  level: Level;
  findings: Finding[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * The civil-service level from the general points and the products of the period (335/2025/NĐ-CP):
 * each product scores its quantity, its quality less the penalty per major error and its timeliness
 * less the penalty per delay (objective causes exempt); the task points are the units-weighted mean
 * of the products' scores, scaled to the task part; the level is read off the thresholds.
 */
export function civilServiceScore(r: CivilServiceResults, rule: CivilServiceRule): CivilServiceScore {
  const weight = rule.quantityWeight + rule.qualityWeight + rule.timelinessWeight;
  const totalUnits = r.products.reduce((n, p) => n + p.units, 0);
  const productScore = (p: ProductResult) => {
    const errors = p.objectiveCause ? 0 : p.majorErrors;
    const delays = p.objectiveCause ? 0 : p.delays;
    return (
      (rule.quantityWeight * clamp01(p.quantity) +
        rule.qualityWeight * clamp01(1 - rule.errorPenalty * errors) +
        rule.timelinessWeight * clamp01(1 - rule.delayPenalty * delays)) /
      weight
    );
  };
  const task = totalUnits === 0 ? 0 : (rule.taskPoints * r.products.reduce((n, p) => n + p.units * productScore(p), 0)) / totalUnits;
  // Two decimals, so that 89.995 is not read as 90 by a rounding the decree does not state.
  const points = Math.floor((Math.min(r.generalPoints, rule.generalPoints) + task) * 100 + 1e-9) / 100;
  const level: Level =
    points >= rule.excellentMin ? 'EXCELLENT' : points >= rule.goodMin ? 'GOOD' : points >= rule.completeMin ? 'COMPLETE' : 'NOT_COMPLETE';
  const figures = {
    points,
    general: Math.min(r.generalPoints, rule.generalPoints),
    generalRecorded: r.generalPoints,
    task: Math.floor(task * 100 + 1e-9) / 100,
    products: r.products.length,
    units: totalUnits,
  };
  return {
    points,
    level,
    findings: [
      {
        rule: 'civil-service.computed',
        source: rule.source,
        message: `civil-service level computed from task results: ${points} points → ${level}`,
        messageVi: `xếp loại công chức tính từ kết quả thực hiện nhiệm vụ: ${points} điểm`,
        figures,
      },
    ],
  };
}
