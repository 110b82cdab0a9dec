import { EntityManager } from 'typeorm';
import { SqlParams, withinPath as underPath } from '../db/sql-params';
import { ReportSubtree, andInSubtree } from './subtree';
import type { CycleAbility, ScopedCycle } from '../policies/request-policy';
import { SUBJECT_TASK_NAMES, SUBJECT_TASKS, meaningOfTask } from '../rules/deadlines';
import { deadlineSql, dueByUnitKindSql, subjectTaskMetSql, tierSql } from './deadline-sql';
import { settlementByUnitKind } from './late-subjects';
import { wholeCountry } from './stage-counts';
import { currentRatingJoin } from './current-rating';

/** One deadline of a cycle and where it stands as of a day, over what the caller may read. */
export interface DeadlineStatus {
  task: string;
  tier: string;
  dueOn: string;
  source: string;
  /** SUBJECT: each rating meets it as the workflow moves it; UNIT: a unit meets it, recorded with recordDeadlineMet. */
  kind: 'SUBJECT' | 'UNIT';
  /** The day has passed. */
  due: boolean;
  /** Subjects (or units) that met it, and that have not. */
  met: number;
  notMet: number;
  /** Not met and due. */
  late: number;
}

interface Counted {
  task: string;
  tier: string;
  met: number;
  notMet: number;
}

/**
 * Every deadline of the cycle as of `asOf`, within a subtree if given: for a subject's task, the subjects
 * the caller may read whose tier answers to it, met or not; for a unit's task, the units of its tier
 * under which the caller reads some subject, recorded as met or not. The tasks a rating meets by being settled are
 * counted from the subject tally (settledTaskCounts); the others, and only those the cycle has a deadline for, subject
 * by subject.
 */
export async function deadlineStatuses(
  em: EntityManager,
  ability: Pick<CycleAbility, 'ability' | 'cycleId' | 'where'>,
  subtree: ReportSubtree | null,
  asOf: string,
): Promise<DeadlineStatus[]> {
  const deadlines = await em.query<{ task: string; tier: string; dueOn: string; source: string }[]>(
    `SELECT task, tier, due_on::text AS "dueOn", source FROM cycle_deadline WHERE cycle_id = $1 ORDER BY due_on, tier, task`,
    [ability.cycleId],
  );
  const tasks = SUBJECT_TASK_NAMES.filter((t) => deadlines.some((d) => d.task === t));
  const settled = tasks.filter((t) => SUBJECT_TASKS[t] === 'SETTLED');
  const others = tasks.filter((t) => !settled.includes(t));
  const [bySettlement, bySubject, units] = await Promise.all([
    settledTaskCounts(em, ability, subtree, settled),
    subjectTaskCounts(em, ability, subtree, others),
    unitTaskCounts(em, ability, subtree),
  ]);
  const counted = new Map([...bySettlement, ...bySubject, ...units].map((c) => [`${c.task} ${c.tier}`, c]));
  return deadlines.map((d) => {
    const c = counted.get(`${d.task} ${d.tier}`) ?? { met: 0, notMet: 0 };
    const due = d.dueOn < asOf;
    return { ...d, kind: meaningOfTask(d.task).kind, due, met: c.met, notMet: c.notMet, late: due ? c.notMet : 0 };
  });
}

/** The subjects counted for tasks met by a settled rating, from the subject tally's groups in scope, by task and tier. */
async function settledTaskCounts(
  em: EntityManager,
  cycle: Pick<CycleAbility, 'ability' | 'cycleId'>,
  subtree: ReportSubtree | null,
  tasks: string[],
): Promise<Counted[]> {
  if (!tasks.length) return [];
  const p = new SqlParams();
  const c = p.add(cycle.cycleId);
  const read = (on: EntityManager) =>
    on.query<Counted[]>(
      `WITH due AS (${dueByUnitKindSql(p, c, tasks)})
       SELECT due.task, due.tier, COALESCE(sum(x.n) FILTER (WHERE x.visible AND x.settled), 0)::int AS met,
              COALESCE(sum(x.n) FILTER (WHERE x.visible AND NOT x.settled), 0)::int AS "notMet"
         FROM (${settlementByUnitKind(p, c, cycle.ability, subtree)}) x JOIN due ON due.kind = x.kind
        GROUP BY due.task, due.tier`,
      p.values,
    );
  return wholeCountry(em, subtree?.path ?? null, subtree?.unitsThen ?? null, read);
}

function subjectTaskCounts(em: EntityManager, ability: ScopedCycle, subtree: ReportSubtree | null, tasks: string[]): Promise<Counted[]> {
  if (!tasks.length) return Promise.resolve([]);
  const p = new SqlParams();
  const cycle = p.add(ability.cycleId);
  const within = andInSubtree('a.unit_path', p, subtree);
  return em.query<Counted[]>(
    `SELECT t.task, d.tier, count(*) FILTER (WHERE ${subjectTaskMetSql('t.task', 'r')})::int AS met,
            count(*) FILTER (WHERE NOT ${subjectTaskMetSql('t.task', 'r')})::int AS "notMet"
       FROM rating_subject a JOIN unit u ON u.id = a.unit_id CROSS JOIN unnest(${p.add(tasks)}::text[]) AS t(task)
       JOIN LATERAL ${deadlineSql(cycle, 'u', 't.task')} d ON TRUE
       ${currentRatingJoin(cycle)}
      WHERE ${ability.where('read', p, 'a')} ${within}
      GROUP BY t.task, d.tier`,
    p.values,
  );
}

function unitTaskCounts(em: EntityManager, ability: ScopedCycle, subtree: ReportSubtree | null): Promise<Counted[]> {
  const p = new SqlParams();
  const cycle = p.add(ability.cycleId);
  const within = andInSubtree('u.path', p, subtree);
  return em.query<Counted[]>(
    `SELECT d.task, d.tier, count(m.id)::int AS met, (count(*) - count(m.id))::int AS "notMet"
       FROM cycle_deadline d JOIN unit u ON ${tierSql('u')} = d.tier ${within}
       LEFT JOIN deadline_met m ON m.cycle_id = d.cycle_id AND m.unit_id = u.id AND m.task = d.task
      WHERE d.cycle_id = ${cycle} AND d.task <> ALL(${p.add(SUBJECT_TASK_NAMES)}::text[])
        AND EXISTS (SELECT 1 FROM rating_subject a WHERE ${underPath('a.unit_path', 'u.path')} AND ${ability.where('read', p, 'a')})
      GROUP BY d.task, d.tier`,
    p.values,
  );
}
