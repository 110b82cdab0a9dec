import type { Ctx } from '../context';
import { badInput } from '../errors';
import { dbIdOf } from '../schema/global-id';

/** A unit or a body as an argument names it, with the path of its unit. */
export interface Named {
  id: string;
  code: string;
  path: string;
}

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
  const sql =
    type === 'Unit'
      ? `SELECT u.id::text AS id, u.code, u.path FROM unit u WHERE ($1::bigint IS NULL OR u.id = $1) AND ($2::text IS NULL OR u.code = $2)`
      : `SELECT b.id::text AS id, b.code, u.path FROM body b JOIN unit u ON u.id = b.unit_id WHERE ($1::bigint IS NULL OR b.id = $1) AND ($2::text IS NULL OR b.code = $2)`;
  const [row] = await ctx.session.em.query<Named[]>(sql, [dbId, code ?? null]);
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
