import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { gql } from 'graphql-request';
import { signDevToken } from '../../src/auth/tokens';
import { TestApi, config, startTestApi } from '../support/api';
import { Workflow, ok, plainMembers, secretaryOfBranchOf, unanimous } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const origin = () => api.url.replace(/\/graphql$/, '');
const download = (path: string, person?: string) =>
  fetch(`${origin()}${path}`, { headers: person ? { authorization: `Bearer ${signDevToken(person, config)}` } : {} });
/** The text of a PDF's pages, read by pdf.js (its warnings about drawing without a canvas are beside the point). */
async function readPdfText(bytes: Buffer): Promise<string> {
  const log = console.log;
  console.log = () => undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pdfjs = require('pdfjs-dist/legacy/build/pdf.js');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++)
      pages.push((await (await doc.getPage(i)).getTextContent()).items.map((x: { str: string }) => x.str).join(' '));
    return pages.join('\n');
  } finally {
    console.log = log;
  }
}

/** Each of `texts` is in `text` (the failure names the missing ones). */
const expectAll = (text: string, texts: string[]) => expect(texts.filter((t) => !text.includes(t))).toEqual([]);

const wordText = async (res: Response) =>
  (await (await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()))).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');

describe('documents people file, downloaded with their token and within their scope', () => {
  it('fills the self-assessment form of a decided member as DOCX and PDF, refuses another ward and an anonymous caller, and writes the re-rating decision', async () => {
    const w = new Workflow(api, '2023');
    const [m] = (await plainMembers(api, 'HT-CL-TTN', 5)).slice(4);
    const r = await w.prepared(
      m,
      'PARTY_MEMBER',
      m,
      [
        { id: 'I1', grade: 'GOOD' },
        { id: 'I2', grade: 'OUTSTANDING' },
        { id: 'I7', grade: 'GOOD' },
      ],
      { total: 10, done: 10, exceeded: 5 },
    );
    ok(await w.propose(await secretaryOfBranchOf(api, m), r.id, 'GOOD', unanimous('GOOD')));
    ok(await w.decide('HT-CL-TTN-BT', r.id, 'GOOD'));
    const { node } = await api.as(m).request<any>(
      gql`
        query ($id: ID!) {
          node(id: $id) {
            ... on Rating {
              documents {
                form {
                  docx
                  pdf
                }
                reRatingDecision {
                  docx
                }
              }
            }
          }
        }
      `,
      { id: r.id },
    );
    expect(node.documents.reRatingDecision).toBeNull();

    const docx = await download(node.documents.form.docx, m);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="ban-tu-kiem-diem-${m}-2023.docx"`));
    // 'Xuất sắc': criterion I2, as graded.
    expectAll(await wordText(docx), [
      'BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG',
      'Kiểm điểm, đánh giá, xếp loại chất lượng năm 2023',
      'Xuất sắc',
      'Kết quả xếp loại: Hoàn thành tốt nhiệm vụ',
      'Mẫu 02',
    ]);

    const pdf = await download(node.documents.form.pdf, 'HT-CL-TTN-BT');
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.includes(Buffer.from('DejaVuSans'))).toBe(true);
    // Read back with a PDF library: the Vietnamese letters survive (the embedded font maps them back to text).
    const pdfText = await readPdfText(bytes);
    expect(pdfText).toContain('BẢN TỰ KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG');
    expect(pdfText).toContain('Kết quả xếp loại: Hoàn thành tốt nhiệm vụ');

    const outsider = await download(node.documents.form.docx, 'HT-TP-NH-BT');
    expect([outsider.status, (await outsider.json()).errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    expect((await download(node.documents.form.docx)).status).toBe(401);
    expect((await download(`/documents/ratings/${r.id}/re-rating.docx`, m)).status).toBe(404);

    // The minutes of the two secret ballots: the branch's proposal and the commune committee's decision (001 §V).
    const minutes = await download(`/documents/ratings/${r.id}/vote-minutes.docx`, 'HT-CL-TTN-BT');
    expect(minutes.status).toBe(200);
    expectAll(await wordText(minutes), [
      'BIÊN BẢN KIỂM PHIẾU',
      'Đề xuất mức xếp loại',
      'Quyết định xếp loại',
      'Hoàn thành tốt nhiệm vụ',
      'Phiếu khác kết quả',
    ]);
    expect((await download(`/documents/ratings/${r.id}/vote-minutes.pdf`, 'HT-CL-TTN-BT')).status).toBe(200);

    // Re-rated by the directly superior committee, acting through its standing committee (004 §II.7.8): Mẫu 03.
    const rerated = await api.as('HT-CL-TTN-BT').request<any>(
      gql`
        mutation ($i: ReRateInput!) {
          reRate(input: $i) {
            rating {
              id
              documents {
                reRatingDecision {
                  docx
                  pdf
                }
              }
            }
            userErrors {
              code
              message
            }
          }
        }
      `,
      {
        i: {
          rating: r.id,
          level: 'COMPLETE',
          reason: 'Phát hiện vi phạm sau khi xếp loại',
          decisionRef: '12-QĐ/ĐU',
          ballots: unanimous('COMPLETE'),
        },
      },
    );
    expect(rerated.reRate.userErrors).toEqual([]);
    const decision = await download(rerated.reRate.rating.documents.reRatingDecision.docx, 'HT-CL-TTN-BT');
    expect(decision.status).toBe(200);
    expectAll(await wordText(decision), [
      'QUYẾT ĐỊNH',
      '12-QĐ/ĐU',
      'Xếp loại lại: Hoàn thành nhiệm vụ',
      'Kết quả đã xếp loại: Hoàn thành tốt nhiệm vụ',
      'Phát hiện vi phạm sau khi xếp loại',
    ]);
  });

  it('serves the summary table as XLSX with Vietnamese labels, number formats and a frozen header, equal to the GraphQL table', async () => {
    const [{ id }] = await api.db.query(`SELECT id FROM unit WHERE code = 'HT-CL'`);
    const within = Buffer.from(`Unit:${id}`).toString('base64url');
    const table = async () =>
      (
        await api.as('HT-CL-BT').request<any>(
          gql`
            query ($w: ID!) {
              summaryTable(cycle: "2024", within: $w, kind: PARTY_MEMBER) {
                xlsxUrl
                csvUrl
                rows {
                  unit {
                    name
                  }
                  total
                  good
                }
              }
            }
          `,
          { w: within },
        )
      ).summaryTable;
    // Other files decide the demo's ratings meanwhile: the file is compared with the table read before and after it,
    // taken again until no decision fell between the two readings.
    let summaryTable: any;
    let book = new ExcelJS.Workbook();
    for (let attempt = 0; attempt < 5; attempt++) {
      summaryTable = await table();
      const res = await download(summaryTable.xlsxUrl, 'HT-CL-BT');
      expect(res.status).toBe(200);
      book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      if (JSON.stringify((await table()).rows) === JSON.stringify(summaryTable.rows)) break;
    }
    const ws = book.getWorksheet('Tổng hợp')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(ws.getRow(3).getCell(1).value).toBe('Đơn vị');
    expect(ws.getRow(3).getCell(5).value).toBe('Hoàn thành tốt nhiệm vụ');
    expect(ws.getColumn(4).numFmt).toBe('0.0%');
    const rows = summaryTable.rows.map((_r: any, i: number) => [
      ws.getRow(4 + i).getCell(1).value,
      ws.getRow(4 + i).getCell(2).value,
      ws.getRow(4 + i).getCell(5).value,
    ]);
    expect(rows).toEqual(summaryTable.rows.map((r: any) => [r.unit.name, r.total, r.good]));
    expect(ws.getRow(4 + summaryTable.rows.length).getCell(1).value).toBe('Tổng cộng');
    const csv = await download(summaryTable.csvUrl, 'HT-CL-BT');
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([bytes.subarray(0, 3).toString('hex'), bytes.subarray(3).toString('utf8').startsWith('Đơn vị,Tổng số')]).toEqual([
      'efbbbf',
      true,
    ]);
    // Out of scope: a ward secretary's table of the district has no subject in it.
    const other = await download(summaryTable.xlsxUrl, 'HT-TP-NH-BT');
    const theirs = new ExcelJS.Workbook();
    await theirs.xlsx.load(Buffer.from(await other.arrayBuffer()) as unknown as ArrayBuffer);
    expect(
      theirs
        .getWorksheet('Tổng hợp')!
        .getRow(4 + summaryTable.rows.length)
        .getCell(2).value,
    ).toBe(0);
  });

  it('answers a bad request with a clear code', async () => {
    expect((await download('/documents/summary.xlsx?cycle=2024', 'HT-CL-BT')).status).toBe(400);
    expect(
      (await (await download('/documents/summary.xlsx?cycle=2099&within=x&kind=PARTY_MEMBER', 'HT-CL-BT')).json()).errors[0].extensions
        .code,
    ).toBe('BAD_USER_INPUT');
    expect((await download('/documents/nothing.pdf', 'HT-CL-BT')).status).toBe(404);
    // A NUL in a parameter is the client's mistake (PostgreSQL cannot store it), not an internal error.
    for (const path of [
      '/documents/summary.csv?cycle=20%0024&kind=PARTY_MEMBER',
      '/documents/delegated-decisions.csv?cycle=2024&within=%00',
    ]) {
      const res = await download(path, 'HT-CL-BT');
      expect([path, res.status, (await res.json()).errors[0].extensions.code]).toEqual([path, 400, 'BAD_USER_INPUT']);
    }
  });

  it('records the residence party cell’s feedback (Mẫu 3-213) and fills its sheet', async () => {
    const w = new Workflow(api, '2023');
    const [m] = (await plainMembers(api, 'HT-CL-TTN', 6)).slice(5);
    const r = await w.open(m, 'PARTY_MEMBER', m);
    const RECORD = gql`
      mutation ($i: RecordResidenceFeedbackInput!) {
        recordResidenceFeedback(input: $i) {
          rating {
            recordedFacts {
              residenceFeedback {
                cell
                grades
                comment
                confirmedBy
              }
            }
            documents {
              residenceFeedback {
                docx
                pdf
              }
            }
          }
          userErrors {
            code
            field
            rule
            source
          }
        }
      }
    `;
    const input = {
      rating: r.id,
      cell: 'Chi bộ Tổ dân phố 3, phường Bắc Hà',
      grades: ['HIGH', 'HIGH', 'MIDDLE', 'HIGH', 'MIDDLE', 'MIDDLE'],
      comment: 'Gương mẫu ở khu dân cư',
      confirmedBy: 'Đảng ủy phường Bắc Hà',
    };
    // The member does not record the cell's feedback on themself; the branch that proposes does.
    expect(
      await api
        .as(m)
        .request<any>(RECORD, { i: input })
        .catch((e) => e.response.errors[0].extensions.code),
    ).toBe('FORBIDDEN');
    const secretary = await secretaryOfBranchOf(api, m);
    // No vote held yet: no minutes.
    expect((await download(`/documents/ratings/${r.id}/vote-minutes.docx`, secretary)).status).toBe(404);
    const short = (await api.as(secretary).request<any>(RECORD, { i: { ...input, grades: ['HIGH'] } })).recordResidenceFeedback;
    expect(short.userErrors[0]).toMatchObject({
      code: 'BAD_FACTS',
      field: ['input', 'grades'],
      rule: 'residence.sheet',
      source: '003 Mẫu 3-213',
    });
    const done = (await api.as(secretary).request<any>(RECORD, { i: input })).recordResidenceFeedback;
    expect(done.userErrors).toEqual([]);
    expect(done.rating.recordedFacts.residenceFeedback).toEqual({
      cell: input.cell,
      grades: input.grades,
      comment: input.comment,
      confirmedBy: input.confirmedBy,
    });
    expectAll(await wordText(await download(done.rating.documents.residenceFeedback.docx, secretary)), [
      'PHIẾU NHẬN XÉT',
      'Nêu gương tốt',
      'Tham gia chưa đầy đủ',
      'Không đề nghị',
      'Gương mẫu ở khu dân cư',
    ]);
  });

  it('fills Mẫu 2C for a member working outside the political system and 2B for one inside, under 366-QĐ/TW', async () => {
    // A residential group's branch (its members outside the political system in the demo) and the commune's police branch;
    // a member no other test rates (other files work in the same province meanwhile).
    const pick = async (outside: boolean) =>
      (
        await api.db.query(
          `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.branch_id
            WHERE u.path LIKE (SELECT path FROM unit WHERE code = 'QT') || '%' AND m.outside_political_system = $1
              AND m.status = 'OFFICIAL' AND m.admitted_on < '2024-01-01' AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM rating r JOIN cycle c ON c.id = r.cycle_id WHERE c.code = '2025' AND r.subject_ref_id = m.id)
            ORDER BY md5(p.code) LIMIT 1`,
          [outside],
        )
      )[0].code as string;
    const w = new Workflow(api, '2025');
    const FORM = gql`
      query ($id: ID!) {
        node(id: $id) {
          ... on Rating {
            documents {
              form {
                docx
                pdf
              }
            }
          }
        }
      }
    `;
    for (const [outside, form, appendix] of [
      [true, 'Mẫu 2C (43-HD/BTCTW)', '366-QĐ/TW App. 5'],
      [false, 'Mẫu 2B (43-HD/BTCTW)', '366-QĐ/TW App. 4'],
    ] as const) {
      const m = await pick(outside);
      const r = await w.open(m, 'PARTY_MEMBER', m);
      ok(
        await w.selfAssess(m, r.id, {
          criteria: [
            { id: 'P1', points: 28 },
            { id: 'P2', points: 60 },
          ],
          selfLevel: 'GOOD',
          targets: { total: 10, done: 10, exceeded: 3 },
        }),
      );
      const { node } = await api.as(m).request<any>(FORM, { id: r.id });
      const text = await readPdfText(Buffer.from(await (await download(node.documents.form.pdf, m)).arrayBuffer()));
      expectAll(text, [form, appendix]);
      expectAll(await wordText(await download(node.documents.form.docx, m)), [form]);
      expect(text.includes(outside ? 'Mẫu 2B' : 'Mẫu 2C')).toBe(false);
    }
  });

  it('keeps the dossier of a leader item by item: what the system knows, what staff record, against the cycle’s deadline', async () => {
    const w = new Workflow(api, '2025');
    const r = await w.open('QT-DH-PCTUBND1', 'LEADER', 'QT-DH-PCTUBND1');
    const RECORD = gql`
      mutation ($i: RecordDossierItemInput!) {
        recordDossierItem(input: $i) {
          rating {
            dossier {
              item
              state
              receivedOn
              recordedBy {
                code
              }
              dueOn
              source
            }
          }
          userErrors {
            code
            field
            rule
            source
          }
        }
      }
    `;
    const record = (item: string, receivedOn: string) =>
      api
        .as('QT-BTC-TB')
        .request<any>(RECORD, { i: { rating: r.id, item, receivedOn } })
        .then((d) => d.recordDossierItem);
    expect((await record('SELF_REVIEW', '2026-01-10')).userErrors[0]).toMatchObject({
      code: 'BAD_FACTS',
      field: ['input', 'item'],
      rule: 'dossier.item',
      source: '43-HD/BTCTW Mẫu 04',
    });
    ok(await record('ASSET_DECLARATION', '2026-01-20'));
    const done = ok(await record('PLEDGE', '2026-02-05'));
    const state = Object.fromEntries(done.dossier.map((d: any) => [d.item, d.state]));
    // Due 01/02/2026 (43-HD/BTCTW Mẫu 04); the server's today is after it.
    expect(done.dossier[0]).toMatchObject({ dueOn: '2026-02-01', source: '43-HD/BTCTW Mẫu 04' });
    expect(state).toEqual({
      SELF_REVIEW: 'MISSING',
      RESIDENCE_FEEDBACK: 'MISSING',
      MANAGING_COMMENT: 'MISSING',
      ASSET_DECLARATION: 'PRESENT',
      CV_SUPPLEMENT: 'MISSING',
      PLEDGE: 'LATE',
    });
    // Who recorded each item: the staff member for what they recorded; nobody yet for what is missing.
    const by = Object.fromEntries(done.dossier.map((d: any) => [d.item, d.recordedBy?.code ?? null]));
    expect(by).toMatchObject({ ASSET_DECLARATION: 'QT-BTC-TB', PLEDGE: 'QT-BTC-TB', CV_SUPPLEMENT: null, SELF_REVIEW: null });
    // The member decides nothing about their own dossier.
    expect(
      await api
        .as('QT-DH-PCTUBND1')
        .request<any>(RECORD, { i: { rating: r.id, item: 'CV_SUPPLEMENT', receivedOn: '2026-01-05' } })
        .catch((e) => e.response.errors[0].extensions.code),
    ).toBe('FORBIDDEN');
  });

  it('fills Mẫu 02 of a civil servant with both self-levels, the employer’s comment and the civil-service level', async () => {
    const w = new Workflow(api, '2023');
    const leader = 'HT-CL-TTN-PCTUBND1';
    const r = await w.open(leader, 'LEADER', leader);
    const input = {
      criteria: [
        { id: 'I1', grade: 'GOOD' },
        { id: 'I2', grade: 'GOOD' },
        { id: 'I4', grade: 'GOOD' },
        { id: 'I5', grade: 'GOOD' },
        { id: 'I6', grade: 'GOOD' },
        { id: 'I7', grade: 'GOOD' },
      ],
      selfLevel: 'GOOD',
      targets: { total: 10, done: 10, exceeded: 2 },
    };
    const missing = await w.selfAssess(leader, r.id, { ...input, civilServiceSelfLevel: undefined });
    expect(missing.userErrors[0]).toMatchObject({
      code: 'SELF_ASSESSMENT_INCOMPLETE',
      rule: 'template.civil-service-self-level',
      field: ['input', 'civilServiceSelfLevel'],
    });
    ok(await w.selfAssess(leader, r.id, { ...input, civilServiceSelfLevel: 'EXCELLENT' }));
    ok(await w.reviewInOrder(leader, r.id));
    ok(await w.verify('HT-CL-BTC-TB', r.id, { civilServiceLevel: 'GOOD', managerComment: 'Hoàn thành tốt nhiệm vụ phụ trách kinh tế' }));
    expectAll(await wordText(await download(`/documents/ratings/${r.id}/form.docx`, leader)), [
      'Tự xếp loại cán bộ, công chức, viên chức: Hoàn thành xuất sắc nhiệm vụ',
      'Tự xếp loại đảng viên: Hoàn thành tốt nhiệm vụ',
      'Nhận xét, đánh giá của người quản lý, sử dụng: Hoàn thành tốt nhiệm vụ phụ trách kinh tế',
      'Mức xếp loại chất lượng công chức, viên chức: Hoàn thành tốt nhiệm vụ',
    ]);
    // A member who is no civil servant has no such level on the form.
    const [m] = (await plainMembers(api, 'HT-CL-TTN', 7)).slice(6);
    const plain = await w.open(m, 'PARTY_MEMBER', m);
    const refused = await w.selfAssess(m, plain.id, {
      criteria: [
        { id: 'I1', grade: 'GOOD' },
        { id: 'I2', grade: 'GOOD' },
        { id: 'I7', grade: 'GOOD' },
      ],
      selfLevel: 'GOOD',
      civilServiceSelfLevel: 'GOOD',
    });
    expect(refused.userErrors[0]).toMatchObject({ code: 'BAD_FACTS', field: ['input', 'civilServiceSelfLevel'] });
  });
});
