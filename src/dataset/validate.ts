import {
  BODY_KINDS,
  COLLECTIVE_KINDS,
  MEMBERSHIP_STATUSES,
  MEMBERSHIP_UNIT_KINDS,
  PERIODS,
  POST_ROLES,
  POWERS,
  SCOPE_MODES,
  SEATS,
  SPLIT_ITEM_KINDS,
  SUBJECT_KINDS,
  SYSTEM_ROLES,
  TIERS,
  UNIT_KINDS,
} from '../model/kinds';
import { RULE_PACKS, RULE_PACK_CODES, rulePack } from '../rules/packs';
import { settingProblem } from '../rules/packs/effective-pack';
import { FieldReader } from './field-reader';
import {
  BodyRecord,
  CollectiveRecord,
  CycleRecord,
  DatasetFile,
  DatasetProblem,
  DeadlineRecord,
  DelegationRecord,
  ManagementListRecord,
  MembershipRecord,
  NewUnitRecord,
  SubjectSelectorRecord,
  PersonRecord,
  PostRecord,
  REORGANIZATION_OPERATIONS,
  ReorganizationRecord,
  RuleParametersRecord,
  SeatRecord,
  UnitRecord,
} from './format';

/** What the database already holds of the codes a file refers to (the file may refer to either). */
export interface ExistingData {
  /** Units by code with their kind and parent code; includes the ancestors of every unit listed. */
  units: ReadonlyMap<string, { kind: string; parent: string | null }>;
  bodies: ReadonlySet<string>;
  collectives: ReadonlySet<string>;
  people: ReadonlySet<string>;
  cycles: ReadonlySet<string>;
  rulePacks: ReadonlySet<string>;
}

export interface ReferencedCodes {
  units: Set<string>;
  bodies: Set<string>;
  collectives: Set<string>;
  people: Set<string>;
  cycles: Set<string>;
}

const SECTIONS = [
  'units',
  'bodies',
  'collectives',
  'people',
  'memberships',
  'posts',
  'seats',
  'cycles',
  'managementLists',
  'delegations',
  'ruleParameters',
  'reorganizations',
] as const;
const GENDERS = ['MALE', 'FEMALE'] as const;

function listOf(raw: Record<string, unknown>, section: string): unknown[] {
  const v = raw[section];
  return Array.isArray(v) ? v : [];
}

function stringAt(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = (value as Record<string, unknown>)[field];
  return typeof v === 'string' ? v.trim() : undefined;
}

/** Every code a file refers to, read leniently, so the caller can look up those the database holds. */
export function referencedCodes(raw: unknown): ReferencedCodes {
  const refs: ReferencedCodes = { units: new Set(), bodies: new Set(), collectives: new Set(), people: new Set(), cycles: new Set() };
  if (typeof raw !== 'object' || raw === null) return refs;
  const r = raw as Record<string, unknown>;
  const add = (set: Set<string>, v: string | undefined) => {
    if (v) set.add(v);
  };
  for (const u of listOf(r, 'units')) add(refs.units, stringAt(u, 'parent'));
  for (const b of listOf(r, 'bodies')) {
    add(refs.units, stringAt(b, 'unit'));
    add(refs.bodies, stringAt(b, 'parent'));
  }
  for (const c of listOf(r, 'collectives')) {
    add(refs.bodies, stringAt(c, 'body'));
    add(refs.units, stringAt(c, 'unit'));
  }
  for (const m of listOf(r, 'memberships')) {
    add(refs.people, stringAt(m, 'person'));
    add(refs.units, stringAt(m, 'branch'));
  }
  for (const p of listOf(r, 'posts')) {
    add(refs.people, stringAt(p, 'person'));
    add(refs.units, stringAt(p, 'unit'));
    add(refs.bodies, stringAt(p, 'body'));
    add(refs.collectives, stringAt(p, 'collective'));
    add(refs.bodies, stringAt(p, 'managedBy'));
  }
  for (const x of listOf(r, 'seats')) {
    add(refs.bodies, stringAt(x, 'body'));
    add(refs.people, stringAt(x, 'person'));
  }
  for (const c of listOf(r, 'cycles')) {
    add(refs.units, stringAt(c, 'locality'));
    add(refs.cycles, stringAt(c, 'partOf'));
  }
  for (const l of listOf(r, 'managementLists')) {
    add(refs.cycles, stringAt(l, 'cycle'));
    add(refs.bodies, stringAt(l, 'body'));
    add(refs.units, stringAt((l as Record<string, unknown> | null)?.subject, 'scope'));
  }
  for (const d of listOf(r, 'delegations')) {
    add(refs.cycles, stringAt(d, 'cycle'));
    add(refs.bodies, stringAt(d, 'delegator'));
    add(refs.bodies, stringAt(d, 'delegate'));
    add(refs.bodies, stringAt(d, 'compiler'));
    const subject = (d as Record<string, unknown> | null)?.subject;
    add(refs.units, stringAt(subject, 'scope'));
    add(refs.bodies, stringAt(subject, 'listedBy'));
    add(refs.bodies, stringAt((subject as Record<string, unknown> | null)?.except, 'listedBy'));
    const consult = (d as Record<string, unknown> | null)?.consult;
    if (Array.isArray(consult)) for (const c of consult) if (typeof c === 'string') refs.bodies.add(c.trim());
  }
  for (const x of listOf(r, 'reorganizations')) {
    add(refs.units, stringAt(x, 'unit'));
    add(refs.units, stringAt(x, 'newParent'));
    add(refs.units, stringAt(x, 'into'));
    add(refs.units, stringAt((x as Record<string, unknown> | null)?.newUnit, 'parent'));
    const { units, parts } = (x ?? {}) as Record<string, unknown>;
    if (Array.isArray(units)) for (const u of units) if (typeof u === 'string') refs.units.add(u.trim());
    if (Array.isArray(parts)) for (const p of parts) add(refs.units, stringAt(p, 'parent'));
  }
  for (const x of listOf(r, 'ruleParameters')) {
    add(refs.cycles, stringAt(x, 'cycle'));
    add(refs.units, stringAt(x, 'unit'));
  }
  for (const u of listOf(r, 'units')) {
    const c = stringAt(u, 'code');
    if (c) refs.units.add(c);
  }
  return refs;
}

