import { AbilityBuilder, ForcedSubject, MongoAbility, MongoQuery, createMongoAbility } from '@casl/ability';
import { Action, SUBJECT, SubjectRecord } from './actions';
import { DelegationRow, rowCondition } from './delegation-row';
import { outermost } from './read-scope';
import { Viewer, auditPostsOf, isAdmin } from './viewer';

export type SubjectAbility = MongoAbility<[Action, typeof SUBJECT | (SubjectRecord & ForcedSubject<typeof SUBJECT>)], MongoQuery<Record<string, unknown>>>;

const STRUCTURE_KINDS = ['PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE'];
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

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
  const { can, cannot, build } = new AbilityBuilder<SubjectAbility>(createMongoAbility);

  // Administrators run the system (imports, cycles) and may read and audit; deciding comes only from posts.
  if (isAdmin(viewer)) can(['read', 'audit', 'administer'], SUBJECT);
  can('read', SUBJECT, { kind: { $in: STRUCTURE_KINDS } });
  can(['read', 'selfAssess'], SUBJECT, { personId: viewer.personId });
  const readPaths = outermost([...viewer.posts.map((p) => p.unitPath), ...(viewer.membership ? [viewer.membership.unitPath] : [])]);
  for (const path of readPaths) can('read', SUBJECT, { unitPath: { $regex: `^${escapeRegex(path)}` } });
  for (const p of viewer.posts) {
    if (p.role !== 'HEAD') continue;
    // The head presents the collective's self-assessment (000 §11(3) 4.4.1).
    if (p.collectiveId) can('selfAssess', SUBJECT, { kind: 'LEADERSHIP_COLLECTIVE', refId: p.collectiveId });
    if (p.bodyId) can('selfAssess', SUBJECT, { kind: 'PARTY_ORGANIZATION', refId: p.bodyId });
    // The branch (its committee, led by the secretary) proposes a level for each member (004 §II.4.3).
    if (p.bodyKind === 'PARTY_ORGANIZATION') can(['propose', 'read'], SUBJECT, { kind: 'PARTY_MEMBER', unitPath: p.unitPath });
  }
  const auditPaths = outermost(auditPostsOf(viewer).map((p) => p.unitPath));
  for (const path of auditPaths) can(['audit', 'read'], SUBJECT, { unitPath: { $regex: `^${escapeRegex(path)}` } });

  const grant = (row: DelegationRow) => {
    const condition = rowCondition(row);
    can([row.power === 'DECIDE' ? 'decide' : 'propose', 'read'], SUBJECT, condition);
  };
  for (const row of rows) if (!row.delegatorBodyId && actsFor(viewer, row.delegateBodyId, row.delegateOffice)) grant(row);
  for (const row of rows) if (row.delegatorBodyId && actsFor(viewer, row.delegatorBodyId)) cannot('decide', SUBJECT, rowCondition(row));
  for (const row of rows) if (row.delegatorBodyId && actsFor(viewer, row.delegateBodyId, row.delegateOffice)) grant(row);
  for (const row of rows) {
    if (row.consultBodyIds.some((b) => actsFor(viewer, b))) can(['consult', 'read'], SUBJECT, rowCondition(row));
    if (row.compilerBodyId && actsFor(viewer, row.compilerBodyId)) can(['verify', 'read'], SUBJECT, rowCondition(row));
  }
  return build();
}
