import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { safeText, streamTableWorkbook } from '../../src/documents/spreadsheets';

/** The workbook `streamTableWorkbook` writes for these pages, read back. */
async function written(pages: (string | number | null)[][][], sheetRows?: number): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  async function* each() {
    yield* pages;
  }
  await streamTableWorkbook(out, 'Bảng', 'Thử', ['Tên', 'Số'], each(), async () => undefined, sheetRows);
  await ended;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return book;
}

describe('spreadsheets keep formulas out (OWASP CSV injection)', () => {
  it('keeps a text that starts like a formula as text, with an apostrophe; other texts and numbers as they are', async () => {
    expect(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'Phường Nam Hà'].map(safeText)).toEqual([
      '\'=HYPERLINK("http://x")',
      "'+1",
      "'-2",
      "'@SUM(A1)",
      'Phường Nam Hà',
    ]);
    const book = await written([[['=1+1', 7]]]);
    const row = book.getWorksheet('Bảng')!.getRow(4);
    expect([row.getCell(1).value, row.getCell(1).type, row.getCell(2).value]).toEqual(["'=1+1", ExcelJS.ValueType.String, 7]);
  });
});

describe('a table streamed page by page', () => {
  it('keeps every row in order, going on in numbered sheets past a sheet’s rows', async () => {
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => [`Người ${from + i}`, from + i]);
    const book = await written([rows(1, 3), [], rows(4, 2)], 2);
    const sheets = book.worksheets.map((ws) => ({
      name: ws.name,
      title: ws.getCell('A1').value,
      header: ws.getRow(3).values,
      rows: ws.getRows(4, ws.rowCount - 3)?.map((r) => r.getCell(2).value) ?? [],
    }));
    expect(sheets).toEqual([
      { name: 'Bảng', title: 'Thử', header: [undefined, 'Tên', 'Số'], rows: [1, 2] },
      { name: 'Bảng (2)', title: 'Thử (2)', header: [undefined, 'Tên', 'Số'], rows: [3, 4] },
      { name: 'Bảng (3)', title: 'Thử (3)', header: [undefined, 'Tên', 'Số'], rows: [5] },
    ]);
  });
});
