import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FormModel, MOTTO } from './form-model';

const FONT = 'Times New Roman';
const text = (t: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, font: FONT, size: options.size ?? 26, bold: options.bold, italics: options.italics });
const line = (
  t: string,
  options: { bold?: boolean; italics?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {},
) => new Paragraph({ alignment: options.align, spacing: { after: 120 }, children: [text(t, options)] });
const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

/** A form as a Word document (Times New Roman 13, as administrative documents are written). */
export async function formDocx(form: FormModel): Promise<Buffer> {
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        children: [
          new TableCell({
            borders: noBorders,
            children: [line(form.issuer.toUpperCase(), { bold: true, align: AlignmentType.CENTER, size: 24 })],
          }),
          new TableCell({
            borders: noBorders,
            children: [
              line(MOTTO, { bold: true, align: AlignmentType.CENTER, size: 24 }),
              line(form.place, { italics: true, align: AlignmentType.CENTER, size: 24 }),
            ],
          }),
        ],
      }),
    ],
  });
  const body: (Paragraph | Table)[] = [header, line(form.title, { bold: true, align: AlignmentType.CENTER, size: 28 })];
  if (form.subtitle) body.push(line(form.subtitle, { italics: true, align: AlignmentType.CENTER }));
  for (const [label, value] of form.fields)
    body.push(new Paragraph({ spacing: { after: 80 }, children: [text(`${label}: `, { bold: true }), text(value)] }));
  if (form.table) {
    const cell = (t: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [text(t, { bold, size: 24 })] })] });
    body.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({ tableHeader: true, children: form.table.headers.map((h) => cell(h, true)) }),
          ...form.table.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
        ],
      }),
    );
  }
  for (const p of form.paragraphs) body.push(line(p));
  if (form.signature)
    body.push(
      line(form.signature.office, { bold: true, align: AlignmentType.RIGHT }),
      line(form.signature.name, { align: AlignmentType.RIGHT }),
    );
  body.push(line(`Căn cứ: ${form.source}`, { italics: true, size: 20 }));
  return Packer.toBuffer(new Document({ creator: 'rating-api', title: form.title, sections: [{ children: body }] }));
}
