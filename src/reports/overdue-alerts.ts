import { Field, Int, ObjectType } from 'type-graphql';
import { requirePolicy } from '../context';
import type { Ctx } from '../context';
import { SqlParams } from '../db/sql-params';
import { StageEnum, SubjectKindEnum } from '../schema/enums';
import { notSettledSql, ratingDeadlineSql } from './deadline-sql';
import { currentRatingJoin } from './current-rating';

/** A subject past its rating deadline, as the alert query reads it. */
interface OverdueRow {
  kind: string;
  code: string;
  label: string;
  tier: string;
  dueOn: string;
  daysLate: number;
  stage: string | null;
  source: string;
}

@ObjectType('OverdueAlert', { description: 'A subject you may read whose rating was not decided by its deadline.' })
export class OverdueAlertType {
  key: string;
  @Field(() => SubjectKindEnum) subjectKind: string;
  @Field() subjectCode: string;
  @Field() label: string;
  @Field() tier: string;
  @Field() dueOn: string;
  @Field(() => Int) daysLate: number;
  @Field(() => StageEnum, { nullable: true, description: 'Null: no rating opened yet.' }) stage: string | null;
  @Field() source: string;
}

/** At most this many overdue subjects are read per check: a live screen shows what became overdue, the `overdue` query pages the rest. */
const MOST = 500;

/** The subjects the caller may read that are past their deadline on `today` and not settled, most late first (the `overdue` query's condition). */
export async function overdueSubjects(ctx: Ctx, cycle: string, today: string): Promise<OverdueAlertType[]> {
  const subjects = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
  const p = new SqlParams();
  const c = p.add(subjects.cycleId);
  const rows = await ctx.session.em.query<OverdueRow[]>(
    `SELECT a.kind, a.code, a.label, d.tier, d.due_on::text AS "dueOn", (${p.add(today)}::date - d.due_on) AS "daysLate", r.stage, d.source
       FROM rating_subject a JOIN unit u ON u.id = a.unit_id JOIN LATERAL ${ratingDeadlineSql(c, 'u')} d ON TRUE
       ${currentRatingJoin(c)}
      WHERE ${subjects.where('read', p, 'a')} AND ${notSettledSql('r')} AND d.due_on < ${p.add(today)}::date
      ORDER BY d.due_on, a.kind, a.code LIMIT ${MOST}`,
    p.values,
  );
  return rows.map((x) =>
    Object.assign(new OverdueAlertType(), {
      key: `${x.kind}:${x.code}:${x.dueOn}`,
      subjectKind: x.kind,
      subjectCode: x.code,
      label: x.label,
      tier: x.tier,
      dueOn: x.dueOn,
      daysLate: Number(x.daysLate),
      stage: x.stage,
      source: x.source,
    }),
  );
}
