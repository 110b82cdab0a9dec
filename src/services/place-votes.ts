import { EntityManager } from 'typeorm';
import { PreparedStatement, Read, runRead } from '../db/prepared-statement';
import type { Level, PlaceVote } from '../rules';
import { RatingRow } from './subject-facts';

/**
 * The levels voted for one person at the places they are reviewed in the cycle (004 §II.7.3), in their other
 * ratings: the proposal each place voted by secret ballot (004 §II.4.3 step 2) — for a member of a branch that
 * decides its own members, the branch's deciding vote.
 */
const OTHER_PLACE_VOTES = new PreparedStatement(
  `SELECT r.subject_code AS subject, CASE WHEN r.proposal_ballots IS NOT NULL THEN r.proposed_level ELSE r.decided_level END AS level
     FROM rating r
    WHERE r.person_id = $2 AND r.cycle_id = $1 AND r.id <> $3 AND r.annulled_at IS NULL AND r.subject_kind IN ('PARTY_MEMBER', 'LEADER')
      AND ((r.proposal_ballots IS NOT NULL AND r.proposed_level IS NOT NULL)
        OR (r.subject_kind = 'PARTY_MEMBER' AND r.decision_ballots IS NOT NULL AND r.decided_level IS NOT NULL
            AND EXISTS (SELECT 1 FROM body b WHERE b.id = r.authority_body_id AND b.unit_id = r.unit_id)))
    ORDER BY r.subject_code`,
);

/** The other places' votes' read (for a person's rating: a member's or a leader's), for a step that reads it ahead with others. */
export const otherPlaceVotesRead = (r: RatingRow): Read | null =>
  r.personId && (r.subjectKind === 'PARTY_MEMBER' || r.subjectKind === 'LEADER')
    ? [OTHER_PLACE_VOTES, [r.cycleId, r.personId, r.id]]
    : null;

/**
 * Every place's vote for the rating's person: this rating's own place voted its proposal, or — a branch deciding its
 * own member — votes `decidingVote` now; the others as recorded.
 */
export async function votesAtPlaces(em: EntityManager, r: RatingRow, decidingVote: Level | null): Promise<PlaceVote[]> {
  const read = otherPlaceVotesRead(r);
  if (!read) return [];
  const others = await runRead<PlaceVote>(em, read);
  const own = r.proposalBallots ? r.proposedLevel : decidingVote;
  return own ? [{ subject: r.subjectCode, level: own }, ...others] : others;
}
