/**
 * Mẫu 3-213 (Quy định 213-QĐ/TW; the form of seed 003): the residence party cell's feedback on a working
 * member, after meeting the residential Front committee — six items, each with three grades from the
 * best, a free comment, and the commune (ward) party committee's confirmation. Pure: the items and
 * the check of a sheet as recorded.
 */
export const RESIDENCE_GRADES = ['HIGH', 'MIDDLE', 'LOW'] as const;
export type ResidenceGrade = (typeof RESIDENCE_GRADES)[number];

export const RESIDENCE_ITEMS: { title: string; grades: Record<ResidenceGrade, string> }[] = [
  {
    title: 'Nêu gương về phẩm chất chính trị, đạo đức, lối sống và phát huy vai trò tiền phong, gương mẫu trước nhân dân nơi cư trú',
    grades: { HIGH: 'Nêu gương tốt', MIDDLE: 'Nêu gương', LOW: 'Chưa nêu gương' },
  },
  {
    title:
      'Gương mẫu thực hiện nghĩa vụ công dân; tuyên truyền, vận động gia đình và nhân dân thực hiện chủ trương, chính sách, quy định nơi cư trú',
    grades: { HIGH: 'Gương mẫu đi đầu', MIDDLE: 'Gương mẫu', LOW: 'Chưa gương mẫu' },
  },
  {
    title: 'Tham gia các cuộc họp định kỳ và khác do cấp ủy nơi cư trú triệu tập; các cuộc họp của nhân dân nơi cư trú',
    grades: { HIGH: 'Tham gia đầy đủ', MIDDLE: 'Tham gia chưa đầy đủ', LOW: 'Không tham gia' },
  },
  {
    title:
      'Giữ mối liên hệ với chi ủy, trưởng thôn, tổ trưởng tổ dân phố, ban công tác mặt trận; phản ánh ý kiến của nhân dân; góp ý với cấp ủy nơi cư trú',
    grades: { HIGH: 'Thường xuyên, tích cực', MIDDLE: 'Thường xuyên', LOW: 'Chưa thường xuyên' },
  },
  {
    title:
      'Tuyên truyền, vận động nhân dân góp ý xây dựng Đảng, chính quyền; giám sát cán bộ, đảng viên; xây dựng đời sống văn hóa ở khu dân cư',
    grades: { HIGH: 'Rất tích cực', MIDDLE: 'Tích cực', LOW: 'Chưa tích cực' },
  },
  { title: 'Đề nghị cấp ủy cơ sở nơi đảng viên công tác', grades: { HIGH: 'Biểu dương', MIDDLE: 'Không đề nghị', LOW: 'Xem xét xử lý' } },
];

export const RESIDENCE_SOURCE = '003 Mẫu 3-213';

/** Problems with a sheet as recorded: one grade for each of the six items. */
export function residenceSheetProblems(grades: string[]): string[] {
  if (grades.length !== RESIDENCE_ITEMS.length)
    return [`the sheet has ${RESIDENCE_ITEMS.length} items; ${grades.length} grades were given`];
  return grades.flatMap((g, i) =>
    (RESIDENCE_GRADES as readonly string[]).includes(g) ? [] : [`item ${i + 1}: ${g} is not one of ${RESIDENCE_GRADES.join(', ')}`],
  );
}
