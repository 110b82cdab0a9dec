import { QD124_2023 } from './qd124-2023';
import { RulePack } from './rule-pack';

/**
 * The 2024 cycle: 08-HD/ThU as amended by 1375-CV/ThU (seed 000). §11(4) replaces the head clause of
 * 5.2.1: the head's unit must be rated EXCELLENT by the competent authority; the secretary clause is gone.
 */
export const QD124_2024: RulePack = {
  ...QD124_2023,
  code: 'QD124-2024',
  name: '124-QĐ/TW, 08-HD/ThU amended by 1375-CV/ThU (2024)',
  sources: ['004', '000'],
  quota: { ...QD124_2023.quota, source: '004 §II.5.2.1; 000 §4' },
  headClause: { ...QD124_2023.headClause, professionalRatedBy: 'COMPETENT_AUTHORITY', secretaryClause: false, source: '000 §11(4)' },
};