/**
 * Checks a whole dataset file against the format and the codes it can refer to. Pure: the caller
 * supplies what the database holds. Returns every problem found, or the typed dataset when none.
 */
export function validateDataset(raw: unknown, existing: ExistingData): { problems: DatasetProblem[]; dataset: DatasetFile | null } {
  const problems: DatasetProblem[] = [];
  const top = FieldReader.forRecord(raw, '', problems, ['version', ...SECTIONS]);
  if (!top) return { problems: [{ path: '(file)', message: 'must be an object with version and sections' }], dataset: null };
  if (top.raw('version') !== 1) problems.push({ path: 'version', message: 'must be 1' });
  const sections: Record<string, unknown[]> = {};
  for (const s of SECTIONS) {
    const v = top.raw(s);
    if (v !== undefined && !Array.isArray(v)) problems.push({ path: s, message: 'must be a list' });
    sections[s] = Array.isArray(v) ? v : [];
  }

  const unitKinds = new Map<string, string>();
  for (const [code, u] of existing.units) unitKinds.set(code, u.kind);
  const fileCodes = { bodies: new Set<string>(), collectives: new Set<string>(), people: new Set<string>(), cycles: new Set<string>() };

  const units = readSection(sections.units, 'units', problems, (r) => readUnit(r));
  const bodies = readSection(sections.bodies, 'bodies', problems, (r) => readBody(r));
  const collectives = readSection(sections.collectives, 'collectives', problems, (r) => readCollective(r));
  const people = readSection(sections.people, 'people', problems, (r) => readPerson(r));
  const memberships = readSection(sections.memberships, 'memberships', problems, (r) => readMembership(r));
  const posts = readSection(sections.posts, 'posts', problems, (r) => readPost(r));
  const seats = readSection(sections.seats, 'seats', problems, (r) => readSeat(r));
  const cycles = readSection(sections.cycles, 'cycles', problems, (r) => readCycle(r, problems, existing.rulePacks));
  const managementLists = readSection(sections.managementLists, 'managementLists', problems, (r) => readManagementList(r, problems));
  const delegations = readSection(sections.delegations, 'delegations', problems, (r) => readDelegation(r, problems));
  const ruleParameters = readSection(sections.ruleParameters, 'ruleParameters', problems, (r) =>
    readRuleParameters(r, problems, existing.rulePacks),
  );
  const reorganizations = readSection(sections.reorganizations, 'reorganizations', problems, (r) => readReorganization(r, problems));

  uniqueCodes(units, problems, (u) => u.code);
  uniqueCodes(bodies, problems, (b) => b.code);
  uniqueCodes(collectives, problems, (c) => c.code);
  uniqueCodes(people, problems, (p) => p.code);
  uniqueCodes(memberships, problems, (m) => m.person, 'person', 'a second membership for person');
  uniqueCodes(posts, problems, (p) => p.code);
  uniqueCodes(
    seats,
    problems,
    (x) => (x.body && x.person && x.startsOn ? `${x.body} ${x.person} ${x.startsOn}` : undefined),
    'person',
    'a second seat for body, person and start date',
  );
  uniqueCodes(cycles, problems, (c) => c.code);
  uniqueCodes(managementLists, problems, (l) => l.code);
  uniqueCodes(delegations, problems, (d) => d.code);
  uniqueCodes(
    ruleParameters,
    problems,
    (x) => (x.cycle && x.unit ? `${x.cycle} ${x.unit}` : undefined),
    'unit',
    'a second set of parameters for cycle and unit',
  );

  for (const { value } of units) if (value.code) unitKinds.set(value.code, value.kind);
  for (const { value } of bodies) if (value.code) fileCodes.bodies.add(value.code);
  for (const { value } of collectives) if (value.code) fileCodes.collectives.add(value.code);
  for (const { value } of people) if (value.code) fileCodes.people.add(value.code);
  for (const { value } of cycles) if (value.code) fileCodes.cycles.add(value.code);

  const ref = (path: string, kind: string, code: string | undefined, known: (c: string) => boolean) => {
    if (code !== undefined && !known(code)) problems.push({ path, message: `unknown ${kind} code "${code}"` });
  };
  const isUnit = (c: string) => unitKinds.has(c);
  const isBody = (c: string) => fileCodes.bodies.has(c) || existing.bodies.has(c);
  const isCollective = (c: string) => fileCodes.collectives.has(c) || existing.collectives.has(c);
  const isPerson = (c: string) => fileCodes.people.has(c) || existing.people.has(c);
  const isCycle = (c: string) => fileCodes.cycles.has(c) || existing.cycles.has(c);

  for (const { value: u, path } of units) ref(`${path}.parent`, 'unit', u.parent, isUnit);
  checkTreeHasNoCycle(units, existing, problems);
  for (const { value: b, path } of bodies) {
    ref(`${path}.unit`, 'unit', b.unit, isUnit);
    ref(`${path}.parent`, 'body', b.parent, isBody);
  }
  for (const { value: c, path } of collectives) {
    ref(`${path}.body`, 'body', c.body, isBody);
    ref(`${path}.unit`, 'unit', c.unit, isUnit);
  }
  for (const { value: m, path } of memberships) {
    ref(`${path}.person`, 'person', m.person, isPerson);
    ref(`${path}.branch`, 'unit', m.branch, isUnit);
    const kind = unitKinds.get(m.branch);
    if (kind && !MEMBERSHIP_UNIT_KINDS.includes(kind as never)) {
      problems.push({
        path: `${path}.branch`,
        message: `"${m.branch}" is a ${kind}; members are held in ${MEMBERSHIP_UNIT_KINDS.join(' or ')}`,
      });
    }
  }
  for (const { value: p, path } of posts) {
    ref(`${path}.person`, 'person', p.person, isPerson);
    ref(`${path}.unit`, 'unit', p.unit, isUnit);
    ref(`${path}.body`, 'body', p.body, isBody);
    ref(`${path}.collective`, 'collective', p.collective, isCollective);
    ref(`${path}.managedBy`, 'body', p.managedBy, isBody);
  }
  for (const { value: x, path } of seats) {
    ref(`${path}.body`, 'body', x.body, isBody);
    ref(`${path}.person`, 'person', x.person, isPerson);
  }
  const cycleInFile = new Map(cycles.map(({ value }) => [value.code, value]));
  for (const { value: c, path } of cycles) {
    ref(`${path}.locality`, 'unit', c.locality, isUnit);
    ref(`${path}.partOf`, 'cycle', c.partOf, isCycle);
    const whole = c.partOf ? cycleInFile.get(c.partOf) : undefined;
    if (!whole) continue;
    const expected = PART_OF[c.period];
    if (expected && whole.period !== expected)
      problems.push({
        path: `${path}.partOf`,
        message: `a ${c.period} cycle is part of a ${expected} cycle, not of ${whole.period} "${whole.code}"`,
      });
    if (c.startsOn < whole.startsOn || c.endsOn > whole.endsOn)
      problems.push({
        path: `${path}.partOf`,
        message: `${c.startsOn}–${c.endsOn} is not within "${whole.code}" (${whole.startsOn}–${whole.endsOn})`,
      });
  }
  for (const { value: l, path } of managementLists) {
    ref(`${path}.cycle`, 'cycle', l.cycle, isCycle);
    ref(`${path}.body`, 'body', l.body, isBody);
    ref(`${path}.subject.scope`, 'unit', l.subject.scope, isUnit);
  }
  for (const { value: d, path } of delegations) {
    ref(`${path}.subject.listedBy`, 'body', d.subject.listedBy, isBody);
    ref(`${path}.subject.except.listedBy`, 'body', d.subject.except?.listedBy, isBody);
    ref(`${path}.cycle`, 'cycle', d.cycle, isCycle);
    ref(`${path}.delegator`, 'body', d.delegator, isBody);
    ref(`${path}.delegate`, 'body', d.delegate, isBody);
    ref(`${path}.compiler`, 'body', d.compiler, isBody);
    ref(`${path}.subject.scope`, 'unit', d.subject.scope, isUnit);
    (d.consult ?? []).forEach((c, i) => ref(`${path}.consult[${i}]`, 'body', c, isBody));
  }
  // In order: a unit a merger or a split founds may be named by the operations after it.
  for (const { value: x, path } of reorganizations) {
    ref(`${path}.unit`, 'unit', x.unit, isUnit);
    ref(`${path}.newParent`, 'unit', x.newParent, isUnit);
    ref(`${path}.into`, 'unit', x.into, isUnit);
    (x.units ?? []).forEach((u, i) => ref(`${path}.units[${i}]`, 'unit', u, isUnit));
    ref(`${path}.newUnit.parent`, 'unit', x.newUnit?.parent, isUnit);
    (x.parts ?? []).forEach((p, i) => ref(`${path}.parts[${i}].parent`, 'unit', p.parent, isUnit));
    const kindOf = (u: { kind?: string }, from: string | undefined) => u.kind ?? unitKinds.get(from ?? '') ?? '';
    if (x.newUnit?.code) unitKinds.set(x.newUnit.code, kindOf(x.newUnit, x.units?.[0]));
    for (const p of x.parts ?? []) if (p.code && !unitKinds.has(p.code)) unitKinds.set(p.code, kindOf(p, x.unit));
  }
  const packOfCycle = new Map(cycles.map(({ value }) => [value.code, value.rulePack]));
  for (const { value: x, path } of ruleParameters) {
    ref(`${path}.cycle`, 'cycle', x.cycle, isCycle);
    ref(`${path}.unit`, 'unit', x.unit, isUnit);
    // Checked against the cycle's pack when the file names it; against every pack otherwise (the import applies what its pack has).
    const named = x.pack ?? packOfCycle.get(x.cycle);
    const packs = named && RULE_PACK_CODES.includes(named) ? [rulePack(named)] : RULE_PACKS;
    for (const [key, v] of Object.entries(x.set ?? {})) {
      const found = packs.map((p) => settingProblem(p, key, v));
      if (found.every((m) => m !== null)) problems.push({ path: `${path}.set.${key}`, message: found[0] as string });
    }
  }

  if (problems.length > 0) return { problems, dataset: null };
  return {
    problems,
    dataset: {
      version: 1,
      units: units.map((x) => x.value),
      bodies: bodies.map((x) => x.value),
      collectives: collectives.map((x) => x.value),
      people: people.map((x) => x.value),
      memberships: memberships.map((x) => x.value),
      posts: posts.map((x) => x.value),
      seats: seats.map((x) => x.value),
      cycles: cycles.map((x) => x.value),
      managementLists: managementLists.map((x) => x.value),
      delegations: delegations.map((x) => x.value),
      ruleParameters: ruleParameters.map((x) => x.value),
      reorganizations: reorganizations.map((x) => x.value),
    },
  };
}

