import { EntityManager } from 'typeorm';
import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { PreparedStatement, runShaped } from '../db/prepared-statement';
import { StageCount, talliedCount } from '../reports/stage-counts';
import { SqlParams, underPrefix } from '../db/sql-params';
import { actsFor, bodiesOf } from '../policies/ability';
import { suggestingBodiesOf } from '../policies/managing-bodies';
import { CYCLE_WITH_ROWS, CycleAbility, CycleWithRows } from '../policies/request-policy';
import { ReadScope, readScopeOf, spansProvinces } from '../policies/read-scope';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { Selection, nodeSelection, propertiesRead } from '../schema/selection';
import { RATING_ORDER, ratingOrderWalked } from './rated-subject-parts';
import {
  CONSULTATION_COLUMNS,
  ConsultationType,
  RATING_FIELD_READS,
  RATING_PROPERTIES,
  RatingType,
  ReviewSuggestionType,
  SUGGESTION_COLUMNS,
  toRatingType,
} from '../schema/rating-types';
import { Missing } from '../services/refusal';
import { RATING_COLUMNS, RatingRow } from '../services/subject-facts';

/*
 * Ratings and the rows that hang from them (consultations, suggestions), read by id or listed, each through
 * the caller's ability in the rating's cycle: what the caller may not read answers as what does not exist.
 */

const CYCLE_OF_RATING = new PreparedStatement(
  `SELECT ${CYCLE_WITH_ROWS('c', '$2')} FROM rating r JOIN cycle c ON c.id = r.cycle_id WHERE r.id = $1`,
);
const CURRENT_RATING_FOR_UPDATE = new PreparedStatement(
  `SELECT ${RATING_COLUMNS('x')}, c.code AS "cycleCode" FROM rating x JOIN cycle c ON c.id = x.cycle_id
    WHERE x.id = $1 AND x.annulled_at IS NULL FOR UPDATE OF x`,
);
/** The rows a workflow step may start from other than a rating, and the rating each belongs to. */
export type StartingRow = Exclude<Missing, 'rating' | 'subject'>;
const RATING_OF: Record<StartingRow, PreparedStatement> = {
  consultation: new PreparedStatement(`SELECT rating_id::text AS id FROM consultation WHERE id = $1`),
  suggestion: new PreparedStatement(`SELECT rating_id::text AS id FROM review_suggestion WHERE id = $1`),
  complaint: new PreparedStatement(`SELECT rating_id::text AS id FROM complaint WHERE id = $1`),
};
/** The annulled result a rating replaced: the same subject in the same cycle as the rating the caller already reads. */
const REPLACED_RATING = new PreparedStatement(
  `SELECT ${RATING_COLUMNS('x')} FROM rating x WHERE x.id = $1 AND x.cycle_id = $2 AND x.subject_kind = $3 AND x.subject_ref_id = $4`,
);
const RATINGS_IN_PARTS = new PreparedStatement(
  `SELECT r.id::text AS id FROM cycle c JOIN rating r ON r.cycle_id = c.id AND r.subject_kind = $2 AND r.subject_ref_id = $3 AND r.annulled_at IS NULL
    WHERE c.part_of_id = $1 ORDER BY c.starts_on, c.code`,
);

/** The cycle of a rating with the matrix rows naming the caller's bodies (one statement), to build the caller's ability there. */
export async function cycleOfRating(ctx: Ctx, ratingId: string): Promise<CycleWithRows | null> {
  const [cycle] = await CYCLE_OF_RATING.run<CycleWithRows>(ctx.session.em, [ratingId, bodiesOf(requirePolicy(ctx).viewer)]);
  return cycle ?? null;
}

/** The current rating, locked for the step about to change it, with its cycle's code (the caller's ability is checked on it next). */
export async function lockCurrentRating(em: EntityManager, ratingId: string): Promise<(RatingRow & { cycleCode: string }) | null> {
  const [row] = await CURRENT_RATING_FOR_UPDATE.run<RatingRow & { cycleCode: string }>(em, [ratingId]);
  return row ?? null;
}

/** The rating a consultation, a suggestion or a complaint belongs to (its id only: the step reads it under the caller's ability). */
export async function ratingIdOf(em: EntityManager, what: StartingRow, dbId: string): Promise<string | null> {
  const [row] = await RATING_OF[what].run<{ id: string }>(em, [dbId]);
  return row?.id ?? null;
}

/**
 * A rating by id as the caller may read it: the caller's ability in the rating's cycle allows
 * reading its subject, as the `ratings` list asks; otherwise null, as for an id that does not exist.
 */
export async function readableRating(ctx: Ctx, dbId: string): Promise<RatingType | null> {
  const cycle = await cycleOfRating(ctx, dbId);
  if (!cycle) return null;
  const subjects = await requirePolicy(ctx).cycleRead(cycle);
  const p = new SqlParams();
  const [row] = await runShaped<RatingRow>(
    ctx.session.em,
    `SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.id = ${p.add(dbId)} AND ${subjects.allowedOnRated('read', p, 'r')}`,
    p.values,
  );
  return row ? toRatingType(row) : null;
}

export interface RatingFilter {
  stages?: string[] | null;
  reRated?: boolean | null;
  withinPath?: string | null;
}

/**
 * The current ratings of a cycle whose subjects the caller may read, by subject. Each rating's subject is looked up
 * by its key in the view of its kind (`allowedOnRated`): joined to the union of subjects, which PostgreSQL cannot
 * read by key, a small database's 48 ratings each read every subject (74 ms) and a province secretary's page read
 * the province's subjects whole (0.7–0.8 s).
 */
