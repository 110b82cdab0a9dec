import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { pathUnitIds } from '../db/sql-params';
import { actsFor } from './ability';
import { Viewer } from './viewer';

/** 004 §II.7.8: "cấp ủy cấp trên trực tiếp … đánh giá lại kết quả xếp loại chất lượng". */
export const RE_RATING_SOURCE = '004 §II.7.8';

/** The directly superior committee of a subject: its executive committee and the standing committees that act for it between sessions. */
export interface UpperCommittee {
  unitCode: string;
  executiveBodyId: string;
  executiveCode: string;
  standingBodyIds: string[];
}

/**
 * The nearest unit strictly above the subject's unit that has a party executive committee: for a
 * member, the committee above the branch; for an organization, a collective or a leader, the
 * committee of the level above theirs.
 */
const UPPER_COMMITTEE = new PreparedStatement(
  `SELECT u.code AS "unitCode", bch.id::text AS "executiveBodyId", bch.code AS "executiveCode",
          ARRAY(SELECT s.id::text FROM body s WHERE s.parent_body_id = bch.id AND s.kind = 'PARTY_STANDING_COMMITTEE' ORDER BY s.id) AS "standingBodyIds"
     FROM unit u JOIN body bch ON bch.unit_id = u.id AND bch.kind = 'PARTY_EXECUTIVE_COMMITTEE'
    WHERE u.id = ANY (${pathUnitIds('$1::text')}) AND u.id <> $2::bigint
    ORDER BY u.depth DESC, bch.id LIMIT 1`,
);

export async function upperCommitteeOf(em: EntityManager, subjectUnitPath: string, subjectUnitId: string): Promise<UpperCommittee | null> {
  const [row] = await UPPER_COMMITTEE.run<UpperCommittee>(em, [subjectUnitPath, subjectUnitId]);
  return row ?? null;
}

/** The body of the upper committee the viewer acts for (its standing committee first), or null. */
export function actingForUpperCommittee(viewer: Viewer, upper: UpperCommittee): string | null {
  return [...upper.standingBodyIds, upper.executiveBodyId].find((body) => actsFor(viewer, body)) ?? null;
}
