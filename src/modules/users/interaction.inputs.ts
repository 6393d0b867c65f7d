import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateRange } from '../../core/graphql/date-range';
import { ConnectionArgs } from '../../core/pagination';
import { NotBlank } from '../../core/validation';
import { InteractionChannel, InteractionKind, InteractionStatus } from './interaction.enums';

@InputType({ description: 'A contact with a customer as an agent records it.' })
export class RecordInteractionInput {
  @Field(() => ID, { description: 'Id of the customer.' })
  customerId!: string;

  @Field(() => InteractionKind, { description: 'Inquiry, complaint or suggestion.' })
  type!: InteractionKind;

  @Field(() => InteractionChannel, { description: 'How the customer reached Claro.' })
  channel!: InteractionChannel;

  @Field({ description: 'Short subject line, e.g. `Factura duplicada`.' })
  @NotBlank(200)
  subject!: string;

  @Field({ description: 'What the customer said or asked; up to 5,000 characters.' })
  @NotBlank(5000)
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  description!: string;
}

@InputType({ description: 'Which interactions to list; conditions combine with AND.' })
export class InteractionFilter {
  @Field(() => ID, { nullable: true, description: 'Only this customer’s interactions; an unknown id matches none.' })
  customerId?: string | null;

  @Field(() => InteractionKind, { nullable: true, description: 'Only interactions of this type.' })
  type?: InteractionKind | null;

  @Field(() => InteractionStatus, { nullable: true, description: 'Only interactions in this status.' })
  status?: InteractionStatus | null;

  @Field(() => DateRange, { nullable: true, description: 'When they were recorded: UTC date-times or calendar days in the business time zone.' })
  createdAt?: DateRange | null;
}

@ArgsType()
export class InteractionsArgs extends ConnectionArgs {
  @Field(() => InteractionFilter, { nullable: true, description: 'Which interactions; all when omitted.' })
  @IsOptional()
  @ValidateNested()
  filter?: InteractionFilter | null;
}

@ArgsType()
export class UpdateInteractionStatusArgs {
  @Field(() => ID, { description: 'Id of the interaction.' })
  id!: string;

  @Field(() => InteractionStatus, { description: 'Only forward: OPEN → IN_PROGRESS → RESOLVED → CLOSED, steps may be skipped.' })
  status!: InteractionStatus;

  @Field(() => String, { nullable: true, description: 'Replaces the resolution note when given.' })
  @IsOptional()
  @MaxLength(5000)
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  note?: string | null;
}
