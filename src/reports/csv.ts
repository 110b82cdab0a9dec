export type CsvRow = (string | number | null)[];

/** Lines of RFC 4180 CSV, each ended by CRLF, for a file written part by part (toCsv writes the first with its headers). */
export function csvLines(rows: CsvRow[]): string {
  const cell = (v: string | number | null) => {
    const raw = v === null ? '' : String(v);
    const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}

/**
 * RFC 4180 CSV with a UTF-8 byte-order mark, so that Excel opens Vietnamese headers correctly. A text
 * cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) is prefixed
 * with an apostrophe (OWASP, CSV injection): a unit named `=HYPERLINK(…)` stays text. Numbers stay numbers.
 */
export function toCsv(headers: string[], rows: CsvRow[]): string {
  return `\uFEFF${csvLines([headers, ...rows])}`;
}
