import { toCsv } from '../../src/reports/csv';

describe('CSV for spreadsheets', () => {
  it('keeps a cell a spreadsheet would run as a formula as text, and quotes as RFC 4180 says', () => {
    const csv = toCsv(
      ['Đơn vị', 'Số'],
      [
        ['=HYPERLINK("http://x","bấm")', -3],
        ['+1', 2],
        ['@SUM(A1)', 0],
        ['Phường "Bắc Hà", TP', null],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n').slice(1, 5)).toEqual([
      `"'=HYPERLINK(""http://x"",""bấm"")",-3`,
      `'+1,2`,
      `'@SUM(A1),0`,
      `"Phường ""Bắc Hà"", TP",`,
    ]);
  });
});
