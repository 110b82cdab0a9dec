/** The authenticated caller, as loaded once per request from their person code. */
export interface ViewerPost {
  id: string; unitId: string; unitPath: string; bodyId: string | null; collectiveId: string | null;
  /** The body of the post's leadership collective: sitting in a standing committee is holding a post in it. */
  collectiveBodyId: string | null;
  /** The kind of the post's body, e.g. ORGANIZATION_COMMISSION (whose staff audit). */
  bodyKind: string | null;
  category: string; role: string;
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
