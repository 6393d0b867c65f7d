import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
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
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  description!: string;

  @Field(() => InteractionStatus)
  status!: InteractionStatus;

  @Field(() => String, { nullable: true })
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  resolutionNote?: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO)
  updatedAt!: Date;
}

export const InteractionConnection = ConnectionType('Interaction', InteractionType);
