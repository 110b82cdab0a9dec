/** Secret ballots (001 §V; DOMAIN §15.2): who votes at each round, how many may, and the quota at the proposal round. */
import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../../db/prepared-statement';
import { CoveringRow } from '../../policies/delegation-matrix';
import { BALLOTS_SOURCE, Level, proposalRoundQuota, tallyBallots } from '../../rules';
import type { RulePack } from '../../rules';
import { proposalRound } from '../proposal-round';
import { refuse, refuseByRule, refuseWith } from '../refusal';
import { RatingRow } from '../subject-facts';
import { rosterOf } from '../voting-roster';
import { Actor, Ballots, rowsActedThrough } from './core';

const today = () => new Date().toISOString().slice(0, 10);
/** The day a ballot was held: the one given, or today. */
export const ballotDay = (ballots: Ballots) => ballots.heldOn ?? today();
/**
 * The secret ballot of a round: required where the pack says so (001 §V), counted by DOMAIN §15.2,
 * and with no more members convened than the voting body has on the day (invitees have no vote,
 * 000 §11(3) 4.5.2).
 */
export async function checkVote(
  em: EntityManager,
  pack: RulePack,
  ballots: Ballots | null | undefined,
  level: Level,
  votingBodyId: string | null,
  field: string[],
): Promise<void> {
  if (!ballots) {
    if (pack.votes.secretBallot) {
      refuseByRule(
        'BALLOTS_REQUIRED',
        'ballots.secret-ballot',
        pack.votes.source,
        'the level is voted by secret ballot: send the ballot counts (members convened and the votes per level)',
        field,
      );
    }
    return;
  }
  checkBallots(ballots, level, field);
  if (!votingBodyId) return;
  const date = ballotDay(ballots);
  const roster = await rosterOf(em, votingBodyId, date);
  if (roster.members === 0) {
    refuseByRule(
      'VOTERS_UNKNOWN',
      'ballots.voting-members',
      BALLOTS_SOURCE,
      `the members of ${roster.body} who vote on ${date} are not recorded (import its seats): the members convened cannot be checked`,
      field,
      { body: roster.body, date },
    );
  }
  if (ballots.convened > roster.members) {
    refuseByRule(
      'CONVENED_OVER_MEMBERS',
      'ballots.convened-members',
      `${BALLOTS_SOURCE}; 000 §11(3) 4.5.2`,
      `${ballots.convened} members convened, but ${roster.body} has ${roster.members} who vote on ${date} (invitees have no vote)`,
      [...field, 'convened'],
      { convened: ballots.convened, members: roster.members, body: roster.body, counted: roster.counted, date },
    );
  }
}

export const ORGANIZATION_OF_BRANCH = new PreparedStatement(
  `SELECT id::text AS id FROM body WHERE unit_id = $1 AND kind = 'PARTY_ORGANIZATION' ORDER BY id LIMIT 1`,
);
const BODY_OF_COLLECTIVE = new PreparedStatement(`SELECT body_id::text AS id FROM collective WHERE id = $1`);

/** Who votes an organization's or collective's self-rating: the organization itself (its committee or branch), or the collective's body. */
export async function selfVotingBody(em: EntityManager, r: RatingRow): Promise<string | null> {
  if (r.subjectKind === 'PARTY_ORGANIZATION') return r.subjectRefId;
  const [row] = await BODY_OF_COLLECTIVE.run<{ id: string }>(em, [r.subjectRefId]);
  return row?.id ?? null;
}

/**
 * Who votes a proposal: a member's branch (004 §II.4.3), otherwise the body of the proposing row the caller acts for
 * among `covering`, the matrix rows covering the subject.
 */
export async function proposingBody(em: EntityManager, actor: Actor, r: RatingRow, covering: CoveringRow[]): Promise<string | null> {
  if (r.subjectKind === 'PARTY_MEMBER') return (await ORGANIZATION_OF_BRANCH.run<{ id: string }>(em, [r.unitId]))[0]?.id ?? null;
  return rowsActedThrough(actor, covering, 'PROPOSE')[0]?.delegateBodyId ?? null;
}

/** The quota at the proposal round (DOMAIN §15.1 as amended): the place's proposals, this one counted, with the small-group rule at that place. */
export async function checkProposalRound(em: EntityManager, actor: Actor, r: RatingRow, level: Level, pack: RulePack): Promise<void> {
  const round = await proposalRound(em, r, actor.referenceDate, pack.eligibility.minMonths);
  if (!round) return;
  const q = proposalRoundQuota(pack.quota, round.eligible, round.proposed, level);
  if (q.ok) return;
  throw refuseWith(
    'QUOTA_EXCEEDED',
    q.findings.map((f) => ({
      ...f,
      rule: 'quota.proposal-round',
      source: `${pack.votes.proposalSource}; ${f.source}`,
      message: `at the proposal round of ${round.place}: ${f.message}`,
      figures: { ...f.figures, place: round.place },
    })),
    ['input', 'level'],
  );
}

function checkBallots(ballots: Ballots, level: Level, field: string[]): void {
  let tally;
  try {
    tally = tallyBallots(ballots);
  } catch (e) {
    refuse('BAD_BALLOTS', (e as Error).message, field, { convened: ballots.convened });
  }
  if (!tally.decided) throw refuseWith('BALLOTS_NO_RESULT', tally.findings, field);
  if (tally.level !== level) {
    refuseByRule(
      'BALLOTS_MISMATCH',
      'ballots.result',
      BALLOTS_SOURCE,
      `the ballots give ${tally.level}, not ${level} (more than 50% of the ${ballots.convened} convened, counted from the top)`,
      field,
      { ...tally.figures, result: tally.level, asked: level },
    );
  }
}
