import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LEVELS } from '../rules';
import { SummaryRow, shareOfDecided, summaryCells } from '../reports/summary-table';
import { KIND_VI, LEVEL_VI } from './labels';

/** A text a spreadsheet could take for a formula (=, +, -, @ first) is kept as text with an apostrophe, as in the CSV (OWASP). */
export const safeText = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** A sheet with a title, a bold frozen header row, and columns sized to their header. */
function sheet(book: ExcelJS.Workbook, name: string, title: string, headers: { header: string; width: number; format?: string }[]) {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.getCell('A1').value = title;
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, headers.length);
  const head = ws.getRow(3);
  headers.forEach((h, i) => {
    head.getCell(i + 1).value = h.header;
    ws.getColumn(i + 1).width = h.width;
    if (h.format) ws.getColumn(i + 1).numFmt = h.format;
  });
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
    c.border = { bottom: { style: 'thin' } };
  });
  return ws;
}

/**
 * The summary table sent upward (biểu tổng hợp kết quả xếp loại) as XLSX: one row per unit, each
 * level's count and its share of the decided, the not rated and the pending; a total row.
 */
export async function summaryWorkbook(
  rows: (SummaryRow & { unitName: string })[],
  meta: { cycleName: string; kind: string; within: string },
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'rating-api';
  const headers = [
    { header: 'Đơn vị', width: 36 },
    { header: 'Tổng số', width: 10, format: '#,##0' },
    ...LEVELS.flatMap((l) => [
      { header: LEVEL_VI[l], width: 16, format: '#,##0' },
      { header: 'Tỷ lệ', width: 9, format: '0.0%' },
    ]),
    { header: 'Không xếp loại', width: 12, format: '#,##0' },
    { header: 'Chưa xếp loại', width: 12, format: '#,##0' },
  ];
  const ws = sheet(
    book,
    'Tổng hợp',
    `Tổng hợp kết quả xếp loại chất lượng ${KIND_VI[meta.kind]?.toLowerCase() ?? meta.kind} — ${meta.cycleName} — ${meta.within}`,
    headers,
  );
  ws.getCell('A2').value = 'Tỷ lệ: trên số đã xếp loại.';
  ws.getCell('A2').font = { italic: true, size: 9 };
  for (const r of rows) ws.addRow(summaryCells(safeText(r.unitName), r, shareOfDecided));
  const sum = (k: keyof SummaryRow) => rows.reduce((a, r) => a + (r[k] as number), 0);
  const total = {
    unitId: '',
    total: sum('total'),
    excellent: sum('excellent'),
    good: sum('good'),
    complete: sum('complete'),
    notComplete: sum('notComplete'),
    notRated: sum('notRated'),
    pending: sum('pending'),
  };
  const last = ws.addRow(summaryCells('Tổng cộng', total, shareOfDecided));
  last.font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Rows a sheet holds below its title and header (Excel's limit is 1,048,576 rows): past it, the table goes on in another sheet. */
export const SHEET_ROWS = 1_048_576 - 3;

/**
 * Any table with Vietnamese headers (the audit of delegated decisions), texts made safe, the header frozen, written to
 * `out` as its rows come (a page at a time, each awaited by `pace` before the next is read): a country's 2.75 million
 * decisions are never held at once. Past a sheet's rows, the table goes on in a sheet named with its number.
 */
export async function streamTableWorkbook(
  out: Writable,
  sheetName: string,
  title: string,
  headers: string[],
  pages: AsyncIterable<(string | number | null)[][]>,
  pace: () => Promise<void>,
  sheetRows = SHEET_ROWS,
): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'rating-api';
  const columns = headers.map((h) => ({ header: h, width: Math.min(40, Math.max(12, h.length + 4)) }));
  let sheets = 1;
  let ws = sheet(book, sheetName, title, columns);
  let left = sheetRows;
  for await (const rows of pages) {
    for (const r of rows) {
      if (left === 0) {
        ws.commit();
        sheets += 1;
        ws = sheet(book, `${sheetName} (${sheets})`, `${title} (${sheets})`, columns);
        left = sheetRows;
      }
      ws.addRow(r.map((v) => (typeof v === 'string' ? safeText(v) : v))).commit();
      left -= 1;
    }
    await pace();
  }
  ws.commit();
  await book.commit();
}