/**
 * A record as read, with the fields that failed their checks left undefined: it still takes part in
 * the code and reference checks, so that one bad field does not hide the file's other problems.
 * Only a file without problems is returned, so partial records never reach the writer.
 */
interface Located<T> {
  value: T;
  path: string;
}

function readSection<T>(
  items: unknown[],
  section: string,
  problems: DatasetProblem[],
  read: (r: FieldReaderFactory) => T | undefined,
): Located<T>[] {
  const out: Located<T>[] = [];
  items.forEach((item, i) => {
    const path = `${section}[${i}]`;
    const value = read((allowed) => FieldReader.forRecord(item, path, problems, allowed));
    if (value !== undefined) out.push({ value, path });
  });
  return out;
}

type FieldReaderFactory = (allowed: readonly string[]) => FieldReader | null;

function uniqueCodes<T>(
  items: Located<T>[],
  problems: DatasetProblem[],
  key: (t: T) => string | undefined,
  field = 'code',
  message = 'duplicate code',
): void {
  const first = new Map<string, string>();
  for (const { value, path } of items) {
    const k = key(value);
    if (k === undefined) continue;
    const seen = first.get(k);
    if (seen) problems.push({ path: `${path}.${field}`, message: `${message} "${k}" (first at ${seen})` });
    else first.set(k, path);
  }
}

