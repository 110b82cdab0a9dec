import { EntityManager } from 'typeorm';
import { selectList } from '../db/columns';
import { Rating } from '../entities';
import { PreparedStatement, Read, runRead } from '../db/prepared-statement';
import { SAME_LEVEL_COLLECTIVES } from '../model/kinds';
import {
  CeilingFacts,
  Level,
  Prerequisite,
  RulePack,
  civilServiceKnown,
  collectivesRated,
  countLevels,
  lowest,
  SETTLED_STAGES,
} from '../rules';

/** A rating row as the workflow reads it: every column of the table. */
export type RatingRow = Rating;

export const RATING_COLUMNS = (a: string, only?: ReadonlySet<string> | null) => selectList(Rating, a, { only });

const SECRETARY_CATEGORIES = ['SECRETARY', 'DEPUTY_SECRETARY', 'STANDING_DEPUTY_SECRETARY', 'BRANCH_SECRETARY', 'BRANCH_DEPUTY_SECRETARY'];

const PARTS_OF = new PreparedStatement(
  `SELECT c.code AS cycle, r.decided_level AS level FROM cycle c
     LEFT JOIN rating r ON r.cycle_id = c.id AND r.subject_kind = $2 AND r.subject_ref_id = $3 AND r.annulled_at IS NULL
    WHERE c.part_of_id = $1 ORDER BY c.starts_on, c.code`,
);

/** Whether the person ($1) holds a civil-service post now. */
const CIVIL_NOW = `EXISTS (SELECT 1 FROM post WHERE person_id = $1 AND civil_servant AND starts_on <= current_date AND (ends_on IS NULL OR ends_on >= current_date))`;

const CIVIL_SERVANT_NOW = new PreparedStatement(`SELECT ${CIVIL_NOW} AS civil`);

/**
 * What a member's standards read beside the recorded facts, in one statement: whether they hold a civil-service
 * post now, and the organization their last move in the cycle took them from (a reorganization's member lists)
 * with the whole months of party activity there in the cycle, from the later of the cycle's start and admission.
 */
const MEMBER_FACTS = new PreparedStatement(
  `SELECT ${CIVIL_NOW} AS civil, mv.name AS "movedFrom", mv.months
     FROM (SELECT 1) one LEFT JOIN LATERAL (
       SELECT u.name, (extract(year FROM age(mm.moved_on, GREATEST(c.starts_on, m.admitted_on))) * 12
                       + extract(month FROM age(mm.moved_on, GREATEST(c.starts_on, m.admitted_on))))::int AS months
         FROM membership_move mm JOIN membership m ON m.id = mm.membership_id JOIN unit u ON u.id = mm.from_unit_id JOIN cycle c ON c.id = $3
        WHERE mm.membership_id = $2 AND mm.moved_on > c.starts_on AND mm.moved_on <= c.ends_on
        ORDER BY mm.moved_on DESC, mm.id DESC LIMIT 1) mv ON true`,
);

/** A member's facts' read, for a step that reads it ahead with others (db/prepared-statement.ts). */
export const memberFactsRead = (r: RatingRow): Read => [MEMBER_FACTS, [r.personId, r.subjectRefId, r.cycleId]];

const CIVIL_SERVANT_POST = new PreparedStatement(`SELECT civil_servant AS civil FROM post WHERE id = $1`);

const LOWER_COLLECTIVES = new PreparedStatement(
  `SELECT count(*) FILTER (WHERE NOT r.stage = ANY($3::text[]))::int AS pending, count(*)::int AS n
     FROM collective c JOIN unit u ON u.parent_id = c.unit_id JOIN collective lc ON lc.unit_id = u.id
     JOIN rating r ON r.cycle_id = $1 AND r.subject_kind = 'LEADERSHIP_COLLECTIVE' AND r.subject_ref_id = lc.id AND r.annulled_at IS NULL
    WHERE c.id = $2`,
);

/** Is the subject a civil servant: a leader in a civil-service post, or a member holding one now. */
export async function isCivilServant(em: EntityManager, r: Pick<RatingRow, 'subjectKind' | 'subjectRefId' | 'personId'>): Promise<boolean> {
  if (r.subjectKind === 'LEADER') return Boolean((await CIVIL_SERVANT_POST.run<{ civil: boolean }>(em, [r.subjectRefId]))[0]?.civil);
  if (r.subjectKind === 'PARTY_MEMBER') return Boolean((await CIVIL_SERVANT_NOW.run<{ civil: boolean }>(em, [r.personId]))[0]?.civil);
  return false;
}

interface Settled {
  refId: string;
  stage: string | null;
  level: Level | null;
}

