import path from 'node:path';
import PDFDocument from 'pdfkit';
import { FormModel, MOTTO } from './form-model';

/** DejaVu Sans, shipped by the npm package dejavu-fonts-ttf: it has every Vietnamese letter; nothing is downloaded at run time. */
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(fontDir, 'DejaVuSans.ttf');
const BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');
const ITALIC = path.join(fontDir, 'DejaVuSans-Oblique.ttf');

/** A form as PDF (A4), the same model as the Word document. */
export function formPdf(form: FormModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 70, right: 56 },
    info: { Title: form.title, Creator: 'rating-api' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 126;
  const top = doc.y;
  doc
    .font(BOLD)
    .fontSize(10)
    .text(form.issuer.toUpperCase(), 70, top, { width: width / 2 - 10, align: 'center' });
  doc
    .font(BOLD)
    .fontSize(10)
    .text(MOTTO, 70 + width / 2, top, { width: width / 2, align: 'center' });
  doc
    .font(ITALIC)
    .fontSize(10)
    .text(form.place, 70 + width / 2, doc.y, { width: width / 2, align: 'center' });
  doc.moveDown(2).font(BOLD).fontSize(13).text(form.title, 70, doc.y, { width, align: 'center' });
  if (form.subtitle) doc.font(ITALIC).fontSize(11).text(form.subtitle, { width, align: 'center' });
  doc.moveDown();
  for (const [label, value] of form.fields) doc.font(BOLD).fontSize(11).text(`${label}: `, { continued: true }).font(REGULAR).text(value);
  if (form.table) {
    doc.moveDown(0.5);
    // Three columns (number, text, value) as the forms have; wider tables share the width evenly.
    const n = form.table.headers.length;
    const widths = n === 3 ? [36, width - 36 - 130, 130] : Array.from({ length: n }, () => width / n);
    const row = (cells: string[], font: string) => {
      const y = doc.y;
      let x = 70;
      let height = 0;
      cells.forEach((c, i) => {
        const w = widths[i] ?? 100;
        height = Math.max(
          height,
          doc
            .font(font)
            .fontSize(10)
            .heightOfString(c, { width: w - 8 }),
        );
        doc.text(c, x + 4, y + 3, { width: w - 8 });
        x += w;
      });
      doc.rect(70, y, width, height + 6).stroke();
      doc.x = 70;
      doc.y = y + height + 6;
    };
    row(form.table.headers, BOLD);
    for (const r of form.table.rows) row(r, REGULAR);
  }
  doc.moveDown();
  for (const p of form.paragraphs) doc.font(REGULAR).fontSize(11).text(p, 70, doc.y, { width }).moveDown(0.3);
  if (form.signature) {
    doc.moveDown().font(BOLD).text(form.signature.office, { width, align: 'right' });
    doc.font(REGULAR).text(form.signature.name, { width, align: 'right' });
  }
  doc.moveDown().font(ITALIC).fontSize(8).text(`Căn cứ: ${form.source}`, 70, doc.y, { width });
  doc.end();
  return done;
}