function checkTreeHasNoCycle(units: Located<UnitRecord>[], existing: ExistingData, problems: DatasetProblem[]): void {
  const parent = new Map<string, string | null>();
  for (const [code, u] of existing.units) parent.set(code, u.parent);
  const named = units.filter((u) => u.value.code);
  for (const { value } of named) parent.set(value.code, value.parent ?? null);
  for (const { value, path } of named) {
    const seen = new Set<string>([value.code]);
    let at = parent.get(value.code) ?? null;
    while (at !== null) {
      if (seen.has(at)) {
        problems.push({ path: `${path}.parent`, message: `makes a cycle in the tree through "${at}"` });
        break;
      }
      seen.add(at);
      at = parent.get(at) ?? null;
    }
  }
}

function readUnit(make: FieldReaderFactory): UnitRecord | undefined {
  const r = make(['code', 'name', 'kind', 'parent', 'foundedOn', 'dissolvedOn']);
  if (!r) return undefined;
  const u = {
    code: r.string('code'),
    name: r.string('name'),
    kind: r.oneOf('kind', UNIT_KINDS),
    parent: r.string('parent', true),
    foundedOn: r.date('foundedOn', true),
    dissolvedOn: r.date('dissolvedOn', true),
  };
  r.notBefore('dissolvedOn', u.dissolvedOn, 'foundedOn', u.foundedOn);
  if (u.parent !== undefined && u.parent === u.code) r.problem('parent', 'a unit cannot be its own parent');
  return u as UnitRecord;
}

