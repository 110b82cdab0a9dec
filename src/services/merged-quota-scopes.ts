import { EntityManager } from 'typeorm';
import { SUBJECT_KINDS } from '../model/kinds';
import { QuotaFigures, quotaFigures, raisedQuota } from '../rules';
import { rulesAt } from './effective-rules';
import { recordSuccession } from './unit-contents';
import { ReorganizationDecision } from './reorganization';
import { lineageOf, quotaOfAuthority } from './workflow/quota-scope';

/** A quota scope a merger joined, as it stands after it (DOMAIN §15.1): figures recomputed, and how many EXCELLENT results it flagged. */
export interface MergedQuotaScope {
  cycle: string;
  authority: string;
  office: string;
  subjectKind: string;
  peerGroup: string | null;
  figures: QuotaFigures;
  flagged: number;
}

interface ScopeRow {
  cycleId: string;
  cycle: string;
  referenceDate: string;
  kind: string;
  office: string;
  peerGroup: string | null;
  bodyId: string;
  authority: string;
  path: string;
}

/**
 * A body that ended in a merger continues in the body of its kind it was mapped onto: that body's quota counts its
 * decided ratings from now on (migration 0037; quota-scope.ts). Each scope so joined, in the cycles not ended by the
 * day, is counted again; one left over its share has its EXCELLENT results flagged for the authority to look at
 * again, as a lowering does (DOMAIN §15.1). Returns the scopes with their figures.
 */
export async function quotaScopesFollow(
  em: EntityManager,
  r: ReorganizationDecision,
  ended: [string, string][],
): Promise<MergedQuotaScope[]> {
  if (!ended.length) return [];
  await recordSuccession(em, r, ended, { table: 'body_succession' });
  const [predecessors, successors] = [ended.map((e) => e[0]), ended.map((e) => e[1])];
  const scopes = await em.query<ScopeRow[]>(
    `SELECT DISTINCT c.id::text AS "cycleId", c.code AS cycle, c.reference_date::text AS "referenceDate", k.kind, x.office, x."peerGroup",
            b.id::text AS "bodyId", b.code AS authority, u.path
       FROM unnest($1::bigint[], $2::bigint[]) AS s(predecessor, successor)
       JOIN cycle c ON c.ends_on >= $3::date CROSS JOIN unnest($4::text[]) AS k(kind)
       JOIN LATERAL (SELECT DISTINCT r.authority_office AS office, r.peer_group AS "peerGroup" FROM rating r
                      WHERE r.cycle_id = c.id AND r.subject_kind = k.kind AND r.authority_body_id IN (s.predecessor, s.successor)
                        AND r.annulled_at IS NULL AND r.decided_level IS NOT NULL) x ON true
       JOIN body b ON b.id = s.successor JOIN unit u ON u.id = b.unit_id
      ORDER BY c.code, b.code, k.kind, x.office, x."peerGroup"`,
    [predecessors, successors, r.effectiveOn, [...SUBJECT_KINDS]],
  );
  const out: MergedQuotaScope[] = [];
  for (const s of scopes) {
    const pack = await rulesAt(em, s.cycleId, s.path);
    const authority = { bodyId: s.bodyId, office: s.office ?? '' };
    const counted = await quotaOfAuthority(
      em,
      { cycleId: s.cycleId, referenceDate: s.referenceDate, kind: s.kind, authority, peerGroup: s.peerGroup },
      { minMonths: pack.eligibility.minMonths },
    );
    const figures = quotaFigures(raisedQuota(pack.quota, counted.raisedBy), counted.eligible, counted.decided);
    const flagged = figures.breached
      ? (
          await em.query<[unknown[], number]>(
            `UPDATE rating SET flagged_reason = $6 WHERE cycle_id = $1 AND subject_kind = $2 AND authority_body_id IN ${lineageOf('$3')}
                AND authority_office = $4 AND peer_group IS NOT DISTINCT FROM $5::text AND annulled_at IS NULL AND decided_level = 'EXCELLENT'`,
            [
              s.cycleId,
              s.kind,
              s.bodyId,
              authority.office,
              s.peerGroup,
              `the merger of ${r.effectiveOn} (${r.decisionRef.trim()}) joined this scope into ${s.authority}'s: ${figures.excellent} EXCELLENT for at most ${figures.maxExcellent} (GOOD pool ${figures.good}; DOMAIN §15.1)`,
            ],
          )
        )[1]
      : 0;
    out.push({
      cycle: s.cycle,
      authority: s.authority,
      office: authority.office,
      subjectKind: s.kind,
      peerGroup: s.peerGroup,
      figures,
      flagged,
    });
  }
  return out;
}
