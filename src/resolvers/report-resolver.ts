import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { SUBJECT_KINDS } from '../model/kinds';
import { Ctx, requirePolicy } from '../context';
import { badInput } from '../errors';
import { auditFindings } from '../reports/audit-findings';
import { authorityQuotas } from '../reports/authority-quotas';
import { CsvRow, toCsv } from '../reports/csv';
import { stageCounts } from '../reports/stage-counts';
import { DELEGATED_DECISION_CSV_HEADERS, delegatedDecisionsPage } from '../reports/delegated-decisions';
import { lateSubjects } from '../reports/late-subjects';
import { deadlineStatuses } from '../reports/deadlines';
import { summaryCsv, summaryRows } from '../reports/summary-table';
import { subtreeThen } from '../data/units';
import type { ReportSubtree } from '../reports/subtree';
import { LEVELS } from '../rules';
import { SubjectKindEnum } from '../schema/enums';
import { PageArgs } from '../schema/pagination';
import { BodyType, UnitType } from '../schema/tree-types';
import { checkDate, unitOrFail, withinPathOf } from './tree-resolver';
import {
  DeadlineStatusType,
  ReportArgs,
  LevelCountType,
  StageCountType,
  AuthorityQuotaType,
  ReportType,
  SummaryRowType,
  SummaryTableType,
  DelegatedDecisionType,
  DelegatedDecisionConnection,
} from '../schema/report-types';

@ArgsType()
class AuditArgs extends PageArgs {
  @Field() cycle: string;
  @Field(() => ID, { nullable: true }) within?: string | null;
}

/** The level and stage counts of a cycle within a subtree — as it stood at the cycle's reference date unless `regroupOnToday`. */
async function levelCounts(
  ctx: Ctx,
  cycle: string,
  within: { id: string; path: string } | null,
  regroupOnToday = false,
): Promise<{ levels: LevelCountType[]; stages: StageCountType[]; subtree: ReportSubtree | null }> {
  const { ability, cycleId, referenceDate } = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
  const then = within && !regroupOnToday ? await subtreeThen(ctx.session.em, within.id, referenceDate) : null;
  const rows = await stageCounts(ctx.session.em, ability, cycleId, within?.path ?? null, then);
  const levels: LevelCountType[] = [];
  const stages = new Map<string, StageCountType>();
  for (const kind of SUBJECT_KINDS) {
    const of = rows.filter((r) => r.kind === kind);
    const decided = of.filter((r) => r.level).reduce((n, r) => n + r.n, 0);
    for (const level of LEVELS) {
      const count = of.filter((r) => r.level === level).reduce((n, r) => n + r.n, 0);
      levels.push({ kind, level, count, share: decided ? count / decided : 0 });
    }
    levels.push({ kind, level: 'NOT_RATED', count: of.filter((r) => r.stage === 'NOT_RATED').reduce((n, r) => n + r.n, 0), share: null });
    levels.push({
      kind,
      level: 'PENDING',
      count: of.filter((r) => !r.level && r.stage !== 'NOT_RATED').reduce((n, r) => n + r.n, 0),
      share: null,
    });
    for (const r of of) {
      const key = `${kind}/${r.stage}`;
      const s = stages.get(key) ?? { kind, stage: r.stage, count: 0 };
      s.count += r.n;
      stages.set(key, s);
    }
  }
  return { levels, stages: [...stages.values()], subtree: within && { path: within.path, unitsThen: then } };
}

