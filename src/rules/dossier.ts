/**
 * The dossier each subject files (hồ sơ kiểm điểm: 003 §4.5, 000 annex, 002 §3.2; Mẫu 04 of 43-HD/BTCTW
 * lists it for 2025+): which items a kind of subject files, which the system knows of by itself (the
 * self-assessment, the review, the residence feedback) and which staff record as received, and by when.
 * Pure: the state of each item from what was recorded and the deadline.
 */
import type { SubjectKind } from '../model/kinds';

export type DossierEvidence = 'SELF_ASSESSMENT' | 'REVIEW' | 'RESIDENCE_FEEDBACK' | 'MANAGER_COMMENT' | 'RECORDED';
export interface DossierItem {
  id: string;
  titleVi: string;
  kinds: SubjectKind[];
  evidence: DossierEvidence;
}
export interface DossierRule {
  items: DossierItem[];
  source: string;
  deadlineTask: string;
}

const PERSONS: SubjectKind[] = ['PARTY_MEMBER', 'LEADER'];
const COLLECTIVES: SubjectKind[] = ['PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE'];

/** 003 §4.5 and DOMAIN §13 (000 annex; 002 §3.2): what 2023 and 2024 dossiers hold. */
export const DOSSIER_124: DossierRule = {
  source: '003 §4.5; 002 §3.2',
  deadlineTask: 'DOSSIERS_TO_CITY',
  items: [
    { id: 'SELF_REVIEW', titleVi: 'Bản kiểm điểm cá nhân (Mẫu 02)', kinds: PERSONS, evidence: 'SELF_ASSESSMENT' },
    {
      id: 'RESIDENCE_FEEDBACK',
      titleVi: 'Phiếu nhận xét của chi ủy nơi cư trú (Mẫu 3-213)',
      kinds: PERSONS,
      evidence: 'RESIDENCE_FEEDBACK',
    },
    { id: 'MANAGING_COMMENT', titleVi: 'Nhận xét, đánh giá của người quản lý, sử dụng', kinds: ['LEADER'], evidence: 'MANAGER_COMMENT' },
    { id: 'ASSET_DECLARATION', titleVi: 'Bản kê khai tài sản, thu nhập', kinds: ['LEADER'], evidence: 'RECORDED' },
    { id: 'CV_SUPPLEMENT', titleVi: 'Phiếu bổ sung lý lịch hằng năm', kinds: ['LEADER'], evidence: 'RECORDED' },
    { id: 'PLEDGE', titleVi: 'Bản cam kết nêu gương, nhiệm vụ đột phá năm sau', kinds: ['LEADER'], evidence: 'RECORDED' },
    { id: 'REVIEW_REPORT', titleVi: 'Báo cáo kiểm điểm tập thể (Mẫu 01)', kinds: COLLECTIVES, evidence: 'SELF_ASSESSMENT' },
    { id: 'MEETING_MINUTES', titleVi: 'Biên bản hội nghị kiểm điểm', kinds: COLLECTIVES, evidence: 'REVIEW' },
    { id: 'RATING_SUMMARY', titleVi: 'Tổng hợp kết quả đánh giá, xếp loại', kinds: ['PARTY_ORGANIZATION'], evidence: 'RECORDED' },
  ],
};

/** 43-HD/BTCTW Mẫu 04 (its list not in the sources read [U]): the same items on the 2025 forms (01, 2A, 2B). */
export const DOSSIER_366: DossierRule = {
  source: '43-HD/BTCTW Mẫu 04',
  deadlineTask: 'DOSSIERS_TO_CENTRE',
  items: DOSSIER_124.items.map((i) => (i.id === 'SELF_REVIEW' ? { ...i, titleVi: 'Bản tự kiểm điểm (Mẫu 2A, 2B, 2C)' } : i)),
};

export type DossierState = 'PRESENT' | 'LATE' | 'MISSING' | 'DUE';

/**
 * An item is PRESENT when received by the deadline (or with no deadline), LATE when received after it,
 * MISSING when not received and the deadline has passed on `today`, DUE when not received and not due yet.
 */
export function dossierState(receivedOn: string | null, dueOn: string | null, today: string): DossierState {
  if (receivedOn) return dueOn && receivedOn > dueOn ? 'LATE' : 'PRESENT';
  return dueOn && today > dueOn ? 'MISSING' : 'DUE';
}
