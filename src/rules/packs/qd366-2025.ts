import { QD124_2024 } from './qd124-2024';
import { CriteriaTemplate, RulePack } from './rule-pack';

const POINTS_TEMPLATE: CriteriaTemplate = {
  form: 'Mẫu 2A (43-HD/BTCTW)', source: '366-QĐ/TW (DOMAIN §16)',
  criteria: [
    { id: 'P1', title: 'General criteria: politics, ethics, discipline, responsibility', titleVi: 'Nhóm tiêu chí chung', result: false, maxPoints: 30 },
    { id: 'P2', title: 'Results of the assigned tasks', titleVi: 'Nhóm tiêu chí kết quả thực hiện nhiệm vụ', result: true, maxPoints: 70 },
  ],
};

/**
 * The 2025+ model (DOMAIN §16: 366-QĐ/TW, 43-HD/BTCTW): a 100-point score in bands instead of graded
 * criteria. The quota is kept as in the civil-service decree 335/2025/NĐ-CP; the details are to be
 * checked against the texts before relying on them, as DOMAIN §16 warns.
 */
export const QD366_2025: RulePack = {
  ...QD124_2024,
  code: 'QD366-2025',
  name: '366-QĐ/TW point scoring (2025+)',
  sources: ['366-QĐ/TW', '43-HD/BTCTW'],
  scoring: {
    model: 'POINTS', source: '366-QĐ/TW (DOMAIN §16)', excellentMin: 90, goodMin: 70, completeMin: 50,
    excellentExceeded: { atLeast: 0.3 }, completeLateMax: { atMost: 0.2 },
  },
  quota: { ...QD124_2024.quota, source: '335/2025/NĐ-CP (DOMAIN §16)' },
  templates: { PARTY_ORGANIZATION: POINTS_TEMPLATE, LEADERSHIP_COLLECTIVE: POINTS_TEMPLATE, PARTY_MEMBER: POINTS_TEMPLATE, LEADER: POINTS_TEMPLATE },
};
