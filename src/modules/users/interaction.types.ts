import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO } from '../../core/graphql/scalars';
import { ConnectionType } from '../../core/pagination';
import { InteractionChannel, InteractionKind, InteractionStatus } from './interaction.enums';

@ObjectType('Interaction', { description: "A customer's inquiry, complaint or suggestion." })
export class InteractionType {
  @Field(() => ID, { description: 'Stable identifier of the interaction.' })
  id!: string;

  @Field(() => InteractionKind, { description: 'Inquiry, complaint or suggestion.' })
  type!: InteractionKind;

  @Field(() => InteractionChannel, { description: 'How the customer reached Claro (phone, store, email, web, app).' })
  channel!: InteractionChannel;

  @Field({ description: 'Short subject line, e.g. `Factura duplicada`.' })
  subject!: string;

  @Field({ description: 'What the customer said or asked, as the agent wrote it. May hold personal data: back-office staff only.' })
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  description!: string;

  @Field(() => InteractionStatus, { description: 'Where handling stands: OPEN → IN_PROGRESS → RESOLVED → CLOSED.' })
  status!: InteractionStatus;

  @Field(() => String, { nullable: true, description: 'How it was handled: the note given with a status change (`updateInteractionStatus`); null until one is given.' })
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  resolutionNote?: string | null;

  @Field(() => DateTimeISO, { description: 'UTC instant the interaction was recorded.' })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: 'UTC instant of the last status change or edit.' })
  updatedAt!: Date;
}

export const InteractionConnection = ConnectionType('Interaction', InteractionType);
