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

@InputType('FeatureInput', { description: 'One thing a service plan includes: name, value and unit.' })
export class FeatureInput {
  @Field({ description: 'What is included, e.g. `Velocidad`.' })
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field({ description: 'Amount or description, e.g. `300` or `Ilimitado`.' })
  @NotBlank(80)
  value!: string;

  @Field(() => String, { nullable: true, description: 'Unit of the value, e.g. `Mbps`; optional.' })
  @IsOptional()
  @MaxLength(20)
  unit?: string | null;
}

@InputType({ description: 'A new service plan (admins). Prices are net of tax, in COP.' })
export class CreateServicePlanInput {
  @Field({ description: 'Unique reference such as FIBRA-500: letters, digits and hyphens; stored upper-cased.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, { message: 'must be 2 to 40 letters, digits or hyphens' })
  code!: string;

  @Field({ description: 'Commercial name, e.g. `Fibra 300 Mbps`.' })
  @NotBlank(120)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Text for agents and customers; optional.' })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => ServiceType, { description: 'The kind of service (fibre, mobile, TV…).' })
  type!: ServiceType;

  @Field(() => [FeatureInput], { description: 'What the plan includes, e.g. `Velocidad 300 Mbps`, `Datos 40 GB`; may be empty.' })
  @ArrayMaxSize(MAX_FEATURES)
  @ValidateNested({ each: true })
  features!: FeatureInput[];

  @Field(() => MoneyInput, { description: 'Price per billing period, net of tax (COP).' })
  price!: MoneyInput;

  @Field(() => BillingPeriod, { description: 'How often the price is charged (MONTHLY or ONE_TIME).' })
  billingPeriod!: BillingPeriod;

  @Field(() => ServicePlanStatus, { nullable: true, description: 'Defaults to ACTIVE.' })
  status?: ServicePlanStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Sold without IVA. Defaults to false.' })
  taxExempt?: boolean | null;

  @Field(() => LocalDate, { nullable: true, description: 'First day (`YYYY-MM-DD`, business time zone) it can be subscribed; open when null.' })
  validFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Last day (`YYYY-MM-DD`, business time zone) it can be subscribed; open when null.' })
  validUntil?: string | null;
}

@InputType({ description: 'Only the fields given change. A new price is recorded in the price history.' })
export class UpdateServicePlanInput {
  @Field(() => String, { nullable: true, description: 'New commercial name.' })
  @OmittableNotNull()
  @NotBlank(120)
  @PersonalData(PersonalKind.NONE)
  name?: string;

  @Field(() => String, { nullable: true, description: 'New text; null clears it.' })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => [FeatureInput], { nullable: true, description: 'Replaces every feature.' })
  @OmittableNotNull()
  @ArrayMaxSize(MAX_FEATURES)
  @ValidateNested({ each: true })
  features?: FeatureInput[];

  @Field(() => MoneyInput, { nullable: true, description: 'New price per billing period, net of tax (COP); recorded in `priceHistory`, existing subscriptions keep theirs.' })
  @OmittableNotNull()
  price?: MoneyInput;

  @Field(() => ServicePlanStatus, { nullable: true, description: 'DRAFT → ACTIVE → RETIRED; RETIRED is final.' })
  @OmittableNotNull()
  status?: ServicePlanStatus;

  @Field(() => LocalDate, { nullable: true, description: 'null opens it.' })
  validFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'null opens it.' })
  validUntil?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True: sold without IVA from now on; sales already made keep their tax.' })
  @OmittableNotNull()
  taxExempt?: boolean;
}

@InputType({ description: 'Which service plans to list; conditions combine with AND.' })
export class ServicePlanFilter {
  @Field(() => ServiceType, { nullable: true, description: 'Only plans of this service type.' })
  type?: ServiceType | null;

  @Field(() => ServicePlanStatus, { nullable: true, description: 'Only plans in this status.' })
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
registerEnumType(ServicePlanOrderField, {
  name: 'ServicePlanOrderField',
  description: 'Sort keys of the service plans list.',
  valuesConfig: {
    CREATED_AT: { description: 'When the plan was created.' },
    NAME: { description: 'By name, alphabetically.' },
    PRICE: { description: 'By current price (net of tax).' },
  },
});

@InputType({ description: 'How to sort the service plans list; ties are broken by id.' })
export class ServicePlanOrder {
  @Field(() => ServicePlanOrderField, { description: 'The sort key.' })
  field!: ServicePlanOrderField;

  @Field(() => SortDirection, { description: 'ASC or DESC.' })
  direction!: SortDirection;
}

@ArgsType()
export class ServicePlansArgs extends ConnectionArgs {
  @Field(() => ServicePlanFilter, { nullable: true, description: 'Which plans; all when omitted.' })
  @ValidateNested()
  filter?: ServicePlanFilter | null;

  @Field(() => ServicePlanOrder, { nullable: true, description: 'By name when omitted.' })
  orderBy?: ServicePlanOrder | null;
}

@InputType({ description: 'A subscription an agent opens by hand (outside a sale).' })
export class SubscribeCustomerInput {
  @Field(() => ID, { description: 'Id of the customer.' })
  customerId!: string;

  @Field(() => ID, { description: 'Id of the plan: ACTIVE and within its validity dates.' })
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
  @Field(() => ServiceSubscriptionStatus, { nullable: true, description: 'Only subscriptions in this status; every status when omitted.' })
  status?: ServiceSubscriptionStatus | null;
}
