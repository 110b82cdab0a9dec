import { fromGlobalId } from '../../src/schema/global-id';

/** The database id inside a global id the API answered; throws on anything else, so that a test never goes on with `undefined`. */
export function dbIdOf(globalId: string): string {
  const g = fromGlobalId(globalId);
  if (!g) throw new Error(`not a global id: ${globalId}`);
  return g.dbId;
}
