import { Field, ID, ObjectType } from 'type-graphql';
import { ComplaintStatusEnum } from './enums';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';

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
export const ComplaintConnection = Connection(ComplaintType, 'Complaint');
