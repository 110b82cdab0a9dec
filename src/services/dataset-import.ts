import { forgetKept } from '../db/kept-across-requests';
import { analyzeTables } from '../db/planner-statistics';
import { DataSource, EntityManager } from 'typeorm';
import { DatasetFile, DatasetProblem, ImportCounts, ReorganizationRecord } from '../dataset/format';
import { ExistingData, referencedCodes, validateDataset } from '../dataset/validate';
import { RULE_PACK_CODES } from '../rules/packs';
import { CoverageProblem, CoverageTotals, coverageOfCycle } from '../reports/matrix-coverage';
import { pathUnitIds } from '../db/sql-params';
import { refreshUnitPaths } from './unit-paths';
import { recordUnitVersions } from './unit-versions';
import { recordReorganization } from './scheduled-reorganizations';
import { Refusal } from './refusal';
import { upsert } from '../db/columns';
import { lockTallyRecount } from './ratings-follow';
import {
  Body,
  Collective,
  CommitteeSeat,
  Cycle,
  Delegation,
  ManagementList,
  Membership,
  Person,
  Post,
  RuleParametersRow,
  Unit,
} from '../entities';

/** The coverage check of one cycle the file names, after the import (reports/matrix-coverage.ts). */
export interface CycleCoverage extends CoverageTotals {
  cycle: string;
  gaps: CoverageProblem[];
}

export type ImportOutcome =
  | { ok: true; counts: ImportCounts; dryRun: boolean; replayed?: boolean; coverage: CycleCoverage[] }
  | { ok: false; problems: DatasetProblem[] };

/** How many gaps of each cycle the import's answer lists. */
const GAPS_LISTED = 50;

