import type { Ctx } from '../context';
import { GRADES, Grade, Level, LEVELS, RESIDENCE_ITEMS, RESIDENCE_SOURCE } from '../rules';
import { templateOf } from '../rules/packs/rule-pack';
import type { SubjectKind } from '../model/kinds';
import { rulesAt } from '../services/effective-rules';
import { readableRating } from '../data/ratings';
import { FormModel, MOTTO } from './form-model';
import { dateVi, GRADE_VI, LEVEL_VI } from './labels';

const COLLECTIVE_KINDS = ['PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE'];
const isLevel = (x: unknown): x is Level => (LEVELS as readonly unknown[]).includes(x);
const isGrade = (x: unknown): x is Grade => (GRADES as readonly unknown[]).includes(x);

interface FormRow {
  label: string;
  unitName: string;
  unitPath: string;
  cycleCode: string;
  cycleName: string;
  bodyName: string | null;
  personName: string | null;
  oldLevel: string | null;
  annulReason: string | null;
  reRatedBy: string | null;
  outsidePoliticalSystem: boolean;
}

/** What a rating's forms say, read through the caller's scope: null when the caller may not read the rating. */
async function formFacts(ctx: Ctx, ratingId: string) {
  const r = await readableRating(ctx, ratingId);
  if (!r) return null;
  const [row]: FormRow[] = await ctx.session.em.query(
    `SELECT (SELECT s.label FROM rating_subject s WHERE s.kind = r.subject_kind AND s.ref_id = r.subject_ref_id) AS label, u.name AS "unitName", u.path AS "unitPath", c.code AS "cycleCode", c.name AS "cycleName", b.name AS "bodyName",
            (SELECT p.full_name FROM person p WHERE p.id = $2) AS "personName", o.decided_level AS "oldLevel", o.annul_reason AS "annulReason",
            rb.name AS "reRatedBy",
            COALESCE((SELECT m.outside_political_system FROM membership m WHERE r.subject_kind = 'PARTY_MEMBER' AND m.id = r.subject_ref_id), false)
              AS "outsidePoliticalSystem"
       FROM rating r JOIN unit u ON u.id = r.unit_id
       JOIN cycle c ON c.id = r.cycle_id LEFT JOIN body b ON b.id = r.authority_body_id
       LEFT JOIN rating o ON o.id = r.replaces_id LEFT JOIN body rb ON rb.id = r.rerated_by_body_id
      WHERE r.id = $1`,
    [ratingId, r.personId ?? null],
  );
  const pack = await rulesAt(ctx.session.em, r.cycleId, row.unitPath);
  return { r, row, template: templateOf(pack, r.subjectKind as SubjectKind, row.outsidePoliticalSystem) };
}

