/** Rating levels and criterion grades, each ordered high → low (DOMAIN §1). */
export const LEVELS = ['EXCELLENT', 'GOOD', 'COMPLETE', 'NOT_COMPLETE'] as const;
export type Level = (typeof LEVELS)[number];

export const GRADES = ['OUTSTANDING', 'GOOD', 'AVERAGE', 'POOR'] as const;
export type Grade = (typeof GRADES)[number];

export const LEVEL_VI: Record<Level, string> = {
  EXCELLENT: 'Hoàn thành xuất sắc nhiệm vụ',
  GOOD: 'Hoàn thành tốt nhiệm vụ',
  COMPLETE: 'Hoàn thành nhiệm vụ',
  NOT_COMPLETE: 'Không hoàn thành nhiệm vụ',
};

const rank = (l: Level) => LEVELS.indexOf(l);
const gradeRank = (g: Grade) => GRADES.indexOf(g);

/** True when `a` is at least as high as `b`. */
export const atLeast = (a: Level, b: Level) => rank(a) <= rank(b);
export const above = (a: Level, b: Level) => rank(a) < rank(b);
export const lowest = (levels: Level[]): Level => levels.reduce((lo, l) => (rank(l) > rank(lo) ? l : lo), 'EXCELLENT' as Level);
export const gradeAtLeast = (a: Grade, b: Grade) => gradeRank(a) <= gradeRank(b);
/** The level just below, or NOT_COMPLETE. */
export const below = (l: Level): Level => LEVELS[Math.min(rank(l) + 1, LEVELS.length - 1)];

/** Counts of subjects per level, e.g. the members of a branch. */
export type LevelCounts = Record<Level, number>;

export function countLevels(levels: Level[]): LevelCounts {
  const c: LevelCounts = { EXCELLENT: 0, GOOD: 0, COMPLETE: 0, NOT_COMPLETE: 0 };
  for (const l of levels) c[l] += 1;
  return c;
}

export const totalOf = (c: LevelCounts) => c.EXCELLENT + c.GOOD + c.COMPLETE + c.NOT_COMPLETE;
/** How many are at `level` or higher. */
export const countAtLeast = (c: LevelCounts, level: Level) => LEVELS.filter((l) => atLeast(l, level)).reduce((n, l) => n + c[l], 0);
