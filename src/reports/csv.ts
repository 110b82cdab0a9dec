/**
 * RFC 4180 CSV with a UTF-8 byte-order mark, so that Excel opens Vietnamese headers correctly. A text
 * cell that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) is prefixed
 * with an apostrophe (OWASP, CSV injection): a unit named `=HYPERLINK(…)` stays text. Numbers stay numbers.
 */
export function toCsv(headers: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const raw = v === null ? '' : String(v);
    const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${[headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
