import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { PARTY_COMMITTEE_BODIES, PARTY_COMMITTEE_COLLECTIVES } from '../model/kinds';
import type { CommitteeSuspension } from '../rules';
import { RatingRow } from './subject-facts';

/** A person's suspension from committee activity in force on the day of a review, and where that review belongs (004 §II.7.16). */
export interface SuspensionAtReview {
  suspension: CommitteeSuspension;
  /** A leader's post in that committee (its body, or a committee collective of its unit): reviewed at the branch instead. */
  inCommittee: boolean;
  /** The person's rating as a party member in the cycle, and the day its review was held. */
  branch: string | null;
  branchHeldOn: string | null;
}

/**
 * SQL: the persons suspended from committee activity on `day` (a date expression) in the party committees of the unit of
 * body `body` (a body id expression), when that body is one of them. "Sinh hoạt cấp ủy" is the committee as a whole: a
 * suspension recorded on a member's seat in the executive committee or its standing committee suspends them from both
 * (004 §II.7.16). A body that is not a party committee (a People's Committee, a branch meeting) loses no one by it.
 */
export const suspendedInCommitteesOf = (body: string, day: string) => {
  const kinds = PARTY_COMMITTEE_BODIES.map((k) => `'${k}'`).join(', ');
  return `SELECT x.person_id FROM committee_seat x JOIN body xb ON xb.id = x.body_id JOIN body given ON given.id = ${body}
    WHERE xb.unit_id = given.unit_id AND xb.kind IN (${kinds}) AND given.kind IN (${kinds})
      AND x.suspended_on <= ${day} AND (x.ends_on IS NULL OR x.ends_on >= ${day})`;
};

const SUSPENSION_AT = new PreparedStatement(
  `SELECT b.code AS body, s.suspended_on::text AS "suspendedOn", s.suspension_ref AS "decisionRef",
          EXISTS (SELECT 1 FROM post po LEFT JOIN collective c ON c.id = po.collective_id JOIN body pb ON pb.id = po.body_id
                   WHERE po.id = $3 AND ((c.kind = ANY($5::text[]) AND c.unit_id = b.unit_id) OR (pb.kind = ANY($4::text[]) AND pb.unit_id = b.unit_id))) AS "inCommittee",
          m.subject_code AS branch, m.review_held_on::text AS "branchHeldOn"
     FROM committee_seat s JOIN body b ON b.id = s.body_id
     LEFT JOIN rating m ON m.cycle_id = $6 AND m.subject_kind = 'PARTY_MEMBER' AND m.person_id = s.person_id AND m.annulled_at IS NULL
    WHERE s.person_id = $1 AND b.kind = ANY($4::text[]) AND s.suspended_on <= $2::date AND (s.ends_on IS NULL OR s.ends_on >= $2::date)
    ORDER BY s.suspended_on, s.id LIMIT 1`,
);

/** Null for collectives and organizations, and for a person not suspended on that day. */
export async function suspensionAt(em: EntityManager, r: RatingRow, heldOn: string): Promise<SuspensionAtReview | null> {
  if (!r.personId || (r.subjectKind !== 'LEADER' && r.subjectKind !== 'PARTY_MEMBER')) return null;
  const [row] = await SUSPENSION_AT.run<CommitteeSuspension & Omit<SuspensionAtReview, 'suspension'>>(em, [
    r.personId,
    heldOn,
    r.subjectKind === 'LEADER' ? r.subjectRefId : null,
    [...PARTY_COMMITTEE_BODIES],
    [...PARTY_COMMITTEE_COLLECTIVES],
    r.cycleId,
  ]);
  if (!row) return null;
  const { body, suspendedOn, decisionRef, inCommittee, branch, branchHeldOn } = row;
  return { suspension: { body, suspendedOn, decisionRef }, inCommittee, branch, branchHeldOn };
}
