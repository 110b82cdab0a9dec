import type { Ctx } from '../context';
import { badInput } from '../errors';
import { dbIdOf } from '../schema/global-id';
import { Named, unitOrBodyByIdOrCode } from '../data/units';

export type { Named };

/**
 * The one lookup of an argument that names a unit or a body: by its code (what people type) or by its
 * global id (what screens hold), or both when they name the same object; anything else is the client's mistake.
 */
async function named(
  ctx: Ctx,
  type: 'Unit' | 'Body',
  code: string | null | undefined,
  id: string | null | undefined,
  field: string,
): Promise<Named> {
  if (code == null && id == null) throw badInput(`${field}: give ${field} (a code) or ${field}Id (an id)`, {}, field);
  const dbId = id == null ? null : dbIdOf(id, type, `${field}Id`);
  const row = await unitOrBodyByIdOrCode(ctx.session.em, type, dbId, code ?? null);
  if (!row) {
    throw badInput(
      code != null && id != null
        ? `${field} and ${field}Id name no single ${type.toLowerCase()}`
        : `${field}: no such ${type.toLowerCase()}`,
      { [field]: code ?? null, [`${field}Id`]: id ?? null },
      code != null ? field : `${field}Id`,
    );
  }
  return row;
}

export const unitNamed = (ctx: Ctx, code: string | null | undefined, id: string | null | undefined, field = 'unit') =>
  named(ctx, 'Unit', code, id, field);
export const bodyNamed = (ctx: Ctx, code: string | null | undefined, id: string | null | undefined, field = 'authority') =>
  named(ctx, 'Body', code, id, field);
