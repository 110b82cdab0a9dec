import fs from 'node:fs';
import { RULE_PACKS } from '../rules/packs';
import { valueAt } from '../rules/packs/effective-pack';
import { RulePack } from '../rules/packs/rule-pack';
import { ruleIndex } from './rule-index';

const STATUS = {
  TEXT: 'in the signed text of the seeds',
  Q: 'quoted verbatim by two or more sources (DOMAIN §16)',
  R: 'reported by one source',
  U: 'unconfirmed: the sources read do not say; the default is this build’s reading',
};

const cell = (x: unknown) => String(x).replace(/\|/g, '\\|');

function packSection(pack: RulePack): string {
  const rows = pack.parameters.map(
    (p) =>
      `| \`${p.path}\` | \`${cell(JSON.stringify(valueAt(pack, p.path)))}\` | ${p.status} | ${cell(p.source)} | ${cell(p.meaning)}${p.note ? ` (${cell(p.note)})` : ''} |`,
  );
  const forms = {
    ...pack.templates,
    ...(pack.outsidePoliticalSystemTemplate ? { 'PARTY_MEMBER outside the political system': pack.outsidePoliticalSystemTemplate } : {}),
  };
  const templates = Object.entries(forms).map(
    ([kind, t]) =>
      `- ${kind}: ${t.form} (${t.source}): ${t.criteria.map((c) => `${c.id}${c.maxPoints !== undefined ? ` /${c.maxPoints}` : ''}${c.result ? ' result' : ''}${c.leadersOnly ? ' leaders' : ''}${c.graded === false ? ' ungraded' : ''}`).join(', ')}`,
  );
  return [
    `## ${pack.code}: ${pack.name}`,
    '',
    `Texts: ${pack.sources.join(', ')}. Scoring: ${pack.scoring.model}.`,
    '',
    '| parameter | default | status | source | meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Criteria templates:',
    ...templates,
    '',
  ].join('\n');
}

/** `npm run rules-doc`: writes docs/rules.md from the packs themselves (a test keeps it in step). */
export function rulesText(): string {
  return [
    '# Rule packs and their parameters',
    '',
    '<!-- Written by `npm run rules-doc` from src/rules/packs; do not edit by hand. -->',
    '',
    'A cycle names a pack; a locality sets any parameter below for a cycle and its subtree as data, with the clause of its own',
    'text, in the dataset section `ruleParameters` (`set: { "<parameter>": value }`, see docs/dataset-format.md). The findings',
    'on a value it sets then cite its clause. `rules(cycle, unit) { parameters { path value status source } }` answers the',
    'values in force at a unit. Status:',
    '',
    ...Object.entries(STATUS).map(([k, v]) => `- **${k}**: ${v}.`),
    '',
    ...RULE_PACKS.map(packSection),
    ruleSection(),
  ].join('\n');
}

/** Every rule id of the code with its clause and messages: find a rule by its id or by the clause it applies. */
function ruleSection(): string {
  const short = (s: string) => cell(s.replace(/\s+/g, ' ')).slice(0, 220);
  const rows = ruleIndex().map((r) => `| \`${r.rule}\` | ${cell(r.source)} | ${short(r.message)} | ${short(r.messageVi)} | ${r.file} |`);
  return [
    '## Rules by id',
    '',
    'Every finding and refusal a rule gives, read from the source (`src/cli/rule-index.ts`): its id, the clause it applies (a value',
    'in parentheses is the pack’s, or a locality’s where it set the value), its messages in English and Vietnamese (`${…}` are the',
    'figures filled in), and where it is written.',
    '',
    '| rule | clause | message | tiếng Việt | in |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  fs.writeFileSync('docs/rules.md', rulesText());
  console.log('docs/rules.md written');
}
