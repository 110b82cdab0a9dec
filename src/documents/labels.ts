/** The Vietnamese labels of the vocabularies, as staff read them on forms and spreadsheets. */
import type { Grade } from '../rules';
export { LEVEL_VI } from '../rules';

export const GRADE_VI: Record<Grade, string> = { OUTSTANDING: 'Xuất sắc', GOOD: 'Tốt', AVERAGE: 'Trung bình', POOR: 'Kém' };

export const KIND_VI: Record<string, string> = {
  PARTY_ORGANIZATION: 'Tổ chức đảng',
  LEADERSHIP_COLLECTIVE: 'Tập thể lãnh đạo, quản lý',
  PARTY_MEMBER: 'Đảng viên',
  LEADER: 'Cán bộ lãnh đạo, quản lý',
};

export const STAGE_VI: Record<string, string> = {
  OPEN: 'Mới mở',
  SELF_ASSESSED: 'Đã tự đánh giá',
  VERIFIED: 'Đã thẩm định',
  PROPOSED: 'Đã đề xuất',
  DECIDED: 'Đã quyết định',
  PUBLISHED: 'Đã công bố',
  NOT_RATED: 'Không xếp loại',
  NOT_STARTED: 'Chưa bắt đầu',
};

export const TIER_VI: Record<string, string> = {
  CENTRAL: 'Trung ương',
  PROVINCE: 'Cấp tỉnh',
  DISTRICT: 'Cấp huyện',
  GRASSROOTS: 'Cấp cơ sở',
  BRANCH: 'Chi bộ',
};

/** "ngày 20 tháng 11 năm 2024", as documents write a date. */
export const dateVi = (iso: string | null) => {
  if (!iso) return '…';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `ngày ${Number(d)} tháng ${Number(m)} năm ${y}`;
};
