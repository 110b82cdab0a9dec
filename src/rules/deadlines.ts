/**
 * What meets each deadline of a cycle (a `cycle_deadline` task, DOMAIN §13; 004 §III; 000 §6–7;
 * 001 §VI; 43-HD/BTCTW): a point every subject's rating must reach by the date, or something a unit
 * does (sends dossiers, reports upward), recorded when done. A task not listed here is a unit's.
 */
export type Milestone = 'REVIEWED' | 'CONSULTED' | 'SETTLED';

export type TaskMeaning = { kind: 'SUBJECT'; milestone: Milestone } | { kind: 'UNIT' };

/** The tasks met by the ratings themselves, as the workflow moves them, and the point each rating must reach. */
export const SUBJECT_TASKS: Readonly<Record<string, Milestone>> = {
  /** The review meetings held (001 §VI.1). */
  REVIEW_DONE: 'REVIEWED',
  /** The opinions asked of the consulted bodies given (001 §VI.1; 003 §II.5). */
  CONSULTATIONS_IN: 'CONSULTED',
  /** Rated (004 §III.1.3; 000 §7; 43-HD/BTCTW). */
  RATING_DONE: 'SETTLED',
  SPECIAL_CYCLE_RATING_DONE: 'SETTLED',
};

export function meaningOfTask(task: string): TaskMeaning {
  const milestone = SUBJECT_TASKS[task];
  return milestone ? { kind: 'SUBJECT', milestone } : { kind: 'UNIT' };
}

export const SUBJECT_TASK_NAMES = Object.keys(SUBJECT_TASKS);
