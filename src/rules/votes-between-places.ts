import { Finding } from './finding';
import { Level } from './levels';

/** The level one place voted to propose for a person (004 §II.4.3 step 2): the rating it was voted in, and the level. */
export interface PlaceVote {
  subject: string;
  level: Level;
}

/**
 * A person reviewed at several places — the branch and a leadership collective, or several collectives —
 * whose places voted different levels: the competent level considers and decides (004 §II.7.3). The
 * decision says what it considered; the finding, kept with the decision, names each place and its level.
 * Empty when the places agree, or when only one voted.
 */
export function votesBetweenPlaces(votes: PlaceVote[], considered: string | null): Finding[] {
  const levels = [...new Set(votes.map((v) => v.level))];
  if (levels.length < 2) return [];
  const places = votes.map((v) => `${v.subject}: ${v.level}`).join('; ');
  const reason = considered?.trim() || null;
  return [
    {
      rule: 'votes.differ-between-places',
      source: '004 §II.7.3',
      message: `the places where this person is reviewed voted different levels (${places}): the competent level considers and decides, saying what it considered (differingVotesReason)`,
      messageVi: `có sự khác nhau khi biểu quyết mức chất lượng ở mỗi nơi (${places}): cấp có thẩm quyền xem xét, quyết định chất lượng`,
      figures: { places, levels: levels.join(', '), considered: reason },
    },
  ];
}