/** The self-assessment form of the rating (Mẫu 01, 02, 2A, 2B or 2C as the cycle's pack names it) with its result, or null. */
export async function selfAssessmentForm(ctx: Ctx, ratingId: string): Promise<FormModel | null> {
  const f = await formFacts(ctx, ratingId);
  if (!f) return null;
  const { r, row, template } = f;
  const collective = COLLECTIVE_KINDS.includes(r.subjectKind);
  const scores = (r.facts.criteria ?? []) as { id: string; grade?: string; points?: number }[];
  const rows = template.criteria.map((c, i) => {
    const s = scores.find((x) => x.id === c.id);
    const value =
      s?.points != null
        ? `${s.points}/${c.maxPoints ?? ''} điểm`
        : isGrade(s?.grade)
          ? GRADE_VI[s.grade]
          : c.graded === false
            ? '(không chấm)'
            : '—';
    return [String(i + 1), c.titleVi, value];
  });
  const facts = r.facts as { selfCivilServiceLevel?: string; civilServiceLevel?: string; managerComment?: { text: string } };
  const paragraphs =
    facts.selfCivilServiceLevel && isLevel(facts.selfCivilServiceLevel)
      ? [
          `Tự xếp loại cán bộ, công chức, viên chức: ${LEVEL_VI[facts.selfCivilServiceLevel as Level]}.`,
          `Tự xếp loại đảng viên: ${isLevel(r.selfLevel) ? LEVEL_VI[r.selfLevel] : 'chưa tự xếp loại'}.`,
        ]
      : [`Tự xếp loại: ${isLevel(r.selfLevel) ? LEVEL_VI[r.selfLevel] : 'chưa tự xếp loại'}.`];
  if (facts.managerComment) paragraphs.push(`Nhận xét, đánh giá của người quản lý, sử dụng: ${facts.managerComment.text}`);
  if (facts.civilServiceLevel && isLevel(facts.civilServiceLevel))
    paragraphs.push(`Mức xếp loại chất lượng công chức, viên chức: ${LEVEL_VI[facts.civilServiceLevel as Level]}.`);
  if (r.reviewHeldOn) paragraphs.push(`Đã kiểm điểm tại hội nghị ${dateVi(r.reviewHeldOn)}.`);
  if (isLevel(r.proposedLevel)) paragraphs.push(`Mức đề xuất: ${LEVEL_VI[r.proposedLevel]}.`);
  if (isLevel(r.decidedLevel)) {
    paragraphs.push(
      `Kết quả xếp loại: ${LEVEL_VI[r.decidedLevel]} — ${row.bodyName ?? 'cấp có thẩm quyền'} quyết định ${dateVi(r.decidedAt ? new Date(r.decidedAt).toISOString() : null)}${r.decisionRef ? ` (${r.decisionRef})` : ''}.`,
    );
  }
  if (r.stage === 'NOT_RATED') paragraphs.push(`Kiểm điểm, không xếp loại${r.notRatedSource ? ` (${r.notRatedSource})` : ''}.`);
  return {
    fileName: `${collective ? 'bao-cao-kiem-diem' : 'ban-tu-kiem-diem'}-${r.subjectCode}-${row.cycleCode}`,
    issuer: row.unitName,
    place: `…, ${dateVi(r.reviewHeldOn)}`,
    title: collective ? 'BÁO CÁO KIỂM ĐIỂM TẬP THỂ' : 'BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG',
    subtitle: row.cycleName,
    fields: [
      [collective ? 'Tên tập thể' : 'Họ và tên', collective ? row.label : (row.personName ?? row.label)],
      ['Đơn vị', row.unitName],
      ['Biểu mẫu', template.form],
    ],
    table: { headers: ['STT', collective ? 'Nội dung kiểm điểm' : 'Tiêu chí', 'Tự đánh giá'], rows },
    paragraphs,
    signature: { office: collective ? `T/M TẬP THỂ` : 'NGƯỜI TỰ KIỂM ĐIỂM', name: collective ? row.label : (row.personName ?? '') },
    source: template.source,
  };
}

/** The re-rating decision (Mẫu 03, 004 §II.7.8; 366-QĐ/TW Art. 13) of a result that replaced another, or null. */
export async function reRatingDecisionForm(ctx: Ctx, ratingId: string): Promise<FormModel | null> {
  const f = await formFacts(ctx, ratingId);
  if (!f || !f.r.replacesId || !isLevel(f.r.decidedLevel)) return null;
  const { r, row } = f;
  const decided: Level = f.r.decidedLevel;
  return {
    fileName: `quyet-dinh-xep-loai-lai-${r.subjectCode}-${row.cycleCode}`,
    issuer: row.reRatedBy ?? row.bodyName ?? '',
    place: `…, ${dateVi(r.decidedAt ? new Date(r.decidedAt).toISOString() : null)}`,
    title: 'QUYẾT ĐỊNH',
    subtitle: `về việc đánh giá, xếp loại lại chất lượng ${row.cycleName.toLowerCase()}`,
    fields: [
      ['Số', r.decisionRef ?? '…'],
      ['Đối tượng', `${row.personName ?? row.label} — ${row.unitName}`],
      ['Kết quả đã xếp loại', isLevel(row.oldLevel) ? LEVEL_VI[row.oldLevel as Level] : '—'],
      ['Xếp loại lại', LEVEL_VI[decided]],
    ],
    table: null,
    paragraphs: [`Lý do: ${row.annulReason ?? '…'}.`, 'Quyết định có hiệu lực kể từ ngày ký; kết quả xếp loại trước đây bị hủy bỏ.'],
    signature: { office: `T/M ${row.reRatedBy ?? row.bodyName ?? ''}`.toUpperCase(), name: '' },
    source: '004 §II.7.8; 366-QĐ/TW Art. 13, Mẫu 03',
  };
}

