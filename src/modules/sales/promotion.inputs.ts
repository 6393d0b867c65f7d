import { ArrayMaxSize, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO } from '../../core/graphql/scalars';
import { MoneyInput } from '../../core/money';
import { NotBlank, OmittableNotNull } from '../../core/validation';
import { ServiceType } from '../services';
import { CustomerCategory } from '../users';

const MAX_TARGETS = 200;

@InputType({ description: 'A new promotion (admins): a discount customers get by giving its code at a sale, within its dates, limits and targets.' })
export class CreatePromotionInput {
  @Field({ description: 'Letters, digits and hyphens; stored upper-cased.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, { message: 'must be 3 to 40 letters, digits or hyphens' })
  code!: string;

  @Field({ description: 'Name shown to agents and on offers, e.g. `10% en routers`.' })
  @NotBlank(120)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Text for agents: conditions and fine print; optional.' })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Exactly one of percentOff and amountOff.' })
  @IsOptional()
  @Min(1)
  @Max(100)
  percentOff?: number | null;

  @Field(() => MoneyInput, { nullable: true, description: 'Shared among the matching lines in proportion to their amounts; never more than they cost.' })
  amountOff?: MoneyInput | null;

  @Field(() => [ID], { nullable: true, description: 'Products the discount applies to; with no product, plan, category or type target the whole sale does.' })
  @IsOptional()
  @ArrayMaxSize(MAX_TARGETS)
  productIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Service plans the discount applies to.' })
  @IsOptional()
  @ArrayMaxSize(MAX_TARGETS)
  servicePlanIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Products of these categories.' })
  @IsOptional()
  @ArrayMaxSize(MAX_TARGETS)
  productCategoryIds?: string[] | null;

  @Field(() => [ServiceType], { nullable: true, description: 'Plans of these types.' })
  serviceTypes?: ServiceType[] | null;

  @Field(() => [CustomerCategory], { nullable: true, description: 'Only customers of these categories; anyone when empty.' })
  customerCategories?: CustomerCategory[] | null;

  @Field(() => [String], { nullable: true, description: 'Only customers billed in these regions (departments), any letter case; anywhere when empty.' })
  @IsOptional()
  @ArrayMaxSize(MAX_TARGETS)
  @MaxLength(100, { each: true })
  regions?: string[] | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'First UTC instant the code can be used; from now when null.' })
  validFrom?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'Excluded: the promotion ends at this instant.' })
  validTo?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Sales that may use it in all; unlimited when null.' })
  @IsOptional()
  @Min(1)
  usageLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Sales of one customer that may use it; unlimited when null.' })
  @IsOptional()
  @Min(1)
  perCustomerLimit?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to true.' })
  active?: boolean | null;
}

@InputType({ description: 'Only the fields given change. What it applies to and its discount cannot change once created: create another.' })
export class UpdatePromotionInput {
  @Field(() => String, { nullable: true, description: 'New name shown to agents and on offers.' })
  @OmittableNotNull()
  @NotBlank(120)
  @PersonalData(PersonalKind.NONE)
  name?: string;

  @Field(() => String, { nullable: true, description: 'New conditions text; null clears it.' })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'New first UTC instant of validity.' })
  validFrom?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'New end (UTC instant, excluded).' })
  validTo?: Date | null;

  @Field(() => Int, { nullable: true, description: 'Sales that may use it in all; null: unlimited.' })
  @IsOptional()
  @Min(1)
  usageLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Sales of one customer that may use it; null: unlimited.' })
  @IsOptional()
  @Min(1)
  perCustomerLimit?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'False switches the code off at once; true on again.' })
  @OmittableNotNull()
  active?: boolean;
}
