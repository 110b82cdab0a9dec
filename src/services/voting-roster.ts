import { EntityManager } from 'typeorm';
import { PreparedStatement, Read, runRead } from '../db/prepared-statement';
import { MEMBERSHIP_UNIT_KINDS } from '../model/kinds';
import { suspendedInCommitteesOf } from './committee-suspension';

/** Who may vote in a body on a date, counted: the figure a ballot's `convened` may not exceed. */
export interface Roster {
  /** The body whose members vote (a party organization votes through its executive committee, a branch as a whole). */
  body: string;
  members: number;
  counted: 'OFFICIAL_MEMBERS' | 'SEATS_AND_POSTS';
}

/**
 * A branch (or a grassroots organization that holds members) votes as a whole: its official members,
 * since probationary members have no vote (Điều lệ Đảng, Art. 5). A party organization above a
 * branch votes through its executive committee. Any other body: the persons with a seat in it, a post
 * in it, or a post in one of its collectives on the date (invitees have no vote, 000 §11(3) 4.5.2).
 * The posts in the body and those in its collectives are read apart, each by its index (an OR across
 * the two scanned every post). A member suspended from committee activity votes no more from that day (004 §II.7.16).
 * The suspended are left out by an anti-join, not EXCEPT: EXCEPT hashed the voters into a table sized by the planner's
 * estimate of every post in collectives (56,714 on the national database): 0.26 ms of a decision's executor for one voter.
 */
const ROSTER = new PreparedStatement(
  `WITH given AS (SELECT b.id, b.code, b.kind, b.unit_id, u.kind AS unit_kind FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.id = $1::bigint),
        branch AS (SELECT * FROM given WHERE kind = 'PARTY_ORGANIZATION' AND unit_kind = ANY($3::text[])),
        voting AS MATERIALIZED (
          SELECT COALESCE((SELECT e.id FROM body e WHERE e.parent_body_id = g.id AND e.kind = 'PARTY_EXECUTIVE_COMMITTEE' AND g.kind = 'PARTY_ORGANIZATION' ORDER BY e.id LIMIT 1), g.id) AS id
            FROM given g WHERE NOT EXISTS (SELECT 1 FROM branch))
   SELECT b.code AS body, (SELECT count(*)::int FROM membership m WHERE m.branch_id = b.unit_id AND m.status = 'OFFICIAL' AND m.admitted_on <= $2::date) AS members,
          'OFFICIAL_MEMBERS' AS counted
     FROM branch b
   UNION ALL
   SELECT (SELECT code FROM body WHERE id = v.id),
          (SELECT count(DISTINCT voters.person_id)::int FROM (
             SELECT s.person_id FROM committee_seat s WHERE s.body_id = v.id AND s.starts_on <= $2::date AND (s.ends_on IS NULL OR s.ends_on >= $2::date)
             UNION ALL
             SELECT po.person_id FROM post po
              WHERE po.body_id = v.id AND po.starts_on <= $2::date AND (po.ends_on IS NULL OR po.ends_on >= $2::date)
             UNION ALL
             SELECT po.person_id FROM collective c JOIN post po ON po.collective_id = c.id
              WHERE c.body_id = v.id AND po.starts_on <= $2::date AND (po.ends_on IS NULL OR po.ends_on >= $2::date)) voters
            WHERE NOT EXISTS (SELECT 1 FROM (${suspendedInCommitteesOf('v.id', '$2::date')}) suspended WHERE suspended.person_id = voters.person_id)),
          'SEATS_AND_POSTS'
     FROM voting v`,
);

/** The roster's read, for a step that reads it ahead with others (db/prepared-statement.ts). */
export const rosterRead = (bodyId: string, onDate: string): Read => [ROSTER, [bodyId, onDate, MEMBERSHIP_UNIT_KINDS]];

export async function rosterOf(em: EntityManager, bodyId: string, onDate: string): Promise<Roster> {
  const [row] = await runRead<Roster>(em, rosterRead(bodyId, onDate));
  return row;
}
