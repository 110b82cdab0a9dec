import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx as Context, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { MatrixCoverageType } from '../schema/coverage-types';
import { ImportDatasetPayload } from '../schema/payloads';
import { importDataset } from '../services/dataset-import';

@InputType()
class ImportDatasetInput {
  @Field(() => GraphQLJSONObject, { description: 'A dataset file (docs/dataset-format.md) as a JSON object.' })
  dataset: Record<string, unknown>;

  @Field({ defaultValue: false, description: 'Only check the file; write nothing.' })
  dryRun: boolean;

  @Field(() => String, { nullable: true, description: 'Retrying with the same key answers the first import instead of importing again.' })
  idempotencyKey?: string | null;

  @Field({
    defaultValue: false,
    description: 'Refuse the file (changing nothing) when, after it, a subject of a cycle it names has no deciding authority or several.',
  })
  requireFullCoverage: boolean;
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportDatasetPayload, {
    description: 'Imports a dataset file (administrators only): all or nothing, idempotent by codes.',
  })
  async importDataset(@Arg('input') input: ImportDatasetInput, @Context() ctx: Ctx): Promise<ImportDatasetPayload> {
    // An import writes the structure and everyone's rows: it runs as the owner, by name, for administrators.
    const outcome = await ctx.session.bypassingScope(requirePolicy(ctx), 'import', (db) =>
      importDataset(db, input.dataset, {
        dryRun: input.dryRun,
        idempotencyKey: input.idempotencyKey,
        requireFullCoverage: input.requireFullCoverage,
      }),
    );
    if (!outcome.ok) {
      return {
        counts: null,
        dryRun: input.dryRun,
        replayed: false,
        coverage: [],
        userErrors: outcome.problems.map((p) => ({
          code: 'IMPORT_INVALID',
          field: ['input', 'dataset', ...p.path.split('.')],
          message: `${p.path}: ${p.message}`,
          rule: null,
          source: null,
          figures: null,
        })),
      };
    }
    const coverage = outcome.coverage.map(({ gaps: _gaps, ...totals }) =>
      Object.assign(new MatrixCoverageType(), totals, { within: null }),
    );
    return { counts: outcome.counts, dryRun: outcome.dryRun, replayed: outcome.replayed ?? false, coverage, userErrors: [] };
  }
}
