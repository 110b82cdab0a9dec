import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { Viewer } from './viewer';

const API_ENTER = new PreparedStatement(`SELECT api_enter($1, $2::date) AS v`);

/** What `api_enter` answers: the caller as JSON, or null for an unknown code. */
interface Entered {
  v: { id: string; code: string; roles: string[] | null; posts: Viewer['posts']; membership: Viewer['membership'] } | null;
}

/**
 * Loads the caller by person code with the posts they hold today, in one statement; null when
 * unknown. Through `api_enter` (migration 0009), which also sets the caller's row-level-security
 * scope on the connection it runs on.
 */
export async function loadViewer(em: EntityManager, personCode: string, today: string): Promise<Viewer | null> {
  const [{ v }] = await API_ENTER.run<Entered>(em, [personCode, today]);
  return v ? { personId: v.id, code: v.code, systemRoles: v.roles ?? [], posts: v.posts, membership: v.membership } : null;
}
