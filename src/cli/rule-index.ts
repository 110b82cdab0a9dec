import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One rule the code can give as a finding or a refusal: its id, clause, messages, and where it is written. */
export interface RuleEntry {
  rule: string;
  source: string;
  message: string;
  messageVi: string;
  file: string;
}

/** The repository's root, from wherever this module runs (src/ under ts-jest, dist/src/ when built). */
function root(): string {
  let dir = __dirname;
  while (!(fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src')))) dir = path.dirname(dir);
  return dir;
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** A literal as written (a template's placeholders kept), or the expression's text for a value the pack or the data supplies. */
function text(node: ts.Node | undefined, file: ts.SourceFile): string {
  if (!node) return '';
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.getText(file).slice(1, -1);
  return `(${node.getText(file)})`;
}

/**
 * Helpers that build a finding from what they are given (`check(level, …, 'ballots.colleagues.good')`,
 * `f('audit.late', source, en, vi)`): by the names of their parameters, the call says the rule, and the clause
 * and messages when it passes them; otherwise the helper's own object literal (in `file`) does.
 */
interface Helper {
  rule: string;
  params: string[];
  file: ts.SourceFile;
  source?: ts.Node;
  message?: ts.Node;
  messageVi?: ts.Node;
}

const literal = (n: ts.Node | undefined) =>
  Boolean(n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)));

/** The helpers a file defines, by name. */
function findHelpers(file: ts.SourceFile): Map<string, Helper> {
  const helpers = new Map<string, Helper>();
  const visit = (node: ts.Node, within: { name: string; params: string[] } | null): void => {
    const fn =
      ts.isFunctionDeclaration(node) && node.name
        ? { name: node.name.text, params: node.parameters.map((p) => p.name.getText(file)) }
        : ts.isVariableDeclaration(node) && node.initializer && ts.isArrowFunction(node.initializer)
          ? { name: node.name.getText(file), params: node.initializer.parameters.map((p) => p.name.getText(file)) }
          : within;
    if (ts.isObjectLiteralExpression(node) && within) {
      const prop = (n: string) => node.properties.find((p) => p.name?.getText(file) === n);
      const value = (n: string) => {
        const p = prop(n);
        return p && (ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined);
      };
      const rule = prop('rule');
      // `rule` passed in, or a template around it (`art11.${rule}`).
      const template =
        rule &&
        ts.isPropertyAssignment(rule) &&
        ts.isTemplateExpression(rule.initializer) &&
        /\$\{rule\}/.test(rule.initializer.getText(file))
          ? text(rule.initializer, file)
          : null;
      if (rule && (ts.isShorthandPropertyAssignment(rule) || template) && prop('source') && within.params.includes('rule')) {
        helpers.set(within.name, {
          rule: template ?? '${rule}',
          params: within.params,
          file,
          source: value('source'),
          message: value('message') ?? value('en'),
          messageVi: value('messageVi') ?? value('vi'),
        });
      }
    }
    ts.forEachChild(node, (c) => visit(c, fn));
  };
  visit(file, null);
  return helpers;
}

/**
 * Every rule id written in src/: object literals with a literal `rule` and a `source` (findings), and the
 * calls `refuseByRule(code, rule, source, message)` (refusals). Read from the source, so an auditor finds
 * any rule by its id or its clause in docs/rules.md, and the list cannot fall behind the code.
 */
export function ruleIndex(): RuleEntry[] {
  const base = path.join(root(), 'src');
  const found = new Map<string, RuleEntry>();
  const files = sources(base).map((name) => ({
    name,
    file: ts.createSourceFile(name, fs.readFileSync(name, 'utf8'), ts.ScriptTarget.ES2022, true),
  }));
  const helpersOf = new Map(files.map(({ name, file }) => [name, findHelpers(file)]));
  for (const { name, file } of files) {
    const rel = path.relative(base, name).split(path.sep).join('/');
    const add = (e: Omit<RuleEntry, 'file'>) => {
      const key = `${e.rule}|${e.source}|${e.message}`;
      if (!found.has(key)) found.set(key, { ...e, file: rel });
    };
    // The file's own helpers, and those it imports from another module of src/ by name.
    const helpers = new Map(helpersOf.get(name));
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const from = helpersOf.get(path.resolve(path.dirname(name), `${statement.moduleSpecifier.text}.ts`));
      const bindings = statement.importClause?.namedBindings;
      if (from && bindings && ts.isNamedImports(bindings))
        for (const b of bindings.elements) {
          const h = from.get((b.propertyName ?? b.name).text);
          if (h) helpers.set(b.name.text, h);
        }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        // A property's value; a shorthand one (`source,`) stands for the variable of that name.
        const prop = (n: string): ts.Node | undefined => {
          const p = node.properties.find((x) => x.name?.getText(file) === n);
          return p && (ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined);
        };
        const rule = prop('rule');
        if (
          rule &&
          (ts.isStringLiteral(rule) || (ts.isTemplateExpression(rule) && !/\$\{rule\}/.test(rule.getText(file)))) &&
          prop('source')
        ) {
          add({
            rule: text(rule, file),
            source: text(prop('source'), file),
            message: text(prop('message') ?? prop('en'), file),
            messageVi: text(prop('messageVi') ?? prop('vi'), file),
          });
        }
      }
      if (
        ts.isCallExpression(node) &&
        node.expression.getText(file) === 'refuseByRule' &&
        node.arguments.length >= 4 &&
        ts.isStringLiteral(node.arguments[1])
      ) {
        add({ rule: node.arguments[1].text, source: text(node.arguments[2], file), message: text(node.arguments[3], file), messageVi: '' });
      }
      const helper = ts.isCallExpression(node) ? helpers.get(node.expression.getText(file)) : undefined;
      if (helper && ts.isCallExpression(node)) {
        const arg = (...names: string[]) => names.map((n) => node.arguments[helper.params.indexOf(n)]).find((a) => a !== undefined);
        const rule = arg('rule');
        if (rule && ts.isStringLiteral(rule)) {
          const message = arg('en', 'message');
          const messageVi = arg('vi', 'messageVi');
          add({
            rule: helper.rule.replace('${rule}', rule.text),
            source: arg('source') ? text(arg('source'), file) : text(helper.source, helper.file),
            message: literal(helper.message) || !message ? text(helper.message, helper.file) : text(message, file),
            messageVi: literal(helper.messageVi) || !messageVi ? text(helper.messageVi, helper.file) : text(messageVi, file),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return [...found.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.source.localeCompare(b.source));
}
