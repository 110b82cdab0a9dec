/**
 * 004 §II.7.11; 000 §11(2): "Các tổ chức đảng mới được chuyển giao, tiếp nhận trong năm thì lấy ý kiến đánh giá,
 * nhận xét của cấp ủy cấp trên trực tiếp (nơi chuyển giao)". A party organization transferred to another superior
 * during the cycle is rated with the opinion of the committee directly above it where it came from: the workflow
 * asks it (a consultation, purpose TRANSFER) before the decision, which waits for it or records why it goes ahead.
 * That committee no longer reads the organization: it answers through the consultation alone.
 */
import { EntityManager } from 'typeorm';
import { actsFor } from '../../policies/ability';
import { upperCommitteeOf } from '../../policies/re-rating-authority';
import { Viewer } from '../../policies/viewer';
import { Level } from '../../rules';
import { noSuch } from '../refusal';
import { RATING_COLUMNS, RatingRow } from '../subject-facts';
import { inProgressSql } from '../../reports/deadline-sql';
import { enter, loadForUpdate, recordOpinion } from './core';

export const TRANSFER_OPINION_SOURCE = '004 §II.7.11; 000 §11(2)';

/** The committee (its standing committee first) directly above the organization before a transfer in the cycle, or null. */
async function transferringCommittee(em: EntityManager, r: RatingRow): Promise<string | null> {
  if (r.subjectKind !== 'PARTY_ORGANIZATION') return null;
  const [before] = await em.query<{ path: string }[]>(
    `SELECT p.path FROM cycle c
       JOIN unit_version v ON v.unit_id = $2 AND v.operation = 'TRANSFER' AND v.valid_from >= c.starts_on AND v.valid_from <= c.reference_date
       JOIN unit_version p ON p.unit_id = v.unit_id AND p.valid_until = v.valid_from
      WHERE c.id = $1 ORDER BY v.valid_from DESC LIMIT 1`,
    [r.cycleId, r.unitId],
  );
  if (!before) return null;
  const upper = await upperCommitteeOf(em, before.path, r.unitId);
  return upper ? (upper.standingBodyIds[0] ?? upper.executiveBodyId) : null;
}

/** Opens the transferring committee's consultation where the organization was transferred in during the cycle. */
export async function askTransferOpinion(em: EntityManager, r: RatingRow): Promise<void> {
  const body = await transferringCommittee(em, r);
  if (!body) return;
  await em.query(
    `INSERT INTO consultation (rating_id, body_id, source, purpose) VALUES ($1, $2, $3, 'TRANSFER') ON CONFLICT (rating_id, body_id) DO NOTHING`,
    [r.id, body, TRANSFER_OPINION_SOURCE],
  );
}

/** After a transfer: the ratings in progress of the organization moved, each asking the committee it came from. */
export async function askTransferOpinionsOf(em: EntityManager, unitId: string): Promise<void> {
  const open = await em.query<RatingRow[]>(
    `SELECT ${RATING_COLUMNS('r')} FROM rating r
      WHERE r.unit_id = $1 AND r.subject_kind = 'PARTY_ORGANIZATION' AND ${inProgressSql('r')}`,
    [unitId],
  );
  for (const r of open) await askTransferOpinion(em, r);
}

/** What a transferring committee is asked: its consultations, with the organization and the cycle. */
export interface TransferOpinionAsked {
  consultationId: string;
  organizationId: string;
  cycle: string;
  bodyId: string;
  opinionLevel: Level | null;
  source: string;
}

/** The opinions asked of the bodies the viewer acts for, or one of them (on the owner's connection: only those rows). */
export function transferOpinionsAsked(
  em: EntityManager,
  bodies: string[],
  consultationId: string | null = null,
): Promise<TransferOpinionAsked[]> {
  return em.query<TransferOpinionAsked[]>(
    `SELECT c.id::text AS "consultationId", r.subject_ref_id::text AS "organizationId", cy.code AS cycle, c.body_id::text AS "bodyId",
            c.opinion_level AS "opinionLevel", c.source
       FROM consultation c JOIN rating r ON r.id = c.rating_id JOIN cycle cy ON cy.id = r.cycle_id
      WHERE c.purpose = 'TRANSFER' AND c.body_id = ANY($1::bigint[]) AND ($2::bigint IS NULL OR c.id = $2) AND r.annulled_at IS NULL
      ORDER BY c.id`,
    [bodies, consultationId],
  );
}

/**
 * The transferring committee's opinion, given by one who acts for it (on the owner's connection: the consultation
 * is the only authority, and it is checked here). Any other consultation, or one of a body the viewer does not act
 * for, is answered as not existing.
 */
export async function giveTransferOpinion(
  em: EntityManager,
  viewer: Viewer,
  consultationId: string,
  level: Level,
  opinion: string,
): Promise<TransferOpinionAsked> {
  const [c] = await em.query<{ ratingId: string; bodyId: string; opinionLevel: Level | null; purpose: string }[]>(
    `SELECT rating_id::text AS "ratingId", body_id::text AS "bodyId", opinion_level AS "opinionLevel", purpose FROM consultation WHERE id = $1 FOR UPDATE`,
    [consultationId],
  );
  if (!c || c.purpose !== 'TRANSFER' || !actsFor(viewer, c.bodyId)) noSuch('consultation');
  enter(await loadForUpdate(em, c.ratingId, 'consultation'), 'giveOpinion');
  await recordOpinion(em, { id: consultationId, bodyId: c.bodyId, before: c.opinionLevel }, viewer.personId, level, opinion);
  const [asked] = await transferOpinionsAsked(em, [c.bodyId], consultationId);
  return asked;
}
