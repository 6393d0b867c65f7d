import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeISO } from '../../core/graphql/scalars';
import { ConnectionType } from '../../core/pagination';
import { InteractionChannel, InteractionKind, InteractionStatus } from './interaction.enums';

@ObjectType('Interaction', { description: "A customer's inquiry, complaint or suggestion." })
export class InteractionType {
  @Field(() => ID)
  id!: string;

  @Field(() => InteractionKind)
  type!: InteractionKind;

  @Field(() => InteractionChannel)
  channel!: InteractionChannel;

  @Field()
  subject!: string;

  @Field()
  description!: string;

  @Field(() => InteractionStatus)
  status!: InteractionStatus;

  @Field(() => String, { nullable: true })
  resolutionNote?: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO)
  updatedAt!: Date;
}

export const InteractionConnection = ConnectionType('Interaction', InteractionType);
