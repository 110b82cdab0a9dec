/** Opening a rating: a power over the subject, and eligibility settled at opening (DOMAIN §3, §15.5). */
import { EntityManager } from 'typeorm';
import { subjectViewOf } from '../../model/kinds';
import { Action } from '../../policies/actions';
import { EligibilityFacts, leaderNotRated, NotRated, notRatedOf } from '../../rules';
import { postRank } from '../../rules/post-rank';
import { appendAudit } from '../audit-log';
import { rulesAt } from '../effective-rules';
import { organizedOnSql } from '../ratings-follow';
import { noSuch } from '../refusal';
import { RATING_COLUMNS, RatingRow } from '../subject-facts';
import { Actor, requireOneOf, snapshot } from './core';
import { askTransferOpinion } from './transfer-opinion';

const CURRENT_RATING_OF_SUBJECT = `SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.cycle_id = $1 AND r.subject_kind = $2 AND r.subject_ref_id = $3 AND r.annulled_at IS NULL`;

/** The powers that let a caller open a rating: reading alone does not (an open rating is a row and an audit event). */
const OPENING_POWERS: Action[] = ['selfAssess', 'propose', 'decide', 'administer'];

/**
 * The current rating of a subject in the cycle, opened when first needed. Eligibility is settled at
 * opening (DOMAIN §3, §15.5; concurrent posts rated once, 004 §II.7.5–7.7): a subject not rated is NOT_RATED with its reason.
 */
export async function openRating(em: EntityManager, actor: Actor, kind: string, refId: string): Promise<RatingRow> {
  await requireOneOf(
    em,
    actor,
    kind,
    refId,
    OPENING_POWERS,
    'subject',
    `opening a rating needs a power over its subject (${OPENING_POWERS.join(', ')}), not only reading it`,
    ['input', 'subject'],
  );
  const [existing] = await em.query<RatingRow[]>(CURRENT_RATING_OF_SUBJECT, [actor.cycleId, kind, refId]);
  if (existing) return existing;
  const [s] = await em.query<{ code: string; unitId: string; unitPath: string; personId: string | null }[]>(
    `SELECT code, unit_id::text AS "unitId", unit_path AS "unitPath", person_id::text AS "personId" FROM ${subjectViewOf(kind)} WHERE ref_id = $1`,
    [refId],
  );
  if (!s) noSuch('subject');
  const cycle = { referenceDate: actor.referenceDate };
  const pack = await rulesAt(em, actor.cycleId, s.unitPath);
  let notRated: NotRated | null;
  if (kind === 'PARTY_MEMBER') {
    const [m] = await em.query<NonNullable<EligibilityFacts['membership']>[]>(
      `SELECT status, admitted_on AS "admittedOn" FROM membership WHERE id = $1`,
      [refId],
    );
    notRated = notRatedOf({ kind, membership: m }, cycle.referenceDate, pack);
  } else if (kind === 'LEADER') {
    const posts: { id: string; startsOn: string; depth: number; category: string }[] = await em.query(
      `SELECT po.id::text AS id, po.starts_on AS "startsOn", u.depth, po.category FROM post po JOIN unit u ON u.id = po.unit_id
        WHERE po.person_id = (SELECT person_id FROM post WHERE id = $1) AND po.starts_on <= $2 AND (po.ends_on IS NULL OR po.ends_on >= $2)`,
      [refId, cycle.referenceDate],
    );
    const days = (p: { startsOn: string }) => Math.round((Date.parse(cycle.referenceDate) - Date.parse(p.startsOn)) / 86400000);
    notRated = leaderNotRated(
      refId,
      posts.map((p) => ({ id: p.id, startsOn: p.startsOn, rank: postRank(p.depth, p.category), daysHeld: days(p) })),
      cycle.referenceDate,
      pack,
    );
  } else {
    // Founded, merged or split: the six months count from the latest (004 §II.7.11).
    const [u] = await em.query<{ foundedOn: string | null }[]>(`SELECT ${organizedOnSql('u')} AS "foundedOn" FROM unit u WHERE u.id = $1`, [
      s.unitId,
    ]);
    notRated = notRatedOf({ kind: kind as 'PARTY_ORGANIZATION', foundedOn: u.foundedOn }, cycle.referenceDate, pack);
  }
  // Two callers opening the same subject at once: the second waits for the first and answers its rating.
  const [created]: RatingRow[] = await em.query(
    `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, not_rated_reason, not_rated_source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (cycle_id, subject_kind, subject_ref_id) WHERE annulled_at IS NULL DO NOTHING
     RETURNING ${RATING_COLUMNS('rating')}`,
    [
      actor.cycleId,
      kind,
      refId,
      s.code,
      s.unitId,
      s.unitPath,
      s.personId,
      notRated ? 'NOT_RATED' : 'OPEN',
      notRated?.reason ?? null,
      notRated?.source ?? null,
    ],
  );
  if (!created) return (await em.query<RatingRow[]>(CURRENT_RATING_OF_SUBJECT, [actor.cycleId, kind, refId]))[0];
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: null,
    delegationId: null,
    action: 'open',
    entity: 'rating',
    entityId: created.id,
    before: null,
    after: snapshot(created),
  });
  // An organization transferred in during the year is rated with the opinion of the committee it came from (7.11).
  if (!notRated) await askTransferOpinion(em, created);
  return created;
}
