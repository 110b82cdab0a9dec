import { SUBJECT_TALLY_SQL } from '../../migrations/1732000000008-subject-tally';

/** The groups where the maintained subject tally and a count of the rows disagree (none when it is exact). */
export const TALLY_DIFFERENCES = `
  (SELECT cycle_id, kind, unit_path, unit_depth, category, stage, level, n FROM subject_tally WHERE n <> 0 EXCEPT ${SUBJECT_TALLY_SQL})
  UNION ALL (${SUBJECT_TALLY_SQL} EXCEPT SELECT cycle_id, kind, unit_path, unit_depth, category, stage, level, n FROM subject_tally)`;