/** The current ratings of some subjects of a kind in a cycle; subjects without one come back with stage null. */
async function ratingsOf(em: EntityManager, cycleId: string, kind: string, refIds: string[]): Promise<Settled[]> {
  if (refIds.length === 0) return [];
  return em.query<Settled[]>(
    `SELECT x.ref::text AS "refId", r.stage, r.decided_level AS level FROM unnest($3::bigint[]) AS x(ref)
       LEFT JOIN rating r ON r.cycle_id = $1 AND r.subject_kind = $2 AND r.subject_ref_id = x.ref AND r.annulled_at IS NULL`,
    [cycleId, kind, refIds],
  );
}

/** A leader's post with what the standards read about it: its collective, the organization at its unit, the unit's professional rating. */
interface LeaderPost {
  category: string;
  role: string;
  collective: string | null;
  civilServant: boolean;
  collectiveCode: string | null;
  org: string | null;
  headsOrg: string | null;
  professionalLevel: Level | null;
  /** The holder's own rating as a party member in the cycle, where one is open. */
  memberCode: string | null;
  memberStage: string | null;
}

const isSettled = (s: Pick<Settled, 'stage'>) => s.stage !== null && (SETTLED_STAGES as readonly string[]).includes(s.stage);
const levelsOf = (list: Settled[]) => list.filter((s) => s.level).map((s) => s.level as Level);

/**
 * What the standards read beyond the subject's own recorded facts — the levels of its members,
 * subordinate organizations, same-level bodies, its unit — and the order prerequisites (DOMAIN §10).
 */
