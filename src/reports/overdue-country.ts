import { EntityManager } from 'typeorm';
import { SqlParams } from '../db/sql-params';
import { SUBJECT_KINDS, subjectViewOf } from '../model/kinds';
import { CycleAbility } from '../policies/request-policy';
import { SUBJECT_TASKS } from '../rules/deadlines';
import { kindPart } from '../data/subjects';
import { ConnectionShape, PageArgs, mergedKeysetPage } from '../schema/pagination';
import { currentRatingJoin } from './current-rating';
import { dueByUnitKindSql, notSettledSql, subjectTaskMetSql } from './deadline-sql';
import type { OverdueFilter } from './late-subjects';

/** One deadline of the cycle and the kinds of unit whose subjects it binds (`dueByUnitKindSql`). */
interface Deadline {
  dueOn: string;
  task: string;
  tier: string;
  source: string;
  unitKinds: string[];
}

type Part = { d: Deadline; kind: string };

/** Tasks whose milestone a subject cannot meet unsettled: a part with no unsettled subject in the tally has nothing late. */
const GATED_BY_THE_TALLY = new Set(['SETTLED', 'REVIEWED']);

/** Whether the country's overdue page can walk its parts: every task asked is met by a settled rating or before (not an opinion). */
export const walksTheCountry = (tasks: string[]) => tasks.every((t) => GATED_BY_THE_TALLY.has(SUBJECT_TASKS[t]));

/**
 * The overdue page of a caller who reads the whole country, most late first: its order — deadline, task, kind, code —
 * is, for each deadline, the subjects' order (SUBJECT_ORDER), so each deadline and kind is a part walked in its order
 * (the members by migration 0050's index) to the page, then merged. Sorting the country's late subjects took the
 * administrator 10–15 s (past the statement timeout). A part that the subject tally shows has no unsettled subject is
 * left out before it is walked; a part with few left is walked to them (as long as the sort it replaces).
 */
export async function countryOverduePage<R>(
  em: EntityManager,
  ability: CycleAbility,
  args: PageArgs,
  f: OverdueFilter,
  map: (row: Record<string, unknown>) => R,
): Promise<ConnectionShape<R>> {
  const dp = new SqlParams();
  const deadlines = await em.query<Deadline[]>(
    `SELECT due.due_on::text AS "dueOn", due.task, due.tier, due.source, array_agg(due.kind ORDER BY due.kind) AS "unitKinds"
       FROM (${dueByUnitKindSql(dp, dp.add(ability.cycleId), f.tasks)}) due
      WHERE due.due_on <= ${dp.add(f.asOf)}::date + ${dp.add(f.dueWithinDays)}::int GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
    dp.values,
  );
  const kinds = SUBJECT_KINDS.filter((k) => !f.kinds?.length || f.kinds.includes(k));
  const parts = deadlines.flatMap((d) => kinds.map((kind) => ({ d, kind })));
  // The part's subjects not settled, in the tally's groups (`c`: the cycle's parameter): where there are none, nothing
  // of the part is late.
  const unsettled = (q: SqlParams, c: string, { d, kind }: Part) => `SELECT t.n FROM subject_tally t JOIN unit tu ON tu.path = t.unit_path
      WHERE t.cycle_id = ${c} AND t.kind = ${q.add(kind)} AND tu.kind = ANY(${q.add(d.unitKinds)}::text[]) AND ${notSettledSql('t')}`;
  const late = (q: SqlParams, c: string, { d, kind }: Part) => ({
    from: `${subjectViewOf(kind)} a JOIN unit u ON u.id = a.unit_id ${currentRatingJoin(c)}`,
    where: [
      ability.where('read', q, 'a'),
      `u.kind = ANY(${q.add(d.unitKinds)}::text[])`,
      `NOT ${subjectTaskMetSql(`${q.add(d.task)}::text`, 'r')}`,
    ],
  });
  const p = new SqlParams();
  const c = p.add(ability.cycleId);
  const merged = parts.map((part) => {
    const { from, where } = late(p, c, part);
    const due = p.add(part.d.dueOn);
    return {
      from,
      where: [...where, `EXISTS (${unsettled(p, c, part)})`],
      ...kindPart(part.kind, 'a', `${part.d.dueOn} ${part.d.task} `),
      idKey: 'a.ref_id',
      columns: `a.kind, a.code, a.label, a.unit_id, a.category, a.person_id, ${p.add(part.d.task)}::text AS task,
        ${p.add(part.d.tier)}::text AS tier, ${due}::text AS "dueOn", (${p.add(f.asOf)}::date - ${due}::date) AS "daysLate", r.stage,
        ${p.add(part.d.source)}::text AS source`,
    };
  });
  // Late on a rating not settled: the tally's groups summed (as report.late counts); late on a review: the subjects counted.
  const count = async () => {
    const q = new SqlParams();
    const qc = q.add(ability.cycleId);
    const sums = parts.map((part) => {
      if (SUBJECT_TASKS[part.d.task] === 'SETTLED') return `(SELECT COALESCE(sum(x.n), 0) FROM (${unsettled(q, qc, part)}) x)`;
      const { from, where } = late(q, qc, part);
      return `(SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')})`;
    });
    return (await em.query<{ n: number }[]>(`SELECT (${sums.join(' + ') || '0'})::int AS n`, q.values))[0].n;
  };
  return mergedKeysetPage(em, args, {
    merged,
    select: `u.kind, u.id::text AS "refId", u.code, u.label, u.unit_id::text AS "unitId", u.category, u.person_id::text AS "personId",
      u.task, u.tier, u."dueOn", u."daysLate", u.stage, u.source, u.id AS "dbId"`,
    join: '',
    params: p,
    map,
    count,
    walkInOrder: true,
  });
}
