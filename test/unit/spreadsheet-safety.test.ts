import ExcelJS from 'exceljs';
import { safeText, tableWorkbook } from '../../src/documents/spreadsheets';

describe('spreadsheets keep formulas out (OWASP CSV injection)', () => {
  it('keeps a text that starts like a formula as text, with an apostrophe; other texts and numbers as they are', async () => {
    expect(['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'Phường Nam Hà'].map(safeText)).toEqual([
      '\'=HYPERLINK("http://x")',
      "'+1",
      "'-2",
      "'@SUM(A1)",
      'Phường Nam Hà',
    ]);
    const buffer = await tableWorkbook('Bảng', 'Thử', ['Tên', 'Số'], [['=1+1', 7]]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const row = book.getWorksheet('Bảng')!.getRow(4);
    expect([row.getCell(1).value, row.getCell(1).type, row.getCell(2).value]).toEqual(["'=1+1", ExcelJS.ValueType.String, 7]);
  });
});