export async function derivedFacts(
  em: EntityManager,
  r: RatingRow,
  pack: RulePack,
): Promise<{ facts: CeilingFacts; prerequisites: Prerequisite[] }> {
  const facts: CeilingFacts = { ...(r.facts as object), kind: r.subjectKind as CeilingFacts['kind'] };
  const prerequisites: Prerequisite[] = [];
  // Read only where a locality binds the whole to its parts (366-QĐ/TW Art. 15): one statement fewer everywhere else.
  if (pack.periods.partNotCompleteBarsExcellent) facts.parts = await PARTS_OF.run(em, [r.cycleId, r.subjectKind, r.subjectRefId]);

  if (r.subjectKind === 'LEADER') {
    const [post] = await em.query<LeaderPost[]>(
      `SELECT po.category, po.role, po.collective_id::text AS collective, po.civil_servant AS "civilServant", c.code AS "collectiveCode",
              (SELECT b.id::text FROM body b WHERE b.unit_id = po.unit_id AND b.kind = 'PARTY_ORGANIZATION' LIMIT 1) AS org,
              (SELECT b.code FROM body b WHERE b.id = po.body_id AND b.kind = 'PARTY_ORGANIZATION') AS "headsOrg",
              (SELECT pr.level FROM professional_rating pr WHERE pr.cycle_id = $2 AND pr.unit_id = po.unit_id
                  AND pr.collective_id IS NOT DISTINCT FROM po.collective_id) AS "professionalLevel",
              m.subject_code AS "memberCode", m.stage AS "memberStage"
         FROM post po LEFT JOIN LATERAL (SELECT subject_code, stage FROM rating WHERE cycle_id = $2 AND subject_kind = 'PARTY_MEMBER'
                                            AND person_id = po.person_id AND annulled_at IS NULL LIMIT 1) m ON true LEFT JOIN collective c ON c.id = po.collective_id WHERE po.id = $1`,
      [r.subjectRefId, r.cycleId],
    );
    // A quarter rates individuals only: no collective or organization to wait for or to be capped by.
    const collectives = collectivesRated(pack);
    const [collective] = post.collective && collectives ? await ratingsOf(em, r.cycleId, 'LEADERSHIP_COLLECTIVE', [post.collective]) : [];
    const [org] = post.org && collectives ? await ratingsOf(em, r.cycleId, 'PARTY_ORGANIZATION', [post.org]) : [];
    if (collective)
      prerequisites.push({
        kind: 'LEADERSHIP_COLLECTIVE_OF_LEADER',
        subject: post.collectiveCode ?? 'the leadership collective',
        decided: isSettled(collective),
      });
    // 003 §II.4.4: rated as a member at the branch (on the branch's tasks) first, then at the collective.
    if (post.memberStage)
      prerequisites.push({
        kind: 'MEMBER_AT_BRANCH',
        subject: post.memberCode ?? 'the rating as a party member',
        decided: isSettled({ stage: post.memberStage }),
      });
    // Head and secretary clauses apply only to those posts, whatever facts were recorded.
    delete facts.head;
    delete facts.secretary;
    if (post.role === 'HEAD' && collectives) {
      // 004 §II.7.15: capped by every collective, organization or unit headed — a secretary by the party
      // organization as well as by its standing or branch committee; any other head by the collective, else the organization.
      const headed = [collective, post.headsOrg || !collective ? org : undefined].filter((x): x is Settled => Boolean(x));
      if (org && (post.headsOrg || !collective))
        prerequisites.push({ kind: 'UNIT_OF_HEAD', subject: post.headsOrg ?? 'the party organization led', decided: isSettled(org) });
      const decided = headed.map((u) => u.level).filter((l): l is Level => Boolean(l));
      facts.head = { ...(r.facts.head ?? {}), unitLevel: decided.length ? lowest(decided) : null };
      // The unit's professional rating, recorded for the unit (null: not yet); a party secretary answers to the secretary clause instead.
      if (!post.headsOrg) facts.head.unitProfessionalLevel = post.professionalLevel ?? null;
    }
    if (SECRETARY_CATEGORIES.includes(post.category) && org) facts.secretary = { ...(r.facts.secretary ?? {}), partyOrgLevel: org.level };
    if (post.civilServant)
      prerequisites.push({ kind: 'CIVIL_SERVICE_RATING', subject: 'the civil-service rating', decided: civilServiceKnown(facts, pack) });
  }

  if (r.subjectKind === 'PARTY_MEMBER') {
    const [{ civil, movedFrom, months }] = await runRead<{ civil: boolean; movedFrom: string | null; months: number | null }>(
      em,
      memberFactsRead(r),
    );
    // A member a reorganization moved in the cycle is rated with the previous organization's comments (004 §II.7.13), unless recorded.
    if (movedFrom && !facts.previousOrganization) facts.previousOrganization = { name: movedFrom, months: months ?? 0, comment: null };
    if (civil)
      prerequisites.push({ kind: 'CIVIL_SERVICE_RATING', subject: 'the civil-service rating', decided: civilServiceKnown(facts, pack) });
  }

  // 004 §II.7.3: the collectives of the units directly below, rated in the cycle, before this one (each waits for its own below).
  if (r.subjectKind === 'LEADERSHIP_COLLECTIVE' && collectivesRated(pack)) {
    const [lower] = await LOWER_COLLECTIVES.run<{ pending: number; n: number }>(em, [r.cycleId, r.subjectRefId, SETTLED_STAGES]);
    if (lower.n)
      prerequisites.push({
        kind: 'LOWER_COLLECTIVES',
        subject: `${lower.pending} of ${lower.n} collectives of the units below`,
        decided: lower.pending === 0,
      });
  }

  if (r.subjectKind === 'PARTY_ORGANIZATION') {
    // A committee counts its subordinate organizations; a branch — or a grassroots branch, which has none — its members (004 §II.5.1.1 a).
    const organizations = (
      await em.query<{ id: string }[]>(
        `SELECT b.id::text AS id FROM body b JOIN unit u ON u.id = b.unit_id WHERE u.parent_id = $1 AND b.kind = 'PARTY_ORGANIZATION'`,
        [r.unitId],
      )
    ).map((x) => x.id);
    const subordinates = organizations.length
      ? await ratingsOf(em, r.cycleId, 'PARTY_ORGANIZATION', organizations)
      : await ratingsOf(
          em,
          r.cycleId,
          'PARTY_MEMBER',
          (await em.query<{ id: string }[]>(`SELECT id::text AS id FROM membership WHERE branch_id = $1`, [r.unitId])).map((x) => x.id),
        );
    const bodies = await ratingsOf(
      em,
      r.cycleId,
      'LEADERSHIP_COLLECTIVE',
      (
        await em.query<{ id: string }[]>(`SELECT id::text AS id FROM collective WHERE unit_id = $1 AND kind = ANY($2)`, [
          r.unitId,
          [...SAME_LEVEL_COLLECTIVES],
        ])
      ).map((x) => x.id),
    );
    const pending = subordinates.filter((s) => !isSettled(s)).length;
    prerequisites.push({
      kind: 'MEMBERS_AND_SUBORDINATES',
      subject: `${pending} of ${subordinates.length} members or subordinate organizations`,
      decided: pending === 0,
    });
    const pendingBodies = bodies.filter((s) => !isSettled(s)).length;
    if (bodies.length)
      prerequisites.push({
        kind: 'SAME_LEVEL_BODIES',
        subject: `${pendingBodies} of ${bodies.length} same-level bodies`,
        decided: pendingBodies === 0,
      });
    facts.subordinates = countLevels(levelsOf(subordinates));
    if (bodies.length) facts.sameLevelBodies = levelsOf(bodies);
  }
  return { facts, prerequisites };
}
