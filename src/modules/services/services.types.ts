import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO, LocalDate } from '../../core/graphql/scalars';
import { Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { AddressType } from '../users';
import { BillingPeriod, ServicePlanStatus, ServiceSubscriptionStatus, ServiceType } from './services.enums';

@ObjectType('Feature')
export class FeatureType {
  @Field()
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field()
  value!: string;

  @Field(() => String, { nullable: true })
  unit?: string | null;
}

@ObjectType('ServicePlan')
export class ServicePlanType {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field()
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true })
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => ServiceType)
  type!: ServiceType;

  @Field(() => [FeatureType])
  features!: FeatureType[];

  @Field(() => Money, { description: 'The current price, net of tax.' })
  price!: Money;

  @Field(() => BillingPeriod)
  billingPeriod!: BillingPeriod;

  @Field(() => ServicePlanStatus)
  status!: ServicePlanStatus;

  @Field({ description: 'Sold without IVA: its sale lines are taxed at 0.' })
  taxExempt!: boolean;

  @Field(() => LocalDate, { nullable: true, description: 'First day it can be subscribed; open when null.' })
  validFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Last day it can be subscribed; open when null.' })
  validUntil?: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO)
  updatedAt!: Date;
}

@ObjectType('ServicePlanPrice', { description: 'A price the plan had, from `validFrom` until `validTo` (null: the current one).' })
export class ServicePlanPriceType {
  @Field(() => Money)
  price!: Money;

  @Field(() => DateTimeISO)
  validFrom!: Date;

  @Field(() => DateTimeISO, { nullable: true })
  validTo?: Date | null;
}

@ObjectType('ServiceSubscription')
export class ServiceSubscriptionType {
  @Field(() => ID)
  id!: string;

  @Field(() => ServiceSubscriptionStatus)
  status!: ServiceSubscriptionStatus;

  @Field(() => LocalDate)
  startDate!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Set when the subscription is cancelled.' })
  endDate?: string | null;

  @Field(() => Money, { description: 'The plan’s price when subscribed.' })
  price!: Money;

  @Field(() => AddressType, { nullable: true })
  installationAddress?: AddressType | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO)
  updatedAt!: Date;
}

export const ServicePlanConnection = ConnectionType('ServicePlan', ServicePlanType);
export const ServiceSubscriptionConnection = ConnectionType('ServiceSubscription', ServiceSubscriptionType);
