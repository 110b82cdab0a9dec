import { AbilityBuilder, ForcedSubject, MongoAbility, MongoQuery, buildMongoQueryMatcher, createMongoAbility } from '@casl/ability';
import { $and, $nor, $or, and, nor, or } from '@ucast/mongo2js';
import { Action, SUBJECT, SubjectRecord } from './actions';
import { DelegationRow, rowCondition, under } from './delegation-row';
import { KeptWith } from './kept-with';
import { outermost } from './read-scope';
import { Viewer, auditPostsOf, isAdmin } from './viewer';

export type SubjectAbility = MongoAbility<
  [Action, typeof SUBJECT | (SubjectRecord & ForcedSubject<typeof SUBJECT>)],
  MongoQuery<Record<string, unknown>>
>;

/** CASL's default matcher reads no compound operators; a row narrowed to a list or with exceptions needs these three. */
const conditionsMatcher = buildMongoQueryMatcher({ $and, $or, $nor }, { and, or, nor });

/** Does the caller act for `bodyId` (holds a post in it, or in its collective), in the given office if one is named? */
export function actsFor(viewer: Viewer, bodyId: string, office?: string | null): boolean {
  return viewer.posts.some((p) => (p.bodyId === bodyId || p.collectiveBodyId === bodyId) && (!office || p.category === office));
}

export function bodiesOf(viewer: Viewer): string[] {
  return [...new Set(viewer.posts.flatMap((p) => [p.bodyId, p.collectiveBodyId]).filter((b): b is string => Boolean(b)))];
}

/**
 * The caller's abilities on rating subjects in one cycle, built from the posts they hold today and
 * the cycle's delegation rows (DOMAIN §10–§11). CASL gives later rules priority, hence the order:
 * direct authority, then what the caller's bodies delegated away, then what was delegated to them.
 */
export function buildAbility(viewer: Viewer, rows: DelegationRow[]): SubjectAbility {
  return built.get(rows, callerKey(viewer), () => abilityFrom(viewer, rows));
}

/** The JSON of callers kept across requests, made once each: they are frozen whole (load-viewer.ts) and cannot change. */
const callerKeys = new WeakMap<Viewer, string>();

/** A caller as a key among the abilities built from one set of rows: their JSON, posts and all. */
function callerKey(viewer: Viewer): string {
  if (!Object.isFrozen(viewer)) return JSON.stringify(viewer);
  let key = callerKeys.get(viewer);
  if (key === undefined) callerKeys.set(viewer, (key = JSON.stringify(viewer)));
  return key;
}

/**
 * Abilities already built, by the matrix rows they were built from and the caller as loaded (posts and all). The rows
 * a replica keeps across requests (matrix-cache.ts) are the same array from one request to the next, so an ability is
 * built once per caller while they are kept, and forgotten with them; rows read afresh are a new array, built anew.
 * Callers sharing one set of rows (the members of a branch share none): the oldest forgotten past a thousand.
 */
const built = new KeptWith<DelegationRow[], string, SubjectAbility>(1_000);

function abilityFrom(viewer: Viewer, rows: DelegationRow[]): SubjectAbility {
  const { can, cannot, build } = new AbilityBuilder<SubjectAbility>(createMongoAbility);

  // Administrators run the system (imports, cycles) and may read and audit; deciding comes only from posts.
  if (isAdmin(viewer)) can(['read', 'audit', 'administer'], SUBJECT);
  can(['read', 'selfAssess'], SUBJECT, { personId: viewer.personId });
  const readPaths = outermost([...viewer.posts.map((p) => p.unitPath), ...(viewer.membership ? [viewer.membership.unitPath] : [])]);
  for (const path of readPaths) can('read', SUBJECT, { unitPath: under(path) });
  for (const p of viewer.posts) {
    if (p.role !== 'HEAD') continue;
    // The head presents the collective's self-assessment (000 §11(3) 4.4.1).
    if (p.collectiveId) can('selfAssess', SUBJECT, { kind: 'LEADERSHIP_COLLECTIVE', refId: p.collectiveId });
    if (p.bodyId) can('selfAssess', SUBJECT, { kind: 'PARTY_ORGANIZATION', refId: p.bodyId });
    // The branch (its committee, led by the secretary) proposes a level for each member (004 §II.4.3).
    if (p.bodyKind === 'PARTY_ORGANIZATION') can(['propose', 'read'], SUBJECT, { kind: 'PARTY_MEMBER', unitPath: p.unitPath });
  }
  const auditPaths = outermost(auditPostsOf(viewer).map((p) => p.unitPath));
  for (const path of auditPaths) can(['audit', 'read'], SUBJECT, { unitPath: under(path) });

  // Rows that cover nothing (a list without an entry of their kind) grant and withhold nothing.
  const covering = rows.flatMap((row) => {
    const condition = rowCondition(row);
    return condition ? [{ row, condition }] : [];
  });
  // Where a row names no compiling staff, the deciding body records the facts itself (a civil servant's level, 004 §II.7.3).
  const grant = ({ row, condition }: (typeof covering)[number]) =>
    can(
      row.power === 'DECIDE' ? ['decide', 'read', ...(row.compilerBodyId ? [] : ['verify' as const])] : ['propose', 'read'],
      SUBJECT,
      condition,
    );
  for (const x of covering) if (!x.row.delegatorBodyId && actsFor(viewer, x.row.delegateBodyId, x.row.delegateOffice)) grant(x);
  for (const { row, condition } of covering)
    if (row.delegatorBodyId && actsFor(viewer, row.delegatorBodyId)) cannot(['decide', 'verify'], SUBJECT, condition);
  for (const x of covering) if (x.row.delegatorBodyId && actsFor(viewer, x.row.delegateBodyId, x.row.delegateOffice)) grant(x);
  for (const { row, condition } of covering) {
    if (row.consultBodyIds.some((b) => actsFor(viewer, b))) can(['consult', 'read'], SUBJECT, condition);
    if (row.compilerBodyId && actsFor(viewer, row.compilerBodyId)) can(['verify', 'read'], SUBJECT, condition);
  }
  return build({ conditionsMatcher });
}
