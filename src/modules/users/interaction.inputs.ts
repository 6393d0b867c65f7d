import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateRange } from '../../core/graphql/date-range';
import { ConnectionArgs } from '../../core/pagination';
import { NotBlank } from '../../core/validation';
import { InteractionChannel, InteractionKind, InteractionStatus } from './interaction.enums';

@InputType()
export class RecordInteractionInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => InteractionKind)
  type!: InteractionKind;

  @Field(() => InteractionChannel)
  channel!: InteractionChannel;

  @Field()
  @NotBlank(200)
  subject!: string;

  @Field()
  @NotBlank(5000)
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  description!: string;
}

@InputType()
export class InteractionFilter {
  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => InteractionKind, { nullable: true })
  type?: InteractionKind | null;

  @Field(() => InteractionStatus, { nullable: true })
  status?: InteractionStatus | null;

  @Field(() => DateRange, { nullable: true })
  createdAt?: DateRange | null;
}

@ArgsType()
export class InteractionsArgs extends ConnectionArgs {
  @Field(() => InteractionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: InteractionFilter | null;
}

@ArgsType()
export class UpdateInteractionStatusArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => InteractionStatus, { description: 'Only forward: OPEN → IN_PROGRESS → RESOLVED → CLOSED, steps may be skipped.' })
  status!: InteractionStatus;

  @Field(() => String, { nullable: true, description: 'Replaces the resolution note when given.' })
  @IsOptional()
  @MaxLength(5000)
  @PersonalData(PersonalKind.PRIVATE_TEXT)
  note?: string | null;
}
