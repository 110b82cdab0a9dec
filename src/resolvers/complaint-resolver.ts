import { Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { SqlParams } from '../db/sql-params';
import { bodiesOf } from '../policies/ability';
import { sql } from '../policies/request-policy';
import { ComplaintStatusEnum } from '../schema/enums';
import { toGlobalId } from '../schema/global-id';
import { Node } from '../schema/node';
import { Connection, PageArgs, keysetPage } from '../schema/pagination';
import { RatingType } from '../schema/rating-types';
import { BodyType } from '../schema/tree-types';
import { readableRating } from './workflow-step';

@ObjectType('Complaint', {
  implements: Node,
  description: 'A complaint about a result, assigned to the body that decided it (004 §II.7.8; 000 annex 3.4).',
})
export class ComplaintType implements Node {
  dbId: string;
  ratingId: string;
  assignedBodyId: string;
  newRatingId: string | null;
  @Field(() => ID) get id(): string {
    return toGlobalId('Complaint', this.dbId);
  }
  @Field() text: string;
  @Field(() => ComplaintStatusEnum) status: string;
  @Field() filedAt: Date;
  @Field(() => String, { nullable: true }) resolution: string | null;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
}
const ComplaintConnection = Connection(ComplaintType, 'Complaint');

const COMPLAINT_COLUMNS = `c.id AS "dbId", c.rating_id::text AS "ratingId", c.assigned_body_id::text AS "assignedBodyId", c.new_rating_id::text AS "newRatingId",
  c.text, c.status, c.filed_at AS "filedAt", c.resolution, c.resolved_at AS "resolvedAt"`;

@ArgsType()
class ComplaintsArgs extends PageArgs {
  @Field() cycle: string;
  @Field(() => ComplaintStatusEnum, { nullable: true }) status?: string | null;
}

@Resolver(() => ComplaintType)
export class ComplaintResolver {
  @Query(() => ComplaintConnection, {
    description:
      'Complaints of a cycle assigned to a body you act for, and — for audit staff and administrators — those in your audit scope.',
  })
  async complaints(@Args() args: ComplaintsArgs, @Context() ctx: Ctx) {
    const policy = requirePolicy(ctx);
    const { cycleId } = await policy.cycle(ctx.session.em, args.cycle);
    const p = new SqlParams();
    const where = [
      `r.cycle_id = ${p.add(cycleId)}`,
      `(c.assigned_body_id = ANY(${p.add(bodiesOf(policy.viewer))}::bigint[]) OR ${sql(policy.auditTrail(p, 'c.unit_path'))})`,
    ];
    if (args.status) where.push(`c.status = ${p.add(args.status)}`);
    return keysetPage(ctx.session.em, args, {
      select: COMPLAINT_COLUMNS,
      from: 'complaint c JOIN rating r ON r.id = c.rating_id',
      where,
      params: p,
      sortKey: `lpad(c.id::text, 20, '0') COLLATE "C"`,
      idKey: 'c.id',
      map: (row) => Object.assign(new ComplaintType(), row),
    });
  }

  @FieldResolver(() => BodyType, { description: 'The body that must resolve it.' })
  assignedTo(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(c.assignedBodyId);
  }

  @FieldResolver(() => RatingType, { nullable: true, description: 'The rating complained about, if you may read it.' })
  rating(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return readableRating(ctx, c.ratingId);
  }

  @FieldResolver(() => RatingType, { nullable: true, description: 'The result that replaced it, when the complaint changed the level.' })
  newRating(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return c.newRatingId ? readableRating(ctx, c.newRatingId) : null;
  }
}

/** A complaint by id, for `node(id:)`: only where the caller may read the rating it is about. */
export async function readableComplaint(ctx: Ctx, dbId: string): Promise<ComplaintType | null> {
  const [row] = await ctx.session.em.query<{ ratingId: string }[]>(`SELECT ${COMPLAINT_COLUMNS} FROM complaint c WHERE c.id = $1`, [dbId]);
  return row && (await readableRating(ctx, row.ratingId)) ? Object.assign(new ComplaintType(), row) : null;
}

@Resolver(() => RatingType)
export class RatingComplaintsResolver {
  @FieldResolver(() => [ComplaintType], { description: 'Complaints filed about this result, oldest first.' })
  async complaints(@Root() r: RatingType, @Context() ctx: Ctx): Promise<ComplaintType[]> {
    const rows = await ctx.session.em.query<object[]>(`SELECT ${COMPLAINT_COLUMNS} FROM complaint c WHERE c.rating_id = $1 ORDER BY c.id`, [
      r.dbId,
    ]);
    return rows.map((x) => Object.assign(new ComplaintType(), x));
  }
}