function readBody(make: FieldReaderFactory): BodyRecord | undefined {
  const r = make(['code', 'name', 'kind', 'unit', 'parent']);
  if (!r) return undefined;
  const b = {
    code: r.string('code'),
    name: r.string('name'),
    kind: r.oneOf('kind', BODY_KINDS),
    unit: r.string('unit'),
    parent: r.string('parent', true),
  };
  return b as BodyRecord;
}

function readCollective(make: FieldReaderFactory): CollectiveRecord | undefined {
  const r = make(['code', 'name', 'kind', 'body', 'unit']);
  if (!r) return undefined;
  const c = {
    code: r.string('code'),
    name: r.string('name'),
    kind: r.oneOf('kind', COLLECTIVE_KINDS),
    body: r.string('body'),
    unit: r.string('unit', true),
  };
  return c as CollectiveRecord;
}

function readPerson(make: FieldReaderFactory): PersonRecord | undefined {
  const r = make(['code', 'fullName', 'gender', 'birthDate', 'systemRoles']);
  if (!r) return undefined;
  const roles = r.strings('systemRoles');
  roles.forEach((role, i) => {
    if (!SYSTEM_ROLES.includes(role as never)) r.problem(`systemRoles[${i}]`, `"${role}" is not one of ${SYSTEM_ROLES.join(', ')}`);
  });
  const p = {
    code: r.string('code'),
    fullName: r.string('fullName'),
    gender: r.oneOf('gender', GENDERS, true),
    birthDate: r.date('birthDate', true),
    systemRoles: roles,
  };
  return p as PersonRecord;
}

