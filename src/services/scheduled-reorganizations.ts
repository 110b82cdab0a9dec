import { DataSource, EntityManager } from 'typeorm';
import { forgetKept } from '../db/kept-across-requests';
import { ReorganizationRecord } from '../dataset/format';
import { appendAudit } from './audit-log';
import { Refusal, UserErrorShape } from './refusal';
import { ReorganizationDecision } from './reorganization';
import { Reorganized, applyRecord } from './reorganization-record';

/* Reorganizations decided ahead of the day they take effect: kept, then applied on the day (004 §II.7.11). */

export interface Scheduled {
  id: string;
  operation: string;
  effectiveOn: string;
  decisionRef: string | null;
}

/**
 * Keeps an operation dated after today, to be applied on its day. It is rehearsed now, as if its day had come, on
 * today's tree and rolled back: every problem found then is listed and nothing is kept. On the day it is applied
 * by the same rules again (what the units hold may have changed since).
 */
export async function scheduleReorganization(em: EntityManager, x: ReorganizationRecord, recordedBy: string | null): Promise<Scheduled> {
  const problems = await refusalIn(
    em,
    () => applyRecord(em, x, { effectiveOn: x.effectiveOn, decisionRef: x.decisionRef, today: x.effectiveOn, recordedBy }),
    { keep: false },
  );
  if (problems) throw new Refusal(problems);
  const [row] = await em.query<Scheduled[]>(
    `INSERT INTO scheduled_reorganization (operation, record, effective_on, decision_ref, recorded_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING id::text AS id, operation, effective_on::text AS "effectiveOn", decision_ref AS "decisionRef"`,
    [x.operation, JSON.stringify(x), x.effectiveOn, x.decisionRef.trim(), recordedBy],
  );
  await appendAudit(em, {
    actorPersonId: recordedBy,
    actingForBodyId: null,
    delegationId: null,
    action: 'scheduleReorganization',
    entity: 'scheduled_reorganization',
    entityId: row.id,
    before: null,
    after: { ...x },
  });
  return row;
}

/**
 * An operation as asked (by the API or a file): applied now when its day has come, otherwise kept for that day.
 * One way for both, so that a file's record and a mutation dated alike are treated alike.
 */
export async function recordReorganization(
  em: EntityManager,
  x: ReorganizationRecord,
  r: ReorganizationDecision,
): Promise<{ scheduled: Scheduled; done: null } | { scheduled: null; done: Reorganized }> {
  return x.effectiveOn > r.today
    ? { scheduled: await scheduleReorganization(em, x, r.recordedBy), done: null }
    : { scheduled: null, done: await applyRecord(em, x, r) };
}

/**
 * Runs `run` in a savepoint: a refusal is rolled back to it and answered as its problems (null when none); what
 * succeeded stays with `keep`, and is rolled back too without (a rehearsal).
 */
async function refusalIn(em: EntityManager, run: () => Promise<unknown>, { keep }: { keep: boolean }): Promise<UserErrorShape[] | null> {
  await em.query(`SAVEPOINT operation`);
  try {
    await run();
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    await em.query(`ROLLBACK TO SAVEPOINT operation`);
    return e.userErrors;
  }
  if (!keep) await em.query(`ROLLBACK TO SAVEPOINT operation`);
  return null;
}

interface Due {
  id: string;
  record: ReorganizationRecord;
  recordedBy: string | null;
}

const NEXT_DUE = `SELECT id::text AS id, record, recorded_by::text AS "recordedBy" FROM scheduled_reorganization
                   WHERE applied_at IS NULL AND effective_on <= $1::date ORDER BY effective_on, id
                   LIMIT 1 FOR UPDATE SKIP LOCKED`;

/**
 * Applies the operations due by `today`, oldest first, each in its own transaction, and marks each applied or refused
 * (with the problems it met on its day). Replicas may run this at once: each takes the next row no other holds.
 * Returns how many it applied and refused.
 */
export async function applyDueReorganizations(db: DataSource, today: string): Promise<{ applied: number; refused: number }> {
  const done = { applied: 0, refused: 0 };
  for (;;) {
    const outcome: { problems: unknown } | null = await db.transaction(async (em) => {
      const [due] = await em.query<Due[]>(NEXT_DUE, [today]);
      if (!due) return null;
      const r = { effectiveOn: due.record.effectiveOn, decisionRef: due.record.decisionRef, today, recordedBy: due.recordedBy };
      // A refused operation is undone; its refusal is kept with it, for the administrators to see.
      const problems = await refusalIn(em, () => applyRecord(em, due.record, r), { keep: true });
      await em.query(`UPDATE scheduled_reorganization SET applied_at = now(), problems = $2 WHERE id = $1`, [
        due.id,
        problems ? JSON.stringify(problems) : null,
      ]);
      return { problems };
    });
    if (!outcome) break;
    if (outcome.problems) done.refused++;
    else done.applied++;
  }
  // This replica reads the new tree at once; the others when they hear of it (migration 0025).
  if (done.applied) forgetKept();
  return done;
}

/**
 * The operations scheduled ahead, latest day first: the pending ones, or also those applied or refused, effective
 * within the days given (either bound may be open); at most `limit` rows.
 */
export function scheduledReorganizations(
  em: EntityManager,
  f: { pendingOnly: boolean; from: string | null; to: string | null },
  limit: number,
) {
  return em.query<(Scheduled & { record: ReorganizationRecord; appliedAt: Date | null; problems: unknown })[]>(
    `SELECT id::text AS id, operation, record, effective_on::text AS "effectiveOn", decision_ref AS "decisionRef", applied_at AS "appliedAt", problems
       FROM scheduled_reorganization
      WHERE (NOT $1 OR applied_at IS NULL) AND ($2::date IS NULL OR effective_on >= $2::date) AND ($3::date IS NULL OR effective_on <= $3::date)
      ORDER BY effective_on DESC, id DESC LIMIT $4`,
    [f.pendingOnly, f.from, f.to, limit],
  );
}
