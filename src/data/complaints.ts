import { EntityManager } from 'typeorm';
import type { Ctx } from '../context';
import { requirePolicy } from '../context';
import { selectList } from '../db/columns';
import { SqlParams } from '../db/sql-params';
import { Complaint } from '../entities';
import { bodiesOf } from '../policies/ability';
import { sql } from '../policies/request-policy';
import { ComplaintType } from '../schema/complaint-types';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { RatingType } from '../schema/rating-types';
import { readableRating } from './ratings';
import { PreparedStatement } from '../db/prepared-statement';

/* Complaints: those assigned to a body the caller acts for or in their audit scope, or those about a rating the caller reads. */

const COMPLAINT_COLUMNS = selectList(Complaint, 'c', { as: { id: 'dbId' }, omit: ['filedBy', 'resolvedBy', 'unitPath'] });
const toComplaint = (row: object) => Object.assign(new ComplaintType(), row);

/** A cycle's complaints assigned to a body the caller acts for, or in the caller's audit scope; by filing order. */
export function complaintsPage(ctx: Ctx, cycleId: string, status: string | null, args: PageArgs): Promise<ConnectionShape<ComplaintType>> {
  const policy = requirePolicy(ctx);
  const p = new SqlParams();
  const where = [
    `r.cycle_id = ${p.add(cycleId)}`,
    `(c.assigned_body_id = ANY(${p.add(bodiesOf(policy.viewer))}::bigint[]) OR ${sql(policy.auditTrail(p, 'c.unit_path'))})`,
  ];
  if (status) where.push(`c.status = ${p.add(status)}`);
  return keysetPage(ctx.session.em, args, {
    select: COMPLAINT_COLUMNS,
    from: 'complaint c JOIN rating r ON r.id = c.rating_id',
    where,
    params: p,
    sortKey: `lpad(c.id::text, 20, '0') COLLATE "C"`,
    idKey: 'c.id',
    map: toComplaint,
  });
}

const COMPLAINT_BY_ID = new PreparedStatement(`SELECT ${COMPLAINT_COLUMNS} FROM complaint c WHERE c.id = $1`);
const COMPLAINTS_ABOUT = new PreparedStatement(`SELECT ${COMPLAINT_COLUMNS} FROM complaint c WHERE c.rating_id = $1 ORDER BY c.id`);

/** A complaint by id, for `node(id:)`: only where the caller may read the rating it is about. */
export async function readableComplaint(ctx: Ctx, dbId: string): Promise<ComplaintType | null> {
  const [row] = await COMPLAINT_BY_ID.run<{ ratingId: string }>(ctx.session.em, [dbId]);
  return row && (await readableRating(ctx, row.ratingId)) ? toComplaint(row) : null;
}

/** The complaints about a rating the caller already reads, oldest first. */
export async function complaintsAbout(em: EntityManager, r: RatingType): Promise<ComplaintType[]> {
  return (await COMPLAINTS_ABOUT.run<object>(em, [r.dbId])).map(toComplaint);
}
