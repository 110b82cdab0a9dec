/** The authenticated caller, as loaded once per request from their person code. */
export interface ViewerPost {
  id: string;
  unitId: string;
  unitPath: string;
  bodyId: string | null;
  collectiveId: string | null;
  /** The body of the post's leadership collective: sitting in a standing committee is holding a post in it. */
  collectiveBodyId: string | null;
  /** The kind of the post's body, e.g. ORGANIZATION_COMMISSION (whose staff audit). */
  bodyKind: string | null;
  category: string;
  role: string;
}

export interface Viewer {
  personId: string;
  code: string;
  systemRoles: string[];
  /** Posts active on the day of the request: authority comes only from these. */
  posts: ViewerPost[];
  membership: { branchId: string; unitPath: string } | null;
}

export const isAdmin = (v: Viewer) => v.systemRoles.includes('ADMIN');

/** Bodies whose staff audit the ratings of their subtree: the Organization and Inspection Commissions. */
const AUDIT_BODY_KINDS = ['ORGANIZATION_COMMISSION', 'INSPECTION_COMMISSION'];

/** The caller's posts in an auditing body. */
export const auditPostsOf = (v: Viewer) => v.posts.filter((p) => p.bodyKind !== null && AUDIT_BODY_KINDS.includes(p.bodyKind));

/** Administrators and audit staff may read the audit trail itself. */
export const isAuditor = (v: Viewer) => isAdmin(v) || auditPostsOf(v).length > 0;