export function ratingsPage(
  em: EntityManager,
  subjects: CycleAbility,
  args: PageArgs,
  f: RatingFilter,
  selection: Selection,
): Promise<ConnectionShape<RatingType>> {
  const p = new SqlParams();
  const scope = readScopeOf(subjects.viewer);
  const where = [`r.cycle_id = ${p.add(subjects.cycleId)}`, 'r.annulled_at IS NULL', subjects.allowedOnRated('read', p, 'r', f.withinPath)];
  if (f.stages?.length) where.push(`r.stage = ANY(${p.add(f.stages)})`);
  if (f.reRated != null) where.push(`r.replaces_id IS ${f.reRated ? 'NOT ' : ''}NULL`);
  if (f.withinPath) where.push(underPrefix('r.unit_path', p, f.withinPath));
  const walk = walksInOrder(scope, f);
  if (walk) where.push(ratingOrderWalked(scope, f.withinPath ?? null, p));
  // The tally's groups of subjects rated, at the stages asked for (all by default).
  const rated = (c: StageCount) => c.stage !== 'NOT_STARTED' && (!f.stages?.length || f.stages.includes(c.stage));
  return keysetPage(em, args, {
    // The columns the request's fields read (a commune's page of 50: 1.5–1.7 ms whole, ~1.0 ms with four fields).
    select: `${RATING_COLUMNS('r', propertiesRead(nodeSelection(selection), RATING_PROPERTIES, RATING_FIELD_READS))}, r.id AS "dbId"`,
    from: 'rating r',
    where,
    params: p,
    sortKey: RATING_ORDER,
    idKey: 'r.id',
    joinAfter: { alias: 'k', keep: 'r.id', join: 'JOIN rating r ON r.id = k.id' },
    map: (row) => toRatingType(row as unknown as RatingRow),
    walkInOrder: walk,
    // A subject's current rating is its stage in the subject tally: the groups in scope are summed, not the ratings
    // counted (the country's 4.4 million took 6.8 s). Whether a rating replaced another is not in the tally.
    ...(f.reRated == null ? { count: () => talliedCount(em, subjects, 'read', f.withinPath ?? null, rated) } : {}),
  });
}

/**
 * Whether the page walks rating_page_order_idx (migration 0044), or one province's order (rating_province_order_idx,
 * migration 0062), rather than sorting: where the ratings shown are dense in that order. The whole country's ratings, at
 * any stage (a rare stage reads every rating either way: 3 s); a province's or more at every stage (at a rare one, a
 * province secretary's walk through the country took 2.0 s where the sort of the province's took 0.1). Never for the
 * few that replaced another, nor within a smaller unit.
 */
function walksInOrder(scope: ReadScope, f: RatingFilter): boolean {
  if (f.reRated === true || !spansProvinces(scope, f.withinPath ?? null)) return false;
  return !f.stages?.length || (scope.all && !f.withinPath);
}

/** The annulled result a rating the caller reads replaced (same subject, same cycle). */
export async function replacedRating(em: EntityManager, r: RatingType): Promise<RatingType | null> {
  if (!r.replacesId) return null;
  const [row] = await REPLACED_RATING.run<RatingRow>(em, [r.replacesId, r.cycleId, r.subjectKind, r.subjectRefId]);
  return row ? toRatingType(row) : null;
}

/** The subject's ratings in the cycles that are parts of this one (quarters, a term's years), each as the caller may read it there. */
export async function ratingsOfParts(ctx: Ctx, r: RatingType): Promise<RatingType[]> {
  const rows = await RATINGS_IN_PARTS.run<{ id: string }>(ctx.session.em, [r.cycleId, r.subjectKind, r.subjectRefId]);
  // Each part is a cycle of its own, with its own matrix: read through the caller's ability there.
  const readable = await Promise.all(rows.map((x) => readableRating(ctx, x.id)));
  return readable.filter((x): x is RatingType => x !== null);
}

const CONSULTATION_BY_ID = new PreparedStatement(`SELECT ${CONSULTATION_COLUMNS} FROM consultation WHERE id = $1`);
const SUGGESTION_BY_ID = new PreparedStatement(`SELECT ${SUGGESTION_COLUMNS} FROM review_suggestion WHERE id = $1`);

/** A consultation by id, through the rating it belongs to: null where the caller may not read that rating. */
export async function readableConsultation(ctx: Ctx, dbId: string): Promise<ConsultationType | null> {
  const [row] = await CONSULTATION_BY_ID.run<{ ratingId: string }>(ctx.session.em, [dbId]);
  return row && (await readableRating(ctx, row.ratingId)) ? Object.assign(new ConsultationType(), row) : null;
}

/** A rating's suggestions as the caller may see them: issued ones, and drafts for those who act for the drafting or a managing body. */
export async function visibleSuggestions(ctx: Ctx, r: RatingType, rows: object[]): Promise<ReviewSuggestionType[]> {
  const all = rows.map((x) => Object.assign(new ReviewSuggestionType(), x));
  if (all.every((x) => x.issuedAt)) return all;
  const viewer = requirePolicy(ctx).viewer;
  const { managing } = await suggestingBodiesOf(ctx.session.em, r.cycleId, r.subjectKind, r.subjectRefId);
  const manages = managing.some((b) => actsFor(viewer, b.id));
  return all.filter((x) => x.issuedAt || manages || (x.draftedByBodyId && actsFor(viewer, x.draftedByBodyId)));
}

/** A suggestion by id, through its rating, a draft only for those who may see it. */
export async function readableSuggestion(ctx: Ctx, dbId: string): Promise<ReviewSuggestionType | null> {
  const [row] = await SUGGESTION_BY_ID.run<object & { ratingId: string }>(ctx.session.em, [dbId]);
  const rating = row ? await readableRating(ctx, row.ratingId) : null;
  return rating ? ((await visibleSuggestions(ctx, rating, [row]))[0] ?? null) : null;
}