@Resolver(() => ReportType)
export class ReportFieldsResolver {
  @FieldResolver(() => [AuthorityQuotaType], { description: 'Quota figures per deciding authority.' })
  async authorities(@Root() report: ReportType, @Context() ctx: Ctx): Promise<AuthorityQuotaType[]> {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, report.cycle);
    const rows = await authorityQuotas(ctx.session.em, subjects, report.subtree);
    const bodies = await ctx.loaders.body.loadMany(rows.map((a) => a.bodyId));
    return rows.map((a, i) =>
      Object.assign(new AuthorityQuotaType(), {
        bodyId: a.bodyId,
        authority: bodies[i] as BodyType,
        office: a.office,
        kind: a.kind,
        peerGroup: a.peerGroup,
        raisedBy: a.raisedBy,
        decided: a.decided,
        good: a.figures.good,
        excellent: a.figures.excellent,
        maxExcellent: a.figures.maxExcellent,
        breached: a.figures.breached,
      }),
    );
  }

  @FieldResolver(() => Int, { description: 'Subjects not decided by their deadline as of `asOf`.' })
  async late(@Root() report: ReportType, @Context() ctx: Ctx): Promise<number> {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, report.cycle);
    return lateSubjects(ctx.session.em, subjects, report.subtree, report.args.asOf);
  }

  @FieldResolver(() => [DeadlineStatusType], {
    description: 'Every deadline of the cycle as of `asOf`: met, not met and late, for the subjects (or units) you may read.',
  })
  async deadlines(@Root() report: ReportType, @Context() ctx: Ctx): Promise<DeadlineStatusType[]> {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, report.cycle);
    return deadlineStatuses(ctx.session.em, subjects, report.subtree, report.args.asOf);
  }

  @FieldResolver(() => [LevelCountType], { nullable: true, description: 'The same level counts for the cycle compared with.' })
  async previous(@Root() report: ReportType, @Context() ctx: Ctx): Promise<LevelCountType[] | null> {
    return report.args.compareWith
      ? (await levelCounts(ctx, report.args.compareWith, report.withinUnit, report.args.regroupOnToday)).levels
      : null;
  }
}

@Resolver()
export class ReportResolver {
  @Query(() => ReportType, { description: 'Aggregates for reporting tools, computed in SQL and limited to what you may read.' })
  async report(@Args() args: ReportArgs, @Context() ctx: Ctx): Promise<ReportType> {
    checkDate(args.asOf, 'asOf');
    // The unit and the caller's ability are independent reads: on two connections at once, one round trip.
    const [unit] = await Promise.all([
      args.within ? unitOrFail(ctx, args.within, 'within') : null,
      requirePolicy(ctx).cycle(ctx.session.em, args.cycle),
    ]);
    const within = unit?.path ?? null;
    const withinUnit = unit ? { id: unit.dbId, path: unit.path } : null;
    const { levels, stages, subtree } = await levelCounts(ctx, args.cycle, withinUnit, args.regroupOnToday);
    return Object.assign(new ReportType(), { cycle: args.cycle, args, within, withinUnit, subtree, levels, stages });
  }

  @Query(() => SummaryTableType, {
    description: 'The summary table sent upward (biểu tổng hợp): one row per unit directly below `within`, as GraphQL and CSV.',
  })
  async summaryTable(
    @Arg('cycle') cycle: string,
    @Arg('within', () => ID) within: string,
    @Arg('kind', () => SubjectKindEnum) kind: string,
    @Context() ctx: Ctx,
    @Arg('regroupOnToday', {
      defaultValue: false,
      description: 'Group by today’s tree rather than the tree as it stood on the cycle’s reference date (after a reorganization).',
    })
    regroupOnToday: boolean,
  ): Promise<SummaryTableType> {
    const [root, subjects] = await Promise.all([unitOrFail(ctx, within, 'within'), requirePolicy(ctx).cycle(ctx.session.em, cycle)]);
    const asOf = regroupOnToday ? null : subjects.referenceDate;
    const rows = await summaryRows(ctx.session.em, subjects, { id: root.dbId, path: root.path }, kind, asOf);
    const units = await ctx.loaders.unit.loadMany(rows.map((r) => r.unitId));
    const withUnits = rows.map((r, i) => Object.assign(new SummaryRowType(), r, { unit: units[i] as UnitType }));
    const query = `cycle=${encodeURIComponent(cycle)}&within=${encodeURIComponent(within)}&kind=${kind}${regroupOnToday ? '&regroupOnToday=true' : ''}`;
    return {
      asOf,
      rows: withUnits,
      csv: summaryCsv(withUnits.map((r) => ({ ...r, unitName: r.unit.name }))),
      xlsxUrl: `/documents/summary.xlsx?${query}`,
      csvUrl: `/documents/summary.csv?${query}`,
    };
  }