function readReorganization(make: FieldReaderFactory, problems: DatasetProblem[]): ReorganizationRecord | undefined {
  const r = make(['operation', 'unit', 'newParent', 'name', 'units', 'into', 'newUnit', 'parts', 'assign', 'effectiveOn', 'decisionRef']);
  if (!r) return undefined;
  const operation = r.oneOf('operation', REORGANIZATION_OPERATIONS);
  const x: Partial<ReorganizationRecord> = {
    operation,
    unit: operation === 'MERGE' ? undefined : r.string('unit'),
    newParent: r.string('newParent', true),
    name: r.string('name', true),
    into: r.string('into', true),
    effectiveOn: r.date('effectiveOn'),
    decisionRef: r.string('decisionRef'),
  };
  if (operation === 'TRANSFER' && !x.newParent) r.problem('newParent', 'a transfer names the new parent');
  if (operation === 'RENAME' && !x.name) r.problem('name', 'a renaming gives the new name');
  if (operation === 'MERGE') {
    x.units = r.strings('units');
    if (!x.units.length) r.problem('units', 'a merger names the units merged');
    if (r.has('newUnit')) x.newUnit = readNewUnit(r.raw('newUnit'), `${r.path}.newUnit`, problems);
    if (Boolean(x.into) === Boolean(x.newUnit))
      r.problem('into', 'a merger names either the unit merged into (into) or the unit it founds (newUnit)');
  }
  if (operation === 'SPLIT') {
    const parts = r.raw('parts');
    const assign = r.raw('assign') ?? [];
    if (!Array.isArray(parts) || parts.length === 0) r.problem('parts', 'a split lists its parts');
    else x.parts = parts.map((p, i) => readNewUnit(p, `${r.path}.parts[${i}]`, problems)).filter((p): p is NewUnitRecord => Boolean(p));
    if (!Array.isArray(assign)) r.problem('assign', 'must be a list of { kind, code, to }');
    else
      x.assign = assign
        .map((a, i) => {
          const f = FieldReader.forRecord(a, `${r.path}.assign[${i}]`, problems, ['kind', 'code', 'to']);
          return f && { kind: f.oneOf('kind', SPLIT_ITEM_KINDS), code: f.string('code'), to: f.string('to') };
        })
        .filter((a): a is NonNullable<ReorganizationRecord['assign']>[number] => Boolean(a?.kind && a.code && a.to));
  }
  return x as ReorganizationRecord;
}

function readNewUnit(value: unknown, path: string, problems: DatasetProblem[]): NewUnitRecord | undefined {
  const f = FieldReader.forRecord(value, path, problems, ['code', 'name', 'kind', 'parent']);
  if (!f) return undefined;
  const u = {
    code: f.string('code'),
    name: f.string('name', true),
    kind: f.oneOf('kind', UNIT_KINDS, true),
    parent: f.string('parent', true),
  };
  return u.code ? (u as NewUnitRecord) : undefined;
}

function readMembership(make: FieldReaderFactory): MembershipRecord | undefined {
  const r = make(['person', 'branch', 'admittedOn', 'officialOn', 'status', 'statusSince', 'outsidePoliticalSystem']);
  if (!r) return undefined;
  const m = {
    person: r.string('person'),
    branch: r.string('branch'),
    admittedOn: r.date('admittedOn'),
    officialOn: r.date('officialOn', true),
    status: r.oneOf('status', MEMBERSHIP_STATUSES),
    statusSince: r.date('statusSince', true),
    outsidePoliticalSystem: r.boolean('outsidePoliticalSystem') ?? false,
  };
  r.notBefore('officialOn', m.officialOn, 'admittedOn', m.admittedOn);
  return m as MembershipRecord;
}

function readPost(make: FieldReaderFactory): PostRecord | undefined {
  const r = make([
    'code',
    'person',
    'unit',
    'body',
    'collective',
    'title',
    'category',
    'role',
    'startsOn',
    'endsOn',
    'concurrent',
    'civilServant',
    'managedBy',
  ]);
  if (!r) return undefined;
  const p = {
    code: r.string('code'),
    person: r.string('person'),
    unit: r.string('unit'),
    body: r.string('body', true),
    collective: r.string('collective', true),
    title: r.string('title'),
    category: r.string('category'),
    role: r.oneOf('role', POST_ROLES),
    startsOn: r.date('startsOn'),
    endsOn: r.date('endsOn', true),
    concurrent: r.boolean('concurrent') ?? false,
    civilServant: r.boolean('civilServant') ?? false,
    managedBy: r.string('managedBy', true),
  };
  r.notBefore('endsOn', p.endsOn, 'startsOn', p.startsOn);
  return p as PostRecord;
}

