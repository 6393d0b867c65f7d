import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO, LocalDate } from '../../core/graphql/scalars';
import { Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { AddressType } from '../users';
import { BillingPeriod, ServicePlanStatus, ServiceSubscriptionStatus, ServiceType } from './services.enums';

@ObjectType('Feature', { description: 'One thing a service plan includes, e.g. speed, data or channels.' })
export class FeatureType {
  @Field({ description: 'What is included, e.g. `Velocidad`, `Datos`, `Canales HD`.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field({ description: 'Amount or description, e.g. `300` or `Ilimitado`.' })
  value!: string;

  @Field(() => String, { nullable: true, description: 'Unit of `value`, e.g. `Mbps`, `GB`, `min`; null when the value has none.' })
  unit?: string | null;
}

@ObjectType('ServicePlan', { description: 'A service Claro sells by subscription (fibre internet, mobile postpaid or prepaid, TV, landline, bundles), with its price history and features. Read by back-office staff; managed by admins.' })
export class ServicePlanType {
  @Field(() => ID, { description: 'Stable identifier of the plan; use it in sales, subscriptions and reports.' })
  id!: string;

  @Field({ description: 'Unique reference, upper-case letters, digits and hyphens, e.g. `FIBRA-500`.' })
  code!: string;

  @Field({ description: 'Commercial name as shown on invoices and in reports, e.g. `Fibra 500 Mbps`.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Text for agents and customers; null when none.' })
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => ServiceType, { description: 'The kind of service; reports group plans by it.' })
  type!: ServiceType;

  @Field(() => [FeatureType], { description: 'What the plan includes (speed, data, channels), in the order given.' })
  features!: FeatureType[];

  @Field(() => Money, { description: 'The current price, net of tax.' })
  price!: Money;

  @Field(() => BillingPeriod, { description: 'How often the price is charged.' })
  billingPeriod!: BillingPeriod;

  @Field(() => ServicePlanStatus, { description: 'DRAFT (being prepared), ACTIVE (offered) or RETIRED (no longer offered).' })
  status!: ServicePlanStatus;

  @Field({ description: 'Sold without IVA: its sale lines are taxed at 0.' })
  taxExempt!: boolean;

  @Field(() => LocalDate, { nullable: true, description: 'First day it can be subscribed; open when null.' })
  validFrom?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Last day it can be subscribed; open when null.' })
  validUntil?: string | null;

  @Field(() => DateTimeISO, { description: 'UTC instant the plan was created.' })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: 'UTC instant of the last change of the plan.' })
  updatedAt!: Date;
}

@ObjectType('ServicePlanPrice', { description: 'A price the plan had, from `validFrom` until `validTo` (null: the current one).' })
export class ServicePlanPriceType {
  @Field(() => Money, { description: 'The price per billing period during this interval, net of tax (COP).' })
  price!: Money;

  @Field(() => DateTimeISO, { description: 'UTC instant this price took effect.' })
  validFrom!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'UTC instant it was replaced (excluded); null for the current price.' })
  validTo?: Date | null;
}

@ObjectType('ServiceSubscription', { description: 'A customer’s subscription to a service plan, opened by a paid sale or by an agent, with its price fixed at subscription. Read by back-office staff.' })
export class ServiceSubscriptionType {
  @Field(() => ID, { description: 'Stable identifier of the subscription.' })
  id!: string;

  @Field(() => ServiceSubscriptionStatus, { description: 'ACTIVE, SUSPENDED or CANCELLED (final).' })
  status!: ServiceSubscriptionStatus;

  @Field(() => LocalDate, { description: 'First day of service (`YYYY-MM-DD`, business time zone).' })
  startDate!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Set when the subscription is cancelled.' })
  endDate?: string | null;

  @Field(() => Money, { description: 'The plan’s price when subscribed.' })
  price!: Money;

  @Field(() => AddressType, { nullable: true, description: 'Where the service is installed (fixed services); null when none was given. Personal data.' })
  installationAddress?: AddressType | null;

  @Field(() => DateTimeISO, { description: 'UTC instant the subscription was registered.' })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: 'UTC instant of the last status change.' })
  updatedAt!: Date;
}

export const ServicePlanConnection = ConnectionType('ServicePlan', ServicePlanType);
export const ServiceSubscriptionConnection = ConnectionType('ServiceSubscription', ServiceSubscriptionType);
