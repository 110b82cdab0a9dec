/** Pieces of the small datasets a test file imports under codes of its own (so the demo's tree, which other files count, stays as it is). */

export const IMPORT_DATASET = `mutation($dataset: JSONObject!) { importDataset(input: { dataset: $dataset }) { userErrors { code field message } } }`;

/** A year's cycle under the rules in force since 2025, its reference date on 1 December. */
export const yearCycle = (code: string, name: string, year: number) => ({
  code,
  name,
  year,
  period: 'YEAR',
  startsOn: `${year}-01-01`,
  endsOn: `${year}-12-31`,
  referenceDate: `${year}-12-01`,
  rulePack: 'QD366-2025',
});

/** The secretary's post (code `<person>-POST`) at a unit, in the body they head, since 2020. */
export const secretaryPost = (person: string, unit: string, body: string) => ({
  code: `${person}-POST`,
  person,
  unit,
  body,
  title: `Bí thư ${unit}`,
  category: 'SECRETARY',
  role: 'HEAD',
  startsOn: '2020-01-01',
});

/** A leader's post (code `<person>-POST`) in a body and, where named, one of its collectives, since 2020. */
export const leaderPost = (person: string, unit: string, body: string, collective: string | null, category: string, role: string) => ({
  code: `${person}-POST`,
  person,
  unit,
  body,
  ...(collective ? { collective } : {}),
  title: person,
  category,
  role,
  startsOn: '2020-01-01',
});

/** A row of a cycle's delegation matrix (code `<cycle>/<name>`): a body's power over a kind of subject in a scope. */
export const matrixRow = (cycle: string, name: string, delegate: string, power: string, kind: string, scope: string, within: string) => ({
  code: `${cycle}/${name}`,
  cycle,
  delegate,
  power,
  subject: { kind, scope, within },
  source: '003 §II.5.1',
});
