import { Arg, Ctx as Context, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { breakWithinScope, ratingsAgainstTrail, tallyDifferences } from '../reports/trail-agreement';
import { AuditChainCheckType, StateDifferenceType } from '../schema/rating-types';
import { checkpointMismatch, takeCheckpoint } from '../services/audit-checkpoint';
import { verifyAuditChain } from '../services/audit-log';

@ObjectType('AuditChainHead', { description: 'Where one chain of the audit trail ended: its last event and that event’s link.' })
class AuditChainHeadType {
  @Field(() => Int) chain: number;
  @Field({ description: 'The chain’s last event ("0": none yet).' }) lastId: string;
  @Field() hash: string;
}

@InputType('AuditChainHeadInput')
class AuditChainHeadInput {
  @Field(() => Int) chain: number;
  @Field() lastId: string;
  @Field() hash: string;
}

@ObjectType('AuditCheckpoint', {
  description:
    'The heads of the audit trail’s chains now, signed (Ed25519): keep it outside the system, and pass it back to verifyAuditChain later.',
})
class AuditCheckpointType {
  @Field({ description: 'The latest event covered.' }) lastId: string;
  @Field({ description: 'Its link.' }) hash: string;
  @Field() at: string;
  @Field({ description: 'The audit key whose signing key signed it.' }) keyId: string;
  @Field(() => [AuditChainHeadType], { description: 'Every chain’s head (the signature covers them).' }) heads: AuditChainHeadType[];
  @Field() signature: string;
  @Field({ description: 'The public key to check the signature with (PEM).' }) publicKey: string;
}

@InputType('AuditCheckpointInput', { description: 'A checkpoint kept since it was taken.' })
class AuditCheckpointInput {
  @Field() lastId: string;
  @Field() hash: string;
  @Field() at: string;
  @Field() keyId: string;
  @Field(() => [AuditChainHeadInput], {
    nullable: true,
    description: 'As the checkpoint gave them; absent in a checkpoint taken while the trail was one chain.',
  })
  heads?: AuditChainHeadInput[] | null;
  @Field() signature: string;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditCheckpointType, { description: 'A signed checkpoint of the audit chain’s head (administrators and audit staff).' })
  auditCheckpoint(@Context() ctx: Ctx): Promise<AuditCheckpointType> {
    return ctx.session.bypassingScope(requirePolicy(ctx), 'auditCheckpoint', (db) => takeCheckpoint(db.manager));
  }

  @Query(() => AuditChainCheckType, {
    description:
      'Recomputes the keyed audit chain (against a checkpoint kept elsewhere, when given), replays the ratings against their trail and counts the tally (administrators and audit staff).',
  })
  async verifyAuditChain(
    @Arg('checkpoint', () => AuditCheckpointInput, { nullable: true }) checkpoint: AuditCheckpointInput | null,
    @Context() ctx: Ctx,
  ): Promise<AuditChainCheckType> {
    // The chain links every event: it is read whole, as the owner, and answers only valid or the first broken link.
    // The ratings and the tally are compared within the caller's audit scope, also as the owner (row-level security would hide rows from the counts).
    const policy = requirePolicy(ctx);
    return ctx.session.bypassingScope(policy, 'verifyAuditChain', async (db) => {
      const mismatch = checkpoint ? await checkpointMismatch(db.manager, checkpoint) : null;
      const chain = mismatch
        ? { valid: false, checked: 0, firstBrokenId: checkpoint!.lastId, reason: mismatch }
        : await breakWithinScope(db.manager, policy, await verifyAuditChain(db.manager));
      const state = await ratingsAgainstTrail(db.manager, policy, 100);
      const tally = await tallyDifferences(db.manager, policy);
      return Object.assign(new AuditChainCheckType(), {
        ...chain,
        ratingsAgree: state.total === 0,
        ratingsChecked: state.checked,
        stateDifferenceCount: state.total,
        stateDifferences: state.first.map((d) => Object.assign(new StateDifferenceType(), d)),
        tallyAgrees: tally === 0,
        tallyDifferenceCount: tally,
      });
    });
  }
}
