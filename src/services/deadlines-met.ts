import { EntityManager } from 'typeorm';
import { selectList } from '../db/columns';
import { DeadlineMet } from '../entities';
import { actsFor } from '../policies/ability';
import { isAdmin } from '../policies/viewer';
import { tierSql } from '../reports/deadline-sql';
import { meaningOfTask } from '../rules/deadlines';
import { appendAudit } from './audit-log';
import { refuse } from './refusal';
import type { Actor } from './workflow/core';

export type DeadlineMetRow = Omit<DeadlineMet, 'recordedBy'> & { dueOn: string; source: string; tier: string };

export interface DeadlineMetInput {
  unit: { id: string; code: string };
  task: string;
  metOn: string;
  decisionRef: string | null;
}

/**
 * A unit records that it met one of its deadlines (sent its dossiers, reported upward: a unit's task in
 * src/rules/deadlines.ts), on a day, under a reference. Recorded by whoever acts for a body of that unit, or
 * an administrator; once per cycle, unit and task (a later record corrects the day). The ratings meet the
 * subjects' deadlines themselves: those are not recorded.
 */
export async function recordDeadlineMet(em: EntityManager, actor: Actor, input: DeadlineMetInput): Promise<DeadlineMetRow> {
  const [unit] = await em.query<{ tier: string; bodies: string[] }[]>(
    `SELECT ${tierSql('u')} AS tier, ARRAY(SELECT b.id::text FROM body b WHERE b.unit_id = u.id) AS bodies FROM unit u WHERE u.id = $1`,
    [input.unit.id],
  );
  if (!isAdmin(actor.viewer) && !unit.bodies.some((b) => actsFor(actor.viewer, b)))
    refuse('NOT_AUTHORIZED', `a deadline of ${input.unit.code} is recorded by those who act for one of its bodies`, ['input', 'unit']);
  const [deadline] = await em.query<{ dueOn: string; source: string }[]>(
    `SELECT due_on::text AS "dueOn", source FROM cycle_deadline WHERE cycle_id = $1 AND task = $2 AND tier = $3`,
    [actor.cycleId, input.task, unit.tier],
  );
  if (!deadline || meaningOfTask(input.task).kind !== 'UNIT')
    refuse(
      'DEADLINE_UNKNOWN',
      deadline
        ? `${input.task} is met by the ratings themselves, not recorded`
        : `the cycle sets no ${input.task} deadline for the ${unit.tier} tier of ${input.unit.code}`,
      ['input', 'task'],
      { task: input.task, unit: input.unit.code, tier: unit.tier },
    );
  const [row] = await em.query<Omit<DeadlineMet, 'recordedBy'>[]>(
    `INSERT INTO deadline_met AS m (cycle_id, unit_id, task, met_on, decision_ref, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ON CONSTRAINT deadline_met_key DO UPDATE SET met_on = EXCLUDED.met_on, decision_ref = EXCLUDED.decision_ref,
       recorded_by = EXCLUDED.recorded_by, recorded_at = now()
     RETURNING ${selectList(DeadlineMet, 'm', { omit: ['recordedBy'] })}`,
    [actor.cycleId, input.unit.id, input.task, input.metOn, input.decisionRef, actor.viewer.personId],
  );
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: null,
    delegationId: null,
    action: 'recordDeadlineMet',
    entity: 'deadline_met',
    entityId: row.id,
    before: null,
    after: { task: row.task, unit: input.unit.code, metOn: row.metOn, decisionRef: row.decisionRef },
  });
  return { ...row, dueOn: deadline.dueOn, source: deadline.source, tier: unit.tier };
}
