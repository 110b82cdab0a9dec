import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx as Context, Field, InputType, Mutation, Resolver } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { apiError } from '../errors';
import { isAdmin } from '../policies/viewer';
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
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportDatasetPayload, { description: 'Imports a dataset file (administrators only): all or nothing, idempotent by codes.' })
  async importDataset(@Arg('input') input: ImportDatasetInput, @Context() ctx: Ctx): Promise<ImportDatasetPayload> {
    const viewer = requireViewer(ctx);
    if (!isAdmin(viewer)) throw apiError('FORBIDDEN', 'Importing a dataset needs the ADMIN role', { needed: 'ADMIN' });
    const outcome = await importDataset(ctx.db, input.dataset, { dryRun: input.dryRun, idempotencyKey: input.idempotencyKey });
    if (!outcome.ok) {
      return {
        counts: null, dryRun: input.dryRun, replayed: false,
        userErrors: outcome.problems.map((p) => ({
          code: 'IMPORT_INVALID', field: ['input', 'dataset', ...p.path.split('.')], message: `${p.path}: ${p.message}`,
          rule: null, source: null, figures: null,
        })),
      };
    }
    return { counts: outcome.counts, dryRun: outcome.dryRun, replayed: outcome.replayed ?? false, userErrors: [] };
  }
}