/** The residence party cell's feedback sheet (Mẫu 3-213) as recorded, or null before it is. */
export async function residenceFeedbackForm(ctx: Ctx, ratingId: string): Promise<FormModel | null> {
  const f = await formFacts(ctx, ratingId);
  const sheet = f?.r.facts.residenceFeedback as
    | { cell: string; grades: ('HIGH' | 'MIDDLE' | 'LOW')[]; comment: string | null; confirmedBy: string | null; recordedAt: string }
    | undefined;
  if (!f || !sheet) return null;
  const { r, row } = f;
  return {
    fileName: `phieu-nhan-xet-noi-cu-tru-${r.subjectCode}-${row.cycleCode}`,
    issuer: sheet.cell,
    place: `…, ${dateVi(sheet.recordedAt)}`,
    title: 'PHIẾU NHẬN XÉT',
    subtitle: 'đảng viên đang công tác thường xuyên giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư trú',
    fields: [
      ['Đảng viên', row.personName ?? row.label],
      ['Nơi công tác', row.unitName],
    ],
    table: {
      headers: ['STT', 'Nội dung', 'Nhận xét'],
      rows: RESIDENCE_ITEMS.map((item, i) => [String(i + 1), item.title, item.grades[sheet.grades[i]]]),
    },
    paragraphs: [`7. Nhận xét khác: ${sheet.comment ?? '…'}`, `Xác nhận của Đảng ủy xã, phường, thị trấn: ${sheet.confirmedBy ?? '…'}`],
    signature: { office: 'T/M CHI BỘ', name: '' },
    source: RESIDENCE_SOURCE,
  };
}

interface StoredBallots {
  convened: number;
  votes: Partial<Record<Level, number>>;
  heldOn?: string | null;
}

/**
 * The minutes of the votes on a rating (biên bản kiểm phiếu, 001 §V): for each secret ballot recorded —
 * the self-rating of a collective, the proposal, the decision — the members convened, the valid ballots for
 * each level, the result, and the ballots for other levels kept on record. Null before any vote.
 */
export async function voteMinutesForm(ctx: Ctx, ratingId: string): Promise<FormModel | null> {
  const f = await formFacts(ctx, ratingId);
  if (!f) return null;
  const [b]: { selfRating: StoredBallots | null; proposal: StoredBallots | null; decision: StoredBallots | null }[] =
    await ctx.session.em.query(
      `SELECT self_rating_ballots AS "selfRating", proposal_ballots AS proposal, decision_ballots AS decision FROM rating WHERE id = $1`,
      [ratingId],
    );
  const rounds = (
    [
      ['Tự xếp loại của tập thể', b.selfRating, f.r.selfLevel],
      ['Đề xuất mức xếp loại', b.proposal, f.r.proposedLevel],
      ['Quyết định xếp loại', b.decision, f.r.decidedLevel],
    ] as const
  ).filter(([, ballots]) => ballots);
  if (rounds.length === 0) return null;
  const { r, row } = f;
  const rows = rounds.flatMap(([round, ballots, result]) => {
    const votes = ballots as StoredBallots;
    const valid = LEVELS.reduce((n, l) => n + (votes.votes[l] ?? 0), 0);
    const dissent =
      LEVELS.filter((l) => l !== result && (votes.votes[l] ?? 0) > 0)
        .map((l) => `${LEVEL_VI[l]}: ${votes.votes[l]}`)
        .join('; ') || 'không';
    return [
      [
        round,
        dateVi(votes.heldOn ?? null),
        String(votes.convened),
        String(valid),
        ...LEVELS.map((l) => String(votes.votes[l] ?? 0)),
        isLevel(result) ? LEVEL_VI[result] : '—',
        dissent,
      ],
    ];
  });
  return {
    fileName: `bien-ban-kiem-phieu-${r.subjectCode}-${row.cycleCode}`,
    issuer: row.bodyName ?? row.unitName,
    place: `…, ${dateVi(r.decidedAt ? new Date(r.decidedAt).toISOString() : r.reviewHeldOn)}`,
    title: 'BIÊN BẢN KIỂM PHIẾU',
    subtitle: `đánh giá, xếp loại chất lượng ${row.personName ?? row.label} — ${row.cycleName.toLowerCase()}`,
    fields: [['Đối tượng', `${row.personName ?? row.label} — ${row.unitName}`]],
    table: {
      headers: ['Lần biểu quyết', 'Ngày', 'Triệu tập', 'Phiếu hợp lệ', ...LEVELS.map((l) => LEVEL_VI[l]), 'Kết quả', 'Phiếu khác kết quả'],
      rows,
    },
    paragraphs: ['Kết quả tính trên tổng số thành viên được triệu tập (001 §V); ý kiến khác được ghi vào biên bản.'],
    signature: { office: 'TỔ KIỂM PHIẾU', name: '' },
    source: '001 §V, appendix §3–4',
  };
}

export { MOTTO };
