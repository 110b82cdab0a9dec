/**
 * The Vietnamese label of every value of every enum of the schema, in the terms of the texts (DOMAIN.md's
 * glossary): served by `vocabulary`, used on forms and spreadsheets. A test checks that no value lacks one.
 */
import { GRADE_VI, KIND_VI, LEVEL_VI, STAGE_VI, TIER_VI } from './labels';

export const VOCABULARY_VI: Record<string, Record<string, string>> = {
  Period: { YEAR: 'Hằng năm', QUARTER: 'Hằng quý', TERM: 'Nhiệm kỳ', AD_HOC: 'Đột xuất' },
  Tier: TIER_VI,
  Power: { DECIDE: 'Quyết định', PROPOSE: 'Đề xuất' },
  SubjectKind: KIND_VI,
  ScopeMode: { SELF: 'Chính đơn vị đó', CHILDREN: 'Các đơn vị trực thuộc', SUBTREE: 'Đơn vị đó và toàn bộ cấp dưới', BELOW: 'Toàn bộ cấp dưới' },
  Seat: { EXECUTIVE: 'Ủy viên Ban Chấp hành', STANDING: 'Ủy viên Ban Thường vụ', BRANCH_COMMITTEE: 'Chi ủy viên' },
  MembershipStatus: { OFFICIAL: 'Đảng viên chính thức', PROBATIONARY: 'Đảng viên dự bị', EXEMPTED: 'Miễn sinh hoạt, công tác', SUSPENDED: 'Đình chỉ sinh hoạt đảng' },
  PostRole: { HEAD: 'Người đứng đầu', DEPUTY: 'Cấp phó', MEMBER: 'Thành viên' },
  UnitKind: {
    NATION: 'Toàn quốc', PROVINCE: 'Tỉnh, thành phố trực thuộc Trung ương', CITY: 'Thành phố thuộc tỉnh', DISTRICT: 'Huyện', TOWN: 'Thị xã',
    COMMUNE: 'Xã', WARD: 'Phường', TOWNSHIP: 'Thị trấn', AGENCY: 'Cơ quan', PUBLIC_UNIT: 'Đơn vị sự nghiệp', ENTERPRISE: 'Doanh nghiệp',
    PARTY_COMMITTEE: 'Đảng bộ cấp trên cơ sở', GRASSROOTS_PARTY_ORG: 'Tổ chức cơ sở đảng', PARTY_SUB_COMMITTEE: 'Đảng bộ bộ phận', PARTY_BRANCH: 'Chi bộ', PARTY_GROUP: 'Tổ đảng',
  },
  RatingLevel: LEVEL_VI,
  BodyKind: {
    PARTY_ORGANIZATION: 'Tổ chức đảng', PARTY_EXECUTIVE_COMMITTEE: 'Ban Chấp hành (cấp ủy)', PARTY_STANDING_COMMITTEE: 'Ban Thường vụ', BRANCH_COMMITTEE: 'Chi ủy',
    PEOPLES_COUNCIL: 'Hội đồng nhân dân', PEOPLES_COUNCIL_STANDING: 'Thường trực Hội đồng nhân dân', PEOPLES_COUNCIL_COMMITTEE: 'Ban của Hội đồng nhân dân',
    PEOPLES_COMMITTEE: 'Ủy ban nhân dân', FATHERLAND_FRONT: 'Ủy ban Mặt trận Tổ quốc Việt Nam', SOCIO_POLITICAL_ORG: 'Tổ chức chính trị - xã hội',
    ORGANIZATION_COMMISSION: 'Ban Tổ chức', INSPECTION_COMMISSION: 'Ủy ban Kiểm tra', PROPAGANDA_COMMISSION: 'Ban Tuyên giáo', OFFICE: 'Văn phòng cấp ủy',
    POLITICAL_CENTRE: 'Trung tâm Chính trị', INTERNAL_AFFAIRS: 'Phòng Nội vụ', PARTY_DELEGATION: 'Đảng đoàn', PARTY_CAUCUS: 'Ban cán sự đảng',
    AGENCY_LEADERSHIP: 'Lãnh đạo cơ quan, đơn vị', ADVISORY_BODY: 'Cơ quan tham mưu, giúp việc',
  },
  CollectiveKind: {
    PARTY_STANDING_COMMITTEE: 'Tập thể Ban Thường vụ', BRANCH_COMMITTEE: 'Tập thể chi ủy', PEOPLES_COUNCIL_STANDING: 'Tập thể Thường trực HĐND',
    PEOPLES_COUNCIL_COMMITTEE: 'Tập thể Ban của HĐND', PEOPLES_COMMITTEE_LEADERSHIP: 'Tập thể lãnh đạo UBND', FRONT_STANDING: 'Tập thể Ban Thường trực UBMTTQ',
    SOCIO_POLITICAL_STANDING: 'Tập thể Ban Thường vụ tổ chức chính trị - xã hội', ADVISORY_LEADERSHIP: 'Tập thể lãnh đạo cơ quan tham mưu, giúp việc cấp ủy',
    AGENCY_LEADERSHIP: 'Tập thể lãnh đạo cơ quan, đơn vị', PARTY_DELEGATION: 'Tập thể Đảng đoàn', PARTY_CAUCUS: 'Tập thể Ban cán sự đảng',
  },
  Stage: STAGE_VI,
  SubjectStage: STAGE_VI,
  NotRatedReason: {
    NEW_MEMBER: 'Đảng viên mới kết nạp chưa đủ 6 tháng', EXEMPTED: 'Được miễn sinh hoạt đảng', SUSPENDED: 'Bị đình chỉ sinh hoạt đảng',
    NEW_ORGANIZATION: 'Tổ chức mới thành lập chưa đủ 6 tháng', NEW_APPOINTEE: 'Mới được bổ nhiệm chưa đủ 6 tháng', RATED_AT_OTHER_POST: 'Đã xếp loại ở chức vụ cao nhất',
  },
  DossierState: { PRESENT: 'Đã nộp đúng hạn', LATE: 'Nộp muộn', MISSING: 'Chưa nộp, đã quá hạn', DUE: 'Chưa nộp, còn hạn' },
  ResidenceGrade: { HIGH: 'Mức thứ nhất (cao nhất)', MIDDLE: 'Mức thứ hai', LOW: 'Mức thứ ba (thấp nhất)' },
  ConcernKind: { COMPLAINT: 'Đơn thư khiếu nại, tố cáo', DISUNITY: 'Dấu hiệu mất đoàn kết' },
  CriterionGrade: GRADE_VI,
  ConsultationPurpose: { OPINION: 'Lấy ý kiến', REVERIFICATION: 'Thẩm định lại' },
  ComplaintStatus: { OPEN: 'Đang giải quyết', RESOLVED_CHANGED: 'Đã giải quyết, thay đổi kết quả', RESOLVED_UNCHANGED: 'Đã giải quyết, giữ nguyên kết quả' },
  SubjectAction: {
    read: 'Xem', selfAssess: 'Tự đánh giá', propose: 'Đề xuất', consult: 'Cho ý kiến', verify: 'Thẩm định', decide: 'Quyết định', audit: 'Kiểm tra, giám sát', administer: 'Quản trị hệ thống',
  },
  LevelCountKey: { ...LEVEL_VI, NOT_RATED: 'Không xếp loại', PENDING: 'Chưa xếp loại' },
  CoverageProblem: { NO_AUTHORITY: 'Chưa có cấp quyết định', PROPOSED_ONLY: 'Chỉ có cấp đề xuất', SEVERAL_AUTHORITIES: 'Nhiều cấp cùng quyết định' },
  UserErrorCode: {
    ALREADY_RAISED: 'Tỷ lệ đã được nâng', BAD_BALLOTS: 'Số phiếu không hợp lệ', BAD_FACTS: 'Thông tin không hợp lệ', BAD_GRADE: 'Mức đánh giá tiêu chí không hợp lệ',
    BAD_POINTS: 'Điểm ngoài khung', BAD_TARGETS: 'Chỉ tiêu không hợp lệ', BALLOTS_REQUIRED: 'Cần kết quả bỏ phiếu kín', BALLOTS_MISMATCH: 'Kết quả phiếu khác mức đề nghị',
    BALLOTS_NO_RESULT: 'Không mức nào đủ số phiếu', CEILING_EXCEEDED: 'Vượt mức tiêu chuẩn cho phép', CONVENED_OVER_MEMBERS: 'Số triệu tập vượt số thành viên',
    CONSULTATION_MISSING: 'Chưa có ý kiến của cơ quan phải lấy ý kiến', DEVIATION_REASON_MISSING: 'Chưa nêu lý do khác ý kiến', DRAFT_REPORT_DATE_MISSING: 'Chưa ghi ngày gửi dự thảo báo cáo',
    DRAFT_REPORT_LATE: 'Dự thảo báo cáo gửi chưa đủ thời gian', DUPLICATE_CRITERION: 'Tiêu chí bị trùng', FACT_MISSING: 'Thiếu thông tin để quyết định',
    GRADE_REQUIRED: 'Tiêu chí chưa được đánh giá', IDEMPOTENCY_KEY_REUSED: 'Khóa chống trùng đã dùng', IMPORT_INVALID: 'Tệp dữ liệu không hợp lệ',
    NO_UPPER_COMMITTEE: 'Không có cấp ủy cấp trên trong hệ thống', OVERRIDE_NOT_ALLOWED: 'Không được quyết định khác', ORDER_PREREQUISITE: 'Chưa đúng trình tự',
    PROPOSAL_MISSING: 'Chưa có đề xuất của chi bộ', QUOTA_EXCEEDED: 'Vượt tỷ lệ hoàn thành xuất sắc', RAISE_NOT_ALLOWED: 'Không được nâng tỷ lệ',
    REASON_REQUIRED: 'Cần nêu lý do', REPORT_NOT_APPROVED: 'Báo cáo kiểm điểm chưa được đồng ý', REVIEW_HOST_INVALID: 'Nơi kiểm điểm không phù hợp',
    REVERIFICATION_MISSING: 'Chưa được cấp ủy cấp trên thẩm định lại', REVIEW_NOT_HELD: 'Chưa kiểm điểm', SELF_ASSESSMENT_INCOMPLETE: 'Bản tự đánh giá chưa đủ',
    SMALL_COLLECTIVE_REVIEW: 'Tập thể dưới 3 thành viên kiểm điểm cùng tổ chức đảng, cơ quan', STALE_VERSION: 'Dữ liệu đã thay đổi', SUGGESTIONS_UNANSWERED: 'Chưa trả lời gợi ý kiểm điểm',
    UNKNOWN_CRITERION: 'Tiêu chí không có trong biểu mẫu', VERIFICATION_MISSING: 'Chưa thẩm định', VOTERS_UNKNOWN: 'Chưa có danh sách người biểu quyết', WRONG_STAGE: 'Không đúng bước',
  },
};
