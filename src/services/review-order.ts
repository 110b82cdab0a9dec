import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { PARTY_COMMITTEE_COLLECTIVES, SAME_LEVEL_COLLECTIVES } from '../model/kinds';
import { ReviewPrerequisite, RulePack, collectivesRated } from '../rules';
import { RatingRow } from './subject-facts';

/**
 * The reviews a subject's review comes after (004 §I.4.2; 003 §II.4.2), each with the day it was held,
 * among the subjects rated in the same cycle (a subject whose rating is not open has no review here to
 * wait for): a leader after the collective, a deputy or member after the head of the same collective,
 * a party member in a leadership post after the review at the branch; a party organization and its
 * committee after the same level's government, Front and mass bodies. One statement.
 */
const REVIEW_PREREQUISITES = new PreparedStatement(
  `WITH subject AS (
     SELECT po.id, po.collective_id, po.role, po.person_id FROM post po WHERE $2 = 'LEADER' AND po.id = $3
   )
   SELECT 'COLLECTIVE_BEFORE_MEMBERS' AS kind, r.subject_code AS subject, r.review_held_on::text AS "heldOn"
     FROM subject s JOIN rating r ON r.cycle_id = $1 AND r.annulled_at IS NULL AND r.subject_kind = 'LEADERSHIP_COLLECTIVE' AND r.subject_ref_id = s.collective_id
    WHERE $5
   UNION ALL
   SELECT 'HEAD_BEFORE_DEPUTIES', r.subject_code, r.review_held_on::text
     FROM subject s JOIN post h ON h.collective_id = s.collective_id AND h.role = 'HEAD' AND h.id <> s.id
     JOIN rating r ON r.cycle_id = $1 AND r.annulled_at IS NULL AND r.subject_kind = 'LEADER' AND r.subject_ref_id = h.id
    WHERE s.role <> 'HEAD'
   UNION ALL
   SELECT 'BRANCH_BEFORE_COLLECTIVE', r.subject_code, r.review_held_on::text
     FROM subject s JOIN rating r ON r.cycle_id = $1 AND r.annulled_at IS NULL AND r.subject_kind = 'PARTY_MEMBER' AND r.person_id = s.person_id
   UNION ALL
   SELECT 'BODIES_BEFORE_PARTY', r.subject_code, r.review_held_on::text
     FROM collective c JOIN rating r ON r.cycle_id = $1 AND r.annulled_at IS NULL AND r.subject_kind = 'LEADERSHIP_COLLECTIVE' AND r.subject_ref_id = c.id
    WHERE c.unit_id = $4 AND c.kind = ANY($6::text[]) AND $5
      AND ($2 = 'PARTY_ORGANIZATION' OR ($2 = 'LEADERSHIP_COLLECTIVE' AND EXISTS (
            SELECT 1 FROM collective self WHERE self.id = $3 AND self.kind = ANY($7::text[]))))`,
);

export async function reviewPrerequisites(em: EntityManager, r: RatingRow, pack: RulePack): Promise<ReviewPrerequisite[]> {
  return REVIEW_PREREQUISITES.run<ReviewPrerequisite>(em, [
    r.cycleId,
    r.subjectKind,
    r.subjectRefId,
    r.unitId,
    collectivesRated(pack),
    [...SAME_LEVEL_COLLECTIVES],
    [...PARTY_COMMITTEE_COLLECTIVES],
  ]);
}
