import { ArrayMaxSize, IsOptional, MaxLength, Matches, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { LocalDate } from '../../core/graphql/scalars';
import { Decimal, DecimalScalar, MoneyInput } from '../../core/money';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { NotBlank, OmittableNotNull } from '../../core/validation';
import { AddressInput } from '../users';
import { BillingPeriod, ServicePlanStatus, ServiceSubscriptionStatus, ServiceType } from './services.enums';

const MAX_FEATURES = 30;

@InputType('FeatureInput')
export class FeatureInput {
  @Field()
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field()
  @NotBlank(80)
  value!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  unit?: string | null;
}

@InputType()
export class CreateServicePlanInput {
  @Field({ description: 'Unique reference such as FIBRA-500: letters, digits and hyphens; stored upper-cased.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, { message: 'must be 2 to 40 letters, digits or hyphens' })
  code!: string;

  @Field()
  @NotBlank(120)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => ServiceType)
  type!: ServiceType;

  @Field(() => [FeatureInput])
  @ArrayMaxSize(MAX_FEATURES)
  @ValidateNested({ each: true })
  features!: FeatureInput[];

  @Field(() => MoneyInput, { description: 'Net of tax.' })
  price!: MoneyInput;

  @Field(() => BillingPeriod)
  billingPeriod!: BillingPeriod;

  @Field(() => ServicePlanStatus, { nullable: true, description: 'Defaults to ACTIVE.' })
  status?: ServicePlanStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Sold without IVA. Defaults to false.' })
  taxExempt?: boolean | null;

  @Field(() => LocalDate, { nullable: true })
  validFrom?: string | null;

  @Field(() => LocalDate, { nullable: true })
  validUntil?: string | null;
}

@InputType({ description: 'Only the fields given change. A new price is recorded in the price history.' })
export class UpdateServicePlanInput {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @NotBlank(120)
  @PersonalData(PersonalKind.NONE)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => [FeatureInput], { nullable: true, description: 'Replaces every feature.' })
  @OmittableNotNull()
  @ArrayMaxSize(MAX_FEATURES)
  @ValidateNested({ each: true })
  features?: FeatureInput[];

  @Field(() => MoneyInput, { nullable: true })
  @OmittableNotNull()
  price?: MoneyInput;

  @Field(() => ServicePlanStatus, { nullable: true, description: 'DRAFT → ACTIVE → RETIRED; RETIRED is final.' })
  @OmittableNotNull()
  status?: ServicePlanStatus;

  @Field(() => LocalDate, { nullable: true, description: 'null opens it.' })
  validFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'null opens it.' })
  validUntil?: string | null;

  @Field(() => Boolean, { nullable: true })
  @OmittableNotNull()
  taxExempt?: boolean;
}

@InputType()
export class ServicePlanFilter {
  @Field(() => ServiceType, { nullable: true })
  type?: ServiceType | null;

  @Field(() => ServicePlanStatus, { nullable: true })
  status?: ServicePlanStatus | null;

  @Field(() => String, { nullable: true, description: 'Matches code or name, any letter case.' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Current price at least this.' })
  minPrice?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Current price at most this.' })
  maxPrice?: Decimal | null;
}

export enum ServicePlanOrderField {
  NAME = 'NAME',
  PRICE = 'PRICE',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ServicePlanOrderField, { name: 'ServicePlanOrderField' });

@InputType()
export class ServicePlanOrder {
  @Field(() => ServicePlanOrderField)
  field!: ServicePlanOrderField;

  @Field(() => SortDirection)
  direction!: SortDirection;
}

@ArgsType()
export class ServicePlansArgs extends ConnectionArgs {
  @Field(() => ServicePlanFilter, { nullable: true })
  @ValidateNested()
  filter?: ServicePlanFilter | null;

  @Field(() => ServicePlanOrder, { nullable: true, description: 'By name when omitted.' })
  orderBy?: ServicePlanOrder | null;
}

@InputType()
export class SubscribeCustomerInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => ID)
  servicePlanId!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Defaults to today (business time zone).' })
  startDate?: string | null;

  @Field(() => AddressInput, { nullable: true, description: 'Defaults to the customer’s INSTALLATION address, if any.' })
  @IsOptional()
  @ValidateNested()
  installationAddress?: AddressInput | null;
}

@ArgsType()
export class SubscribersArgs extends ConnectionArgs {
  @Field(() => ServiceSubscriptionStatus, { nullable: true })
  status?: ServiceSubscriptionStatus | null;
}