  @Query(() => DelegatedDecisionConnection, {
    description: 'Decisions taken under a delegation that you may audit, with their legal basis and findings.',
  })
  async delegatedDecisions(@Args() args: AuditArgs, @Context() ctx: Ctx) {
    return delegatedDecisionConnection(ctx, args);
  }

  @Query(() => String, {
    description:
      'The same audit as CSV (up to 10,000 decisions, DOCUMENT_PAGE_ROWS; more are refused), with Vietnamese headers; the download /documents/delegated-decisions.csv or .xlsx holds them all.',
  })
  async delegatedDecisionsCsv(
    @Arg('cycle') cycle: string,
    @Context() ctx: Ctx,
    @Arg('within', () => ID, { nullable: true }) within?: string | null,
  ): Promise<string> {
    return delegatedDecisionCsv(ctx, cycle, within ?? null);
  }
}

/** A page of the audit of delegated decisions (`maxSize`: the table's one page of up to 10,000, beside the client's 100). */
async function delegatedDecisionConnection(ctx: Ctx, args: AuditArgs, maxSize?: number) {
  const subjects = await requirePolicy(ctx).cycle(ctx.session.em, args.cycle);
  const withinPath = await withinPathOf(ctx, args.within);
  const page = await delegatedDecisionsPage(
    ctx.session.em,
    subjects,
    withinPath,
    args,
    (row) => {
      const decidedAt = new Date(row.decidedAt as string).toISOString();
      return Object.assign(new DelegatedDecisionType(), row, {
        decidedAt,
        findings: auditFindings({ ...(row as object), decidedAt } as Parameters<typeof auditFindings>[0]),
      });
    },
    maxSize,
  );
  const bodies = await ctx.loaders.body.loadMany(page.nodes.map((n) => n.authorityBodyId));
  page.nodes.forEach((n, i) => {
    n.authority = bodies[i] as BodyType;
  });
  return page;
}

/** A page of the audit of delegated decisions as table rows, and the cursor of the next page if there is one. */
async function delegatedDecisionTablePage(ctx: Ctx, cycle: string, within: string | null, size: number, after: string | null) {
  const page = await delegatedDecisionConnection(ctx, Object.assign(new AuditArgs(), { cycle, within, first: size, after }), size);
  const rows: CsvRow[] = page.nodes.map((n) => [
    n.subjectKind,
    n.subjectCode,
    n.subjectLabel,
    n.decidedLevel,
    n.decidedAt.slice(0, 10),
    n.authority.code,
    n.delegationCode,
    n.delegationSource,
    n.dueOn,
    n.findings.map((f) => `${f.rule} (${f.source})`).join('; '),
  ]);
  return { rows, next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
}

/**
 * The audit of delegated decisions as table rows, read through the caller's audit scope a page at a time (`pageRows`
 * each, in the order of the screen's pages), for the CSV and XLSX downloads. Read 100 at a time, each page sorted a
 * province's decisions again (an administrator's 10,000 of a province: 21 s); one page of 10,000 held only the first
 * 10,000 of a province's 81,279, and the file did not say so.
 */
export async function* delegatedDecisionRows(ctx: Ctx, cycle: string, within: string | null, pageRows: number): AsyncGenerator<CsvRow[]> {
  let after: string | null = null;
  do {
    const page: { rows: CsvRow[]; next: string | null } = await delegatedDecisionTablePage(ctx, cycle, within, pageRows, after);
    yield page.rows;
    after = page.next;
  } while (after);
}

/** The audit as one CSV text of one page of the download at most (DOCUMENT_PAGE_ROWS); more are refused with the way to them. */
async function delegatedDecisionCsv(ctx: Ctx, cycle: string, within: string | null): Promise<string> {
  const max = ctx.config.documentPageRows;
  const { rows, next } = await delegatedDecisionTablePage(ctx, cycle, within, max, null);
  if (next)
    throw badInput(
      `more than ${max} delegated decisions: download /documents/delegated-decisions.csv (or .xlsx), which holds them all, or narrow with within`,
      { max },
      'within',
    );
  return toCsv(DELEGATED_DECISION_CSV_HEADERS, rows);
}
