import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { LEVELS, Level, atLeast } from '../rules';
import { appendAudit } from './audit-log';
import type { Authority } from '../policies/request-policy';
import type { Actor } from './workflow/core';
import { Refusal, UserErrorShape, refuse } from './refusal';
import { Selected, selectList } from '../db/columns';
import { ProfessionalRating } from '../entities';

export type ProfessionalRatingRow = Selected<ProfessionalRating, Record<never, never>, 'cycleId' | 'recordedBy'>;

/** The professional rating recorded for a unit or collective in a cycle (not personal: what a head's standards read). */
export async function professionalRatingOf(
  em: EntityManager,
  cycleId: string,
  of: RatedThing,
  lock: 'FOR UPDATE' | '' = '',
): Promise<ProfessionalRatingRow | null> {
  const [row] = await em.query<ProfessionalRatingRow[]>(
    `SELECT ${PROFESSIONAL_RATING_COLUMNS} FROM professional_rating WHERE cycle_id = $1 AND unit_id = $2 AND collective_id IS NOT DISTINCT FROM $3::bigint ${lock}`,
    [cycleId, of.unitId, of.collectiveId],
  );
  return row ?? null;
}

export const NO_SUCH_RATED_THING: UserErrorShape = {
  code: 'NOT_FOUND',
  field: ['input', 'of'],
  message: 'no such collective or unit',
  rule: null,
  source: null,
  figures: null,
};

/** What a professional rating is of: a leadership collective (and its unit), or a unit whose head's post has no collective. */
export interface RatedThing {
  unitId: string;
  collectiveId: string | null;
}

export const PROFESSIONAL_RATING_COLUMNS = selectList(ProfessionalRating, 'professional_rating', { omit: ['cycleId', 'recordedBy'] });

/** The posts whose head answers to the rating of `of`: in the collective, or at the unit without a collective. */
const HEADS_OF = `po.unit_id = $2 AND po.collective_id IS NOT DISTINCT FROM $3::bigint AND po.role = 'HEAD'`;

/**
 * Records (or corrects) the professional rating of a collective or unit in the caller's cycle: the
 * fact a head's EXCELLENT or GOOD depends on (004 §II.5.2.1–5.2.2; 000 §11(4)). Those who verify or
 * decide a leader there record it. Heads already decided above what the new rating allows are flagged.
 */
export async function recordProfessionalRating(
  em: EntityManager,
  actor: Actor,
  of: RatedThing,
  level: Level,
  ratedBy: string,
  decisionRef: string | null,
): Promise<ProfessionalRatingRow> {
  const p = new SqlParams();
  const leaderHere = (action: 'read' | 'verify' | 'decide') =>
    `EXISTS (SELECT 1 FROM subject_leader a WHERE a.unit_id = ${p.add(of.unitId)} AND ${actor.where(action, p, 'a')})`;
  const [{ visible, allowed }] = await em.query<Authority[]>(
    `SELECT ${leaderHere('read')} AS visible, (${leaderHere('verify')} OR ${leaderHere('decide')}) AS allowed`,
    p.values,
  );
  // Whoever reads none of the leaders concerned is answered as for an id that does not exist.
  if (!visible) throw new Refusal([NO_SUCH_RATED_THING]);
  if (!allowed)
    refuse('NOT_AUTHORIZED', 'a professional rating is recorded by those who verify or decide the leaders it concerns', ['input', 'of']);
  if (!ratedBy.trim()) refuse('BAD_FACTS', 'ratedBy: name the body that rated professionally', ['input', 'ratedBy']);
  const before = await professionalRatingOf(em, actor.cycleId, of, 'FOR UPDATE');
  const [row]: ProfessionalRatingRow[] = await em.query(
    `INSERT INTO professional_rating (cycle_id, unit_id, collective_id, level, rated_by, decision_ref, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ON CONSTRAINT professional_rating_key DO UPDATE SET level = EXCLUDED.level, rated_by = EXCLUDED.rated_by,
       decision_ref = EXCLUDED.decision_ref, recorded_by = EXCLUDED.recorded_by, recorded_at = now()
     RETURNING ${PROFESSIONAL_RATING_COLUMNS}`,
    [actor.cycleId, of.unitId, of.collectiveId, level, ratedBy.trim(), decisionRef, actor.viewer.personId],
  );
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: null,
    delegationId: null,
    action: 'recordProfessionalRating',
    entity: 'professional_rating',
    entityId: row.id,
    before: before ? { level: before.level, ratedBy: before.ratedBy } : null,
    after: { level, ratedBy: row.ratedBy, decisionRef },
  });
  // EXCELLENT needs EXCELLENT professionally, GOOD needs GOOD: heads decided above that are flagged.
  const above = LEVELS.filter((l) => atLeast(l, 'GOOD') && !atLeast(level, l));
  if (above.length) {
    await em.query(
      `UPDATE rating x SET flagged_reason = $5 FROM post po
        WHERE x.cycle_id = $1 AND x.subject_kind = 'LEADER' AND x.subject_ref_id = po.id AND ${HEADS_OF}
          AND x.annulled_at IS NULL AND x.decided_level = ANY($4)`,
      [
        actor.cycleId,
        of.unitId,
        of.collectiveId,
        above,
        `the professional rating is now ${level}: a head's ${above.join(' or ')} needs it higher (004 §II.5.2.1–5.2.2)`,
      ],
    );
  }
  return row;
}