/** Thrown inside the import's transaction so that a refused matrix or reorganization rolls everything back. */
class ImportRefused extends Error {
  constructor(readonly problems: DatasetProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

/**
 * Validates a dataset against the file format and the database, then writes it in one transaction
 * (or, with dryRun, only validates). Upserts by code, so a second import updates and never duplicates.
 */
export async function importDataset(
  db: DataSource,
  raw: unknown,
  options: { dryRun?: boolean; progress?: (line: string) => void; idempotencyKey?: string | null; requireFullCoverage?: boolean } = {},
): Promise<ImportOutcome> {
  const progress = options.progress ?? (() => {});
  const key = options.dryRun ? null : (options.idempotencyKey ?? null);
  try {
    const outcome = await db.transaction(async (em) => {
      if (key) {
        // A retry with the same key waits for the first attempt, then answers what it wrote.
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, [`import:${key}`]);
        const [done] = await em.query<{ counts: ImportCounts }[]>(`SELECT counts FROM import_run WHERE key = $1`, [key]);
        if (done) return { ok: true as const, counts: done.counts, dryRun: false, replayed: true, coverage: [] };
      }
      const existing = await loadExisting(em, raw);
      const { problems, dataset } = validateDataset(raw, existing);
      if (!dataset) return { ok: false as const, problems };
      if (options.dryRun) return { ok: true as const, counts: countRecords(dataset), dryRun: true, coverage: [] };
      await lockTallyRecount(em);
      await writeDataset(em, dataset, progress);
      // Subjects may have been added or moved: the report tally is counted again in the same transaction
      // (about 18 s for a national database, beyond the API's statement timeout).
      progress('counting subjects for the reports…');
      await em.query(`SET LOCAL statement_timeout = '10min'`);
      await em.query(`SELECT subject_tally_rebuild()`);
      const coverage = await checkCoverage(em, dataset, progress);
      const gaps = coverage
        .filter((c) => c.uncovered + c.conflicting > 0)
        .flatMap((c) => [
          {
            path: 'delegations',
            message: `cycle ${c.cycle}: ${c.uncovered} subjects that no row decides and ${c.conflicting} that several rows decide (the first ${GAPS_LISTED} gaps follow)`,
          },
          ...c.gaps.map((g) => gapProblem(c.cycle, g)),
        ]);
      if (options.requireFullCoverage && gaps.length) throw new ImportRefused(gaps);
      const counts = countRecords(dataset);
      if (key) await em.query(`INSERT INTO import_run (key, counts) VALUES ($1, $2)`, [key, JSON.stringify(counts)]);
      return { ok: true as const, counts, dryRun: false, coverage };
    });
    // This replica forgets the tree and matrix rows it kept at once; the others when they hear of it (migration 0025).
    if (outcome.ok && !outcome.dryRun) {
      forgetKept();
      // A replay wrote nothing (its first attempt gathered them). What was written stays written: statistics not
      // gathered are autovacuum's to gather later.
      if (!outcome.replayed)
        await analyzeTables(db).catch((e: Error) => console.error(`planner statistics not gathered after the import: ${e.message}`));
    }
    return outcome;
  } catch (e) {
    if (e instanceof ImportRefused) return { ok: false, problems: e.problems };
    throw e;
  }
}

/** The coverage check of every cycle the file names (its cycles, lists and rows), over each cycle's territory, with its first gaps. */
async function checkCoverage(em: EntityManager, d: DatasetFile, progress: (line: string) => void): Promise<CycleCoverage[]> {
  const codes = [
    ...new Set([
      ...(d.cycles ?? []).map((c) => c.code),
      ...(d.delegations ?? []).map((x) => x.cycle),
      ...(d.managementLists ?? []).map((x) => x.cycle),
    ]),
  ];
  const cycles: { id: string; code: string }[] = await em.query(`SELECT id::text, code FROM cycle WHERE code = ANY($1) ORDER BY code`, [
    codes,
  ]);
  const out: CycleCoverage[] = [];
  for (const c of cycles) {
    const coverage = await coverageOfCycle(
      em,
      { cycleId: c.id, ability: null, withinPath: null },
      { kinds: ['NO_AUTHORITY', 'SEVERAL_AUTHORITIES'], limit: GAPS_LISTED },
    );
    progress(
      `coverage of ${c.code}: ${coverage.covered} of ${coverage.subjects} subjects with one deciding authority, ${coverage.uncovered} with none, ` +
        `${coverage.conflicting} with several, ${coverage.proposedOnly} only proposed upward`,
    );
    out.push({ cycle: c.code, ...coverage });
  }
  return out;
}

/** A gap as an import problem: the subject, what is wrong, and the rows involved with their clauses. */
function gapProblem(cycle: string, g: CoverageProblem): DatasetProblem {
  const rows = g.rows.map((r) => `${r.code} (${r.source})`).join(', ');
  const what = g.problem === 'NO_AUTHORITY' ? 'no row decides it' : `several rows decide it: ${rows}`;
  return { path: 'delegations', message: `cycle ${cycle}: ${g.kind} ${g.code} (${g.label}): ${what}` };
}

function countRecords(d: DatasetFile): ImportCounts {
  return {
    units: d.units?.length ?? 0,
    bodies: d.bodies?.length ?? 0,
    collectives: d.collectives?.length ?? 0,
    people: d.people?.length ?? 0,
    memberships: d.memberships?.length ?? 0,
    posts: d.posts?.length ?? 0,
    seats: d.seats?.length ?? 0,
    cycles: d.cycles?.length ?? 0,
    deadlines: (d.cycles ?? []).reduce((n, c) => n + (c.deadlines?.length ?? 0), 0),
    managementLists: d.managementLists?.length ?? 0,
    delegations: d.delegations?.length ?? 0,
    ruleParameters: d.ruleParameters?.length ?? 0,
  };
}

async function loadExisting(em: EntityManager, raw: unknown): Promise<ExistingData> {
  const refs = referencedCodes(raw);
  const codesIn = async (table: string, codes: Set<string>) =>
    new Set<string>(
      (await em.query<{ code: string }[]>(`SELECT code FROM ${table} WHERE code = ANY($1)`, [[...codes]])).map((r) => r.code),
    );
  // The listed units and all their ancestors, so that the validator can see cycles through the stored tree.
  const unitRows: { code: string; kind: string; parent: string | null }[] = await em.query(
    `SELECT a.code, a.kind, p.code AS parent
       FROM unit u
       JOIN unit a ON a.id = ANY (${pathUnitIds('u.path')})
       LEFT JOIN unit p ON p.id = a.parent_id
      WHERE u.code = ANY($1)`,
    [[...refs.units]],
  );
  return {
    units: new Map(unitRows.map((r) => [r.code, { kind: r.kind, parent: r.parent }])),
    bodies: await codesIn('body', refs.bodies),
    collectives: await codesIn('collective', refs.collectives),
    people: await codesIn('person', refs.people),
    cycles: await codesIn('cycle', refs.cycles),
    rulePacks: new Set(RULE_PACK_CODES),
  };
}

const col = <T>(rows: T[], pick: (r: T) => unknown) => rows.map((r) => pick(r) ?? null);

async function writeDataset(em: EntityManager, d: DatasetFile, progress: (line: string) => void): Promise<void> {
  const units = d.units ?? [];
  for (const level of unitsByLevel(units)) {
    await em.query(
      upsert(Unit, {
        direct: ['code', 'name', 'kind', 'foundedOn', 'dissolvedOn'],
        values: { parentId: 'p.id', path: "''", depth: '0' },
        from: `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[]) AS v(code, name, kind, parent, founded_on, dissolved_on)
         LEFT JOIN unit p ON p.code = v.parent`,
        conflict: ['code'],
        keep: ['path', 'depth'],
        alsoSet: 'updated_at = now()',
      }),
      [
        col(level, (u) => u.code),
        col(level, (u) => u.name),
        col(level, (u) => u.kind),
        col(level, (u) => u.parent),
        col(level, (u) => u.foundedOn),
        col(level, (u) => u.dissolvedOn),
      ],
    );
  }
  const moved = await refreshUnitPaths(em);
  // What the file moved or renamed, from today: the tree's history is never rewritten.
  await recordUnitVersions(em, { day: new Date().toISOString().slice(0, 10), operation: 'IMPORT', decisionRef: null, recordedBy: null });
  progress(`units: ${units.length} written, ${moved} paths updated`);

  const bodies = d.bodies ?? [];
  await em.query(
    upsert(Body, {
      direct: ['code', 'name', 'kind'],
      values: { unitId: 'u.id' },
      from: `unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(code, name, kind, unit) JOIN unit u ON u.code = v.unit`,
      conflict: ['code'],
    }),
    [col(bodies, (b) => b.code), col(bodies, (b) => b.name), col(bodies, (b) => b.kind), col(bodies, (b) => b.unit)],
  );
  await em.query(
    `UPDATE body SET parent_body_id = p.id
       FROM unnest($1::text[], $2::text[]) AS v(code, parent) LEFT JOIN body p ON p.code = v.parent
      WHERE body.code = v.code`,
    [col(bodies, (b) => b.code), col(bodies, (b) => b.parent)],
  );
  progress(`bodies: ${bodies.length}`);

  const collectives = d.collectives ?? [];
  await em.query(
    upsert(Collective, {
      direct: ['code', 'name', 'kind'],
      values: { bodyId: 'b.id', unitId: 'COALESCE(u.id, b.unit_id)' },
      from: `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS v(code, name, kind, body, unit)
       JOIN body b ON b.code = v.body LEFT JOIN unit u ON u.code = v.unit`,
      conflict: ['code'],
    }),
    [
      col(collectives, (c) => c.code),
      col(collectives, (c) => c.name),
      col(collectives, (c) => c.kind),
      col(collectives, (c) => c.body),
      col(collectives, (c) => c.unit),
    ],
  );
  progress(`collectives: ${collectives.length}`);

  const people = d.people ?? [];
  await em.query(
    upsert(Person, {
      direct: ['code', 'fullName', 'gender', 'birthDate'],
      values: { systemRoles: `COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text(v.roles) x), '{}')` },
      from: `unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::jsonb[]) AS v(code, full_name, gender, birth_date, roles)`,
      conflict: ['code'],
    }),
    [
      col(people, (p) => p.code),
      col(people, (p) => p.fullName),
      col(people, (p) => p.gender),
      col(people, (p) => p.birthDate),
      people.map((p) => JSON.stringify(p.systemRoles ?? [])),
    ],
  );
  progress(`people: ${people.length}`);

  const memberships = d.memberships ?? [];
  await em.query(
    upsert(Membership, {
      direct: ['admittedOn', 'officialOn', 'status', 'statusSince', 'outsidePoliticalSystem'],
      values: { personId: 'p.id', branchId: 'u.id', unitPath: 'u.path' },
      from: `unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::date[], $7::boolean[])
            AS v(person, branch, admitted_on, official_on, status, status_since, outside_political_system)
       JOIN person p ON p.code = v.person JOIN unit u ON u.code = v.branch`,
      conflict: ['personId'],
    }),
    [
      col(memberships, (m) => m.person),
      col(memberships, (m) => m.branch),
      col(memberships, (m) => m.admittedOn),
      col(memberships, (m) => m.officialOn),
      col(memberships, (m) => m.status),
      col(memberships, (m) => m.statusSince),
      memberships.map((m) => m.outsidePoliticalSystem ?? false),
    ],
  );
  progress(`memberships: ${memberships.length}`);

  const posts = d.posts ?? [];
  await em.query(
    upsert(Post, {
      direct: ['code', 'title', 'category', 'role', 'startsOn', 'endsOn', 'concurrent', 'civilServant'],
      values: { personId: 'p.id', unitId: 'u.id', unitPath: 'u.path', bodyId: 'b.id', collectiveId: 'c.id', managedByBodyId: 'm.id' },
      from: `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[],
                   $10::date[], $11::boolean[], $12::boolean[], $13::text[])
            AS v(code, person, unit, body, collective, title, category, role, starts_on, ends_on, concurrent, civil_servant, managed_by)
       JOIN person p ON p.code = v.person JOIN unit u ON u.code = v.unit
       LEFT JOIN body b ON b.code = v.body LEFT JOIN collective c ON c.code = v.collective LEFT JOIN body m ON m.code = v.managed_by`,
      conflict: ['code'],
    }),
    [
      col(posts, (p) => p.code),
      col(posts, (p) => p.person),
      col(posts, (p) => p.unit),
      col(posts, (p) => p.body),
      col(posts, (p) => p.collective),
      col(posts, (p) => p.title),
      col(posts, (p) => p.category),
      col(posts, (p) => p.role),
      col(posts, (p) => p.startsOn),
      col(posts, (p) => p.endsOn),
      col(posts, (p) => p.concurrent),
      col(posts, (p) => p.civilServant),
      col(posts, (p) => p.managedBy),
    ],
  );
  progress(`posts: ${posts.length}`);

  const seats = d.seats ?? [];
  await em.query(
    upsert(CommitteeSeat, {
      direct: ['startsOn', 'endsOn', 'source', 'suspendedOn', 'suspensionRef'],
      values: { bodyId: 'b.id', personId: 'p.id' },
      from: `unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::date[], $7::text[]) AS v(body, person, starts_on, ends_on, source, suspended_on, suspension_ref)
       JOIN body b ON b.code = v.body JOIN person p ON p.code = v.person`,
      conflict: ['bodyId', 'personId', 'startsOn'],
    }),
    [
      col(seats, (x) => x.body),
      col(seats, (x) => x.person),
      col(seats, (x) => x.startsOn),
      col(seats, (x) => x.endsOn),
      col(seats, (x) => x.source),
      col(seats, (x) => x.suspendedOn),
      col(seats, (x) => x.suspensionRef),
    ],
  );
  progress(`seats: ${seats.length}`);

  const cycles = d.cycles ?? [];
  await em.query(
    upsert(Cycle, {
      direct: ['code', 'name', 'year', 'period', 'startsOn', 'endsOn', 'referenceDate', 'rulePack'],
      values: { localityId: 'u.id' },
      from: `unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::date[], $6::date[], $7::date[], $8::text[], $9::text[])
            AS v(code, name, year, period, starts_on, ends_on, reference_date, rule_pack, locality)
       LEFT JOIN unit u ON u.code = v.locality`,
      conflict: ['code'],
    }),
    [
      col(cycles, (c) => c.code),
      col(cycles, (c) => c.name),
      col(cycles, (c) => c.year),
      col(cycles, (c) => c.period),
      col(cycles, (c) => c.startsOn),
      col(cycles, (c) => c.endsOn),
      col(cycles, (c) => c.referenceDate),
      col(cycles, (c) => c.rulePack),
      col(cycles, (c) => c.locality),
    ],
  );
  // After every cycle of the file exists: a part may name a whole listed after it.
  await em.query(
    `UPDATE cycle c SET part_of_id = w.id FROM unnest($1::text[], $2::text[]) AS v(code, part_of) LEFT JOIN cycle w ON w.code = v.part_of
      WHERE c.code = v.code AND c.part_of_id IS DISTINCT FROM w.id`,
    [col(cycles, (c) => c.code), col(cycles, (c) => c.partOf)],
  );
  // A cycle's deadlines in the file are its whole list: those no longer listed are removed.
  const deadlines = cycles.flatMap((c) => (c.deadlines ?? []).map((d) => ({ cycle: c.code, ...d })));
  await em.query(`DELETE FROM cycle_deadline WHERE cycle_id IN (SELECT id FROM cycle WHERE code = ANY($1))`, [cycles.map((c) => c.code)]);
  await em.query(
    `INSERT INTO cycle_deadline (cycle_id, tier, task, due_on, source)
     SELECT c.id, v.tier, v.task, v.due_on, v.source
       FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[]) AS v(cycle, tier, task, due_on, source)
       JOIN cycle c ON c.code = v.cycle`,
    [
      col(deadlines, (x) => x.cycle),
      col(deadlines, (x) => x.tier),
      col(deadlines, (x) => x.task),
      col(deadlines, (x) => x.dueOn),
      col(deadlines, (x) => x.source),
    ],
  );
  progress(`cycles: ${cycles.length} with ${deadlines.length} deadlines`);

  const lists = d.managementLists ?? [];
  await em.query(
    upsert(ManagementList, {
      direct: ['code', 'source', 'note'],
      values: {
        cycleId: 'c.id',
        bodyId: 'b.id',
        subjectKind: 'v.kind',
        subjectCategories: 'ARRAY(SELECT jsonb_array_elements_text(v.categories))',
        scopeUnitId: 's.id',
        scopeMode: 'v.within',
      },
      from: `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::text[])
            AS v(code, cycle, body, kind, categories, scope, within, source, note)
       JOIN cycle c ON c.code = v.cycle JOIN body b ON b.code = v.body JOIN unit s ON s.code = v.scope`,
      conflict: ['code'],
    }),
    [
      col(lists, (x) => x.code),
      col(lists, (x) => x.cycle),
      col(lists, (x) => x.body),
      col(lists, (x) => x.subject.kind),
      lists.map((x) => JSON.stringify(x.subject.categories ?? [])),
      col(lists, (x) => x.subject.scope),
      col(lists, (x) => x.subject.within ?? 'SUBTREE'),
      col(lists, (x) => x.source),
      col(lists, (x) => x.note),
    ],
  );
  progress(`management lists: ${lists.length} entries`);

  const delegations = d.delegations ?? [];
  await em.query(
    upsert(Delegation, {
      direct: ['code', 'power', 'source', 'note'],
      values: {
        cycleId: 'c.id',
        delegatorBodyId: 'dr.id',
        delegateBodyId: 'de.id',
        delegateOffice: 'v.office',
        subjectKind: 'v.kind',
        subjectCategories: 'ARRAY(SELECT jsonb_array_elements_text(v.categories))',
        scopeUnitId: 's.id',
        scopeMode: 'v.within',
        listedByBodyId: 'lb.id',
        exceptCategories: 'ARRAY(SELECT jsonb_array_elements_text(v.except_categories))',
        exceptListedByBodyId: 'xb.id',
        consultBodyIds:
          'ARRAY(SELECT b.id FROM jsonb_array_elements_text(v.consult) WITH ORDINALITY AS x(code, n) JOIN body b ON b.code = x.code ORDER BY x.n)',
        compilerBodyId: 'cb.id',
        subjectSeats: 'ARRAY(SELECT jsonb_array_elements_text(v.seats))',
        exceptSeats: 'ARRAY(SELECT jsonb_array_elements_text(v.except_seats))',
      },
      from: `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[],
                   $10::text[], $11::jsonb[], $12::text[], $13::text[], $14::text[], $15::text[], $16::jsonb[], $17::text[], $18::jsonb[], $19::jsonb[])
            AS v(code, cycle, delegator, delegate, office, power, kind, categories, scope, within, consult, compiler, source, note,
                 listed_by, except_categories, except_listed_by, seats, except_seats)
       JOIN cycle c ON c.code = v.cycle JOIN body de ON de.code = v.delegate JOIN unit s ON s.code = v.scope
       LEFT JOIN body dr ON dr.code = v.delegator LEFT JOIN body cb ON cb.code = v.compiler
       LEFT JOIN body lb ON lb.code = v.listed_by LEFT JOIN body xb ON xb.code = v.except_listed_by`,
      conflict: ['code'],
    }),
    [
      col(delegations, (x) => x.code),
      col(delegations, (x) => x.cycle),
      col(delegations, (x) => x.delegator),
      col(delegations, (x) => x.delegate),
      col(delegations, (x) => x.delegateOffice),
      col(delegations, (x) => x.power),
      col(delegations, (x) => x.subject.kind),
      delegations.map((x) => JSON.stringify(x.subject.categories ?? [])),
      col(delegations, (x) => x.subject.scope),
      col(delegations, (x) => x.subject.within ?? 'SUBTREE'),
      delegations.map((x) => JSON.stringify(x.consult ?? [])),
      col(delegations, (x) => x.compiler),
      col(delegations, (x) => x.source),
      col(delegations, (x) => x.note),
      col(delegations, (x) => x.subject.listedBy),
      delegations.map((x) => JSON.stringify(x.subject.except?.categories ?? [])),
      col(delegations, (x) => x.subject.except?.listedBy),
      delegations.map((x) => JSON.stringify(x.subject.seats ?? [])),
      delegations.map((x) => JSON.stringify(x.subject.except?.seats ?? [])),
    ],
  );
  progress(`delegations: ${delegations.length}`);

  const parameters = d.ruleParameters ?? [];
  await em.query(
    upsert(RuleParametersRow, {
      direct: ['parameters', 'source'],
      values: { cycleId: 'c.id', unitId: 'u.id' },
      from: `unnest($1::text[], $2::text[], $3::jsonb[], $4::text[]) AS v(cycle, unit, parameters, source)
       JOIN cycle c ON c.code = v.cycle JOIN unit u ON u.code = v.unit`,
      conflict: ['cycleId', 'unitId'],
    }),
    [
      col(parameters, (x) => x.cycle),
      col(parameters, (x) => x.unit),
      parameters.map((x) =>
        JSON.stringify({
          pack: x.pack,
          quota: x.quota,
          eligibilityMonths: x.eligibilityMonths,
          headTransferredInException: x.headTransferredInException,
          set: x.set,
        }),
      ),
      col(parameters, (x) => x.source),
    ],
  );
  progress(`rule parameters: ${parameters.length}`);

  await reorganize(em, d.reorganizations ?? []);
  progress(`reorganizations: ${(d.reorganizations ?? []).length}`);
}

/**
 * The file's reorganizations, in order, through the same rules as the API's; the first refused one refuses the file.
 * One dated after today is kept and applied on its day (services/scheduled-reorganizations.ts).
 */
async function reorganize(em: EntityManager, list: ReorganizationRecord[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  for (const [i, x] of list.entries()) {
    const r = { effectiveOn: x.effectiveOn, decisionRef: x.decisionRef, today, recordedBy: null };
    try {
      await recordReorganization(em, x, r);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      throw new ImportRefused(
        e.userErrors.map((u) => ({
          path: `reorganizations[${i}]${u.field
            .slice(1)
            .map((f) => (/^\d+$/.test(f) ? `[${f}]` : `.${f}`))
            .join('')}`,
          message: `${u.message} (${u.source})`,
        })),
      );
    }
  }
}

/** Groups units so that each unit's parent (when it is in the file) is written in an earlier group. */
function unitsByLevel<T extends { code: string; parent?: string }>(units: T[]): T[][] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const level = new Map<string, number>();
  const levelOf = (u: T): number => {
    const known = level.get(u.code);
    if (known !== undefined) return known;
    const parent = u.parent ? byCode.get(u.parent) : undefined;
    const l = parent ? levelOf(parent) + 1 : 0;
    level.set(u.code, l);
    return l;
  };
  const groups: T[][] = [];
  for (const u of units) (groups[levelOf(u)] ??= []).push(u);
  return groups.filter(Boolean);
}
