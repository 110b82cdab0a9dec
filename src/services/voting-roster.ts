import { EntityManager } from 'typeorm';
import { KeptAcrossRequests } from '../db/kept-across-requests';
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
 */
interface VotingBody {
  /** The unit of a body that votes as a branch, its members counted; null for a body whose seats and posts vote. */
  branchUnitId: string | null;
  /** The body whose roster is counted (its executive committee, for a party organization above a branch) and its code. */
  bodyId: string;
  code: string | null;
}

const VOTING_BODY = new PreparedStatement(
  `SELECT CASE WHEN k.branch THEN b.unit_id::text END AS "branchUnitId", v.id::text AS "bodyId", v.code
     FROM body b JOIN unit u ON u.id = b.unit_id
     CROSS JOIN LATERAL (SELECT b.kind = 'PARTY_ORGANIZATION' AND u.kind = ANY($2::text[]) AS branch) k
     JOIN body v ON v.id = CASE WHEN k.branch THEN b.id
       ELSE COALESCE((SELECT e.id FROM body e WHERE e.parent_body_id = b.id AND e.kind = 'PARTY_EXECUTIVE_COMMITTEE'
                        AND b.kind = 'PARTY_ORGANIZATION' ORDER BY e.id LIMIT 1), b.id) END
    WHERE b.id = $1::bigint`,
);

/**
 * Which roster a body's ballots count, kept across requests by body: facts of the tree (bodies and units announce their
 * changes, db/kept-across-requests.ts). Chosen in the roster's statement at every ballot, with both of its counts set up,
 * it was nearly half of what a decision's reads sent ahead cost PostgreSQL (0.133 of 0.287 ms; docs/performance.md,
 * session 71).
 */
const votingBodies = new KeptAcrossRequests<VotingBody>();

async function votingBodyOf(em: EntityManager, bodyId: string): Promise<VotingBody> {
  const kept = votingBodies.get(bodyId);
  if (kept) return kept;
  const [row] = await VOTING_BODY.run<VotingBody>(em, [bodyId, MEMBERSHIP_UNIT_KINDS]);
  // A body that does not exist counts no one (the ballot is refused as its voters unknown); it is not kept.
  if (!row) return { branchUnitId: null, bodyId, code: null };
  votingBodies.set(bodyId, Object.freeze(row));
  return row;
}

const BRANCH_MEMBERS = new PreparedStatement(
  `SELECT $1::text AS body, (SELECT count(*)::int FROM membership m WHERE m.branch_id = $2::bigint AND m.status = 'OFFICIAL' AND m.admitted_on <= $3::date) AS members,
          'OFFICIAL_MEMBERS' AS counted`,
);

/**
 * The posts in the body and those in its collectives are read apart, each by its index (an OR across the two scanned
 * every post). A member suspended from committee activity votes no more from that day (004 §II.7.16). The suspended are
 * left out by an anti-join, not EXCEPT: EXCEPT hashed the voters into a table sized by the planner's estimate of every
 * post in collectives (56,714 on the national database): 0.26 ms of a decision's executor for one voter.
 */
const SEATS_AND_POSTS = new PreparedStatement(
  `SELECT $1::text AS body,
          (SELECT count(DISTINCT voters.person_id)::int FROM (
             SELECT s.person_id FROM committee_seat s WHERE s.body_id = $2::bigint AND s.starts_on <= $3::date AND (s.ends_on IS NULL OR s.ends_on >= $3::date)
             UNION ALL
             SELECT po.person_id FROM post po
              WHERE po.body_id = $2::bigint AND po.starts_on <= $3::date AND (po.ends_on IS NULL OR po.ends_on >= $3::date)
             UNION ALL
             SELECT po.person_id FROM collective c JOIN post po ON po.collective_id = c.id
              WHERE c.body_id = $2::bigint AND po.starts_on <= $3::date AND (po.ends_on IS NULL OR po.ends_on >= $3::date)) voters
            WHERE NOT EXISTS (SELECT 1 FROM (${suspendedInCommitteesOf('$2::bigint', '$3::date')}) suspended WHERE suspended.person_id = voters.person_id)) AS members,
          'SEATS_AND_POSTS' AS counted`,
);

/** The roster's read, for a step that reads it ahead with others (db/prepared-statement.ts). */
export async function rosterRead(em: EntityManager, bodyId: string, onDate: string): Promise<Read> {
  const voting = await votingBodyOf(em, bodyId);
  return voting.branchUnitId
    ? [BRANCH_MEMBERS, [voting.code, voting.branchUnitId, onDate]]
    : [SEATS_AND_POSTS, [voting.code, voting.bodyId, onDate]];
}

export async function rosterOf(em: EntityManager, bodyId: string, onDate: string): Promise<Roster> {
  const [row] = await runRead<Roster>(em, await rosterRead(em, bodyId, onDate));
  return row;
}
