import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { CoverageProblemKind, CoveringRowSummary, auditScope, coverageGapsPage, coverageTotals } from '../reports/matrix-coverage';
import { RatingSubjectType } from '../schema/authority-types';
import { CoverageGapConnection, CoverageGapType, CoveringRowType, MatrixCoverageType } from '../schema/coverage-types';
import { CoverageProblemEnum } from '../schema/enums';
import { PageArgs } from '../schema/pagination';
import { BodyType, UnitType } from '../schema/tree-types';
import { ReportType } from '../schema/report-types';
import { unitOrFail } from './tree-resolver';

@ArgsType()
class GapArgs extends PageArgs {
  @Field(() => CoverageProblemEnum, { nullable: true, description: 'Only gaps of this kind.' }) problem?: CoverageProblemKind | null;
}

/** The coverage of the subjects the caller may audit (provincial staff, administrators), in one subtree or everywhere. */
async function coverageOf(ctx: Ctx, cycle: string, within: string | null): Promise<MatrixCoverageType> {
  const subjects = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
  const totals = await coverageTotals(ctx.session.em, auditScope(subjects, within));
  return Object.assign(new MatrixCoverageType(), totals, { cycle, within });
}

@Resolver(() => MatrixCoverageType)
export class CoverageResolver {
  @Query(() => MatrixCoverageType, {
    description: 'The coverage check of the delegation matrix over the subjects you may audit: who has no deciding authority, or several.',
  })
  async matrixCoverage(
    @Arg('cycle') cycle: string,
    @Context() ctx: Ctx,
    @Arg('within', () => ID, { nullable: true }) within?: string | null,
  ): Promise<MatrixCoverageType> {
    const unit = within ? await unitOrFail(ctx, within, 'within') : null;
    return coverageOf(ctx, cycle, unit?.path ?? null);
  }

  @FieldResolver(() => CoverageGapConnection, { description: 'The subjects without exactly one deciding authority, in tree order.' })
  async gaps(@Root() coverage: MatrixCoverageType, @Args() args: GapArgs, @Context() ctx: Ctx) {
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, coverage.cycle);
    return coverageGapsPage(
      ctx.session.em,
      auditScope(subjects, coverage.within),
      args.problem ? [args.problem] : null,
      args,
      (g) =>
        Object.assign(new CoverageGapType(), {
          unitId: g.unitId,
          problem: g.problem,
          subject: Object.assign(new RatingSubjectType(), {
            kind: g.kind,
            refId: g.refId,
            code: g.code,
            label: g.label,
            category: g.category,
            unitId: g.unitId,
            personId: g.personId,
          }),
          rows: g.rows.map((r: CoveringRowSummary) => Object.assign(new CoveringRowType(), r)),
        }),
      // The totals this check answered with: its gaps' total is theirs.
      coverage,
    );
  }
}

@Resolver(() => CoverageGapType)
export class CoverageGapResolver {
  @FieldResolver(() => UnitType)
  unit(@Root() gap: CoverageGapType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(gap.unitId);
  }
}

@Resolver(() => CoveringRowType)
export class CoveringRowResolver {
  @FieldResolver(() => BodyType)
  delegate(@Root() row: CoveringRowType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(row.delegateBodyId);
  }
}

@Resolver(() => ReportType)
export class ReportCoverageResolver {
  @FieldResolver(() => MatrixCoverageType, { description: 'The coverage check over the subjects of the report that you may audit.' })
  coverage(@Root() report: ReportType, @Context() ctx: Ctx): Promise<MatrixCoverageType> {
    return coverageOf(ctx, report.cycle, report.within);
  }
}