function readSeat(make: FieldReaderFactory): SeatRecord | undefined {
  const r = make(['body', 'person', 'startsOn', 'endsOn', 'source', 'suspendedOn', 'suspensionRef']);
  if (!r) return undefined;
  const x = {
    body: r.string('body'),
    person: r.string('person'),
    startsOn: r.date('startsOn'),
    endsOn: r.date('endsOn', true),
    source: r.string('source', true),
    suspendedOn: r.date('suspendedOn', true),
    suspensionRef: r.string('suspensionRef', true),
  };
  r.notBefore('endsOn', x.endsOn, 'startsOn', x.startsOn);
  r.notBefore('suspendedOn', x.suspendedOn, 'startsOn', x.startsOn);
  r.notBefore('endsOn', x.endsOn, 'suspendedOn', x.suspendedOn);
  // 004 §II.7.16: a suspension is a decision of the competent committee; its reference is kept with the seat.
  if (x.suspendedOn && !x.suspensionRef)
    r.problem('suspensionRef', 'a suspension from committee activity needs the reference of its decision');
  return x as SeatRecord;
}

/** A rule pack a field names must be one this build knows. */
function checkPack(r: FieldReader, field: string, code: string | undefined, rulePacks: ReadonlySet<string>): void {
  if (code && !rulePacks.has(code)) r.problem(field, `unknown rule pack "${code}" (known: ${[...rulePacks].join(', ')})`);
}

/** What each period is part of (366-QĐ/TW Art. 1, 15: quarters feed the year, years the term); an ad hoc review may be part of any. */
const PART_OF: Partial<Record<string, string>> = { QUARTER: 'YEAR', YEAR: 'TERM' };

function readCycle(make: FieldReaderFactory, problems: DatasetProblem[], rulePacks: ReadonlySet<string>): CycleRecord | undefined {
  const r = make(['code', 'name', 'year', 'period', 'startsOn', 'endsOn', 'referenceDate', 'rulePack', 'locality', 'partOf', 'deadlines']);
  if (!r) return undefined;
  const c = {
    code: r.string('code'),
    name: r.string('name'),
    year: r.integer('year', 1990, 2100),
    period: r.oneOf('period', PERIODS),
    startsOn: r.date('startsOn'),
    endsOn: r.date('endsOn'),
    referenceDate: r.date('referenceDate'),
    rulePack: r.string('rulePack'),
    locality: r.string('locality', true),
    partOf: r.string('partOf', true),
    deadlines: [] as DeadlineRecord[],
  };
  checkPack(r, 'rulePack', c.rulePack, rulePacks);
  r.notBefore('endsOn', c.endsOn, 'startsOn', c.startsOn);
  const raw = r.raw('deadlines');
  if (raw !== undefined && !Array.isArray(raw)) r.problem('deadlines', 'must be a list');
  const seen = new Set<string>();
  (Array.isArray(raw) ? raw : []).forEach((item, i) => {
    const d = FieldReader.forRecord(item, `${r.path}.deadlines[${i}]`, problems, ['tier', 'task', 'dueOn', 'source']);
    if (!d) return;
    const rec = { tier: d.oneOf('tier', TIERS), task: d.string('task'), dueOn: d.date('dueOn'), source: d.string('source') };
    const key = `${rec.tier}/${rec.task}`;
    if (rec.tier && rec.task && seen.has(key)) d.problem('task', `a second deadline for ${rec.tier} ${rec.task}`);
    seen.add(key);
    if (rec.tier && rec.task && rec.dueOn && rec.source) c.deadlines.push(rec as DeadlineRecord);
  });
  return c as CycleRecord;
}

function readDelegation(make: FieldReaderFactory, problems: DatasetProblem[]): DelegationRecord | undefined {
  const r = make(['code', 'cycle', 'delegator', 'delegate', 'delegateOffice', 'power', 'subject', 'consult', 'compiler', 'source', 'note']);
  if (!r) return undefined;
  const d = {
    code: r.string('code'),
    cycle: r.string('cycle'),
    delegator: r.string('delegator', true),
    delegate: r.string('delegate'),
    delegateOffice: r.string('delegateOffice', true),
    power: r.oneOf('power', POWERS),
    consult: r.strings('consult'),
    compiler: r.string('compiler', true),
    source: r.string('source'),
    note: r.string('note', true),
  };
  const s = FieldReader.forRecord(r.raw('subject'), `${r.path}.subject`, problems, [
    'kind',
    'categories',
    'scope',
    'within',
    'listedBy',
    'except',
    'seats',
  ]);
  const subject = s ? { ...readSelector(s), listedBy: s.string('listedBy', true), seats: seatsOf(s) } : undefined;
  if (s?.has('except')) {
    const e = FieldReader.forRecord(s.raw('except'), `${s.path}.except`, problems, ['categories', 'listedBy', 'seats']);
    if (e && subject)
      Object.assign(subject, { except: { categories: e.strings('categories'), listedBy: e.string('listedBy', true), seats: seatsOf(e) } });
  }
  const seated =
    subject && ((subject.seats?.length ?? 0) > 0 || ((subject as { except?: { seats?: string[] } }).except?.seats?.length ?? 0) > 0);
  if (s && seated && subject.kind !== 'LEADER' && subject.kind !== 'PARTY_MEMBER')
    s.problem('seats', 'seats select leaders and members (their seats in a committee of the row’s scope unit)');
  return { ...d, subject: subject ?? { kind: undefined, scope: undefined } } as unknown as DelegationRecord;
}

