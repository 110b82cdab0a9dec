import fs from 'node:fs';
import path from 'node:path';

/**
 * Every rule, delegation row and finding names its clause as a literal an auditor can grep for
 * (004 §II.7.15, 001 §V, appendix §3–4, 000 §11(3) 4.5.2, DOMAIN §15.6…). This reads every literal
 * `source` in src/ and checks it against the grammar of clause references, so a typo cannot hide a rule.
 */
const SECTION = String.raw`(?:[IVX]+(?:\.\d+)*|\d+(?:\.\d+)*)(?:\(\d+\))?(?:–\d+(?:\.\d+)*)?`;
const REF = String.raw`(?:§${SECTION}(?: (?:[a-z]\)|step \d|\d+(?:\.\d+)+))?|appendix §${SECTION}|Mẫu \d+(?:-\d+)?[A-Z]?|Art\. \d+|App\. \d+(?:–\d+)?)`;
const DOC = String.raw`(?:\d{3}|DOMAIN|\d+-QĐ/TW|\d+-HD/BTCTW|\d+/\d{4}/NĐ-CP)`;
const PART = String.raw`${DOC}(?: ${REF}(?:, ${REF})*)?(?: \(DOMAIN §${SECTION}\))?`;
const CLAUSE = new RegExp(`^${PART}(?:; ${PART})*$`);

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('clause references', () => {
  const root = path.join(__dirname, '../../src');
  const literals = files(root).flatMap((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return [...text.matchAll(/\b(?:source|[A-Z_]*SOURCE|[a-z][A-Za-z]*Source)\s*[:=]\s*'([^'\n]+)'/g)].map((m) => ({
      file: path.relative(root, f),
      source: m[1],
    }));
  });

  it('finds the literals it checks', () => {
    expect(literals.length).toBeGreaterThan(100);
  });

  it('writes every literal source as a clause reference', () => {
    expect(literals.filter((l) => !CLAUSE.test(l.source))).toEqual([]);
  });

  it('rejects what is not one', () => {
    for (const bad of ['004 II.7.15', '004 §II.7.15;004 §I', 'see 004', '004 §', '']) expect(CLAUSE.test(bad)).toBe(false);
  });
});