/** Committee seats a row selects or excepts: EXECUTIVE, STANDING, BRANCH_COMMITTEE. */
function seatsOf(r: FieldReader): string[] {
  const seats = r.strings('seats');
  seats.filter((x) => !SEATS.includes(x as never)).forEach((x) => r.problem('seats', `"${x}" is not one of ${SEATS.join(', ')}`));
  return seats;
}

/** The selector fields a delegation row and a management-list entry share. */
function readSelector(s: FieldReader): Partial<SubjectSelectorRecord> {
  return {
    kind: s.oneOf('kind', SUBJECT_KINDS),
    categories: s.strings('categories'),
    scope: s.string('scope'),
    within: s.oneOf('within', SCOPE_MODES, true) ?? 'SUBTREE',
  };
}

function readManagementList(make: FieldReaderFactory, problems: DatasetProblem[]): ManagementListRecord | undefined {
  const r = make(['code', 'cycle', 'body', 'subject', 'source', 'note']);
  if (!r) return undefined;
  const s = FieldReader.forRecord(r.raw('subject'), `${r.path}.subject`, problems, ['kind', 'categories', 'scope', 'within']);
  return {
    code: r.string('code'),
    cycle: r.string('cycle'),
    body: r.string('body'),
    source: r.string('source'),
    note: r.string('note', true),
    subject: s ? readSelector(s) : { kind: undefined, scope: undefined },
  } as unknown as ManagementListRecord;
}

function readRuleParameters(
  make: FieldReaderFactory,
  problems: DatasetProblem[],
  rulePacks: ReadonlySet<string>,
): RuleParametersRecord | undefined {
  const r = make(['cycle', 'unit', 'pack', 'quota', 'eligibilityMonths', 'headTransferredInException', 'set', 'source']);
  if (!r) return undefined;
  const x: Partial<RuleParametersRecord> = { cycle: r.string('cycle'), unit: r.string('unit'), source: r.string('source') };
  if (r.has('pack')) {
    x.pack = r.string('pack');
    checkPack(r, 'pack', x.pack, rulePacks);
  }
  if (r.has('set')) {
    const set = r.raw('set');
    const scalar = (v: unknown) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string';
    if (!set || typeof set !== 'object' || Array.isArray(set) || !Object.values(set).every(scalar))
      r.problem('set', 'must map parameter paths (docs/rules.md) to numbers, booleans or strings');
    else x.set = set as Record<string, number | boolean | string>;
  }
  if (r.has('eligibilityMonths')) x.eligibilityMonths = r.integer('eligibilityMonths', 0, 24);
  if (r.has('headTransferredInException')) x.headTransferredInException = r.boolean('headTransferredInException');
  if (r.has('quota')) {
    const q = FieldReader.forRecord(r.raw('quota'), `${r.path}.quota`, problems, [
      'ratio',
      'smallGroupThreshold',
      'smallGroupComparison',
      'smallGroupRequiresAllGood',
    ]);
    if (q) {
      const quota: NonNullable<RuleParametersRecord['quota']> = {};
      if (q.has('ratio')) {
        const v = q.raw('ratio');
        if (typeof v !== 'number' || v < 0 || v > 1) q.problem('ratio', 'must be a number from 0 to 1');
        else quota.ratio = v;
      }
      if (q.has('smallGroupThreshold')) quota.smallGroupThreshold = q.integer('smallGroupThreshold', 0, 100);
      if (q.has('smallGroupComparison')) quota.smallGroupComparison = q.oneOf('smallGroupComparison', ['<', '<='] as const);
      if (q.has('smallGroupRequiresAllGood')) quota.smallGroupRequiresAllGood = q.boolean('smallGroupRequiresAllGood');
      x.quota = quota;
    }
  }
  return x as RuleParametersRecord;
}
