import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO } from '../../core/graphql/scalars';
import { DecimalScalar, Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { CustomerCategory } from '../users';
import { ServiceType } from '../services';
import { PaymentMethod, SaleStatus } from './sales.enums';

@ObjectType('SaleLine')
export class SaleLineType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Order on the invoice, from 1.' })
  position!: number;

  @Field({ description: 'Name and reference of what was sold, as they were at the time of the sale.' })
  @PersonalData(PersonalKind.NONE)
  description!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => DecimalScalar, { description: 'IVA rate applied to the line: 0.19, or 0 when exempt.' })
  taxRate!: string;
}

@ObjectType('SaleStatusChange')
export class SaleStatusChangeType {
  @Field(() => SaleStatus, { name: 'from', nullable: true, description: 'Null for the creation of the sale.' })
  fromStatus?: SaleStatus | null;

  @Field(() => SaleStatus, { name: 'to' })
  toStatus!: SaleStatus;

  @Field(() => DateTimeISO)
  changedAt!: Date;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@ObjectType('Sale', {
  description:
    'An invoice. subtotal = Σ unitPrice × quantity; discount = Σ line discounts; tax = Σ line taxes; total = subtotal − discount + tax. Prices are net of tax; each line is rounded to cents, half up.',
})
export class SaleType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'FV-000123: unique, gap-free in commit order.' })
  number!: string;

  @Field(() => SaleStatus)
  status!: SaleStatus;

  @Field(() => PaymentMethod, { nullable: true })
  paymentMethod?: PaymentMethod | null;

  @Field(() => String, { nullable: true })
  paymentReference?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO, { nullable: true })
  paidAt?: Date | null;

  @Field(() => DateTimeISO, { nullable: true })
  cancelledAt?: Date | null;

  @Field(() => DateTimeISO, { nullable: true })
  refundedAt?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'While PENDING: when it is cancelled automatically unless paid.' })
  expiresAt?: Date | null;
}

@ObjectType('Promotion')
export class PromotionType {
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

  @Field(() => Int, { nullable: true })
  percentOff?: number | null;

  @Field(() => [ID])
  productIds!: string[];

  @Field(() => [ID])
  servicePlanIds!: string[];

  @Field(() => [ID])
  productCategoryIds!: string[];

  @Field(() => [ServiceType])
  serviceTypes!: ServiceType[];

  @Field(() => [CustomerCategory])
  customerCategories!: CustomerCategory[];

  @Field(() => [String])
  regions!: string[];

  @Field(() => DateTimeISO, { nullable: true })
  validFrom?: Date | null;

  @Field(() => DateTimeISO, { nullable: true })
  validTo?: Date | null;

  @Field(() => Int, { nullable: true })
  usageLimit?: number | null;

  @Field(() => Int, { nullable: true })
  perCustomerLimit?: number | null;

  @Field(() => Int, { description: 'Sales holding a use of it (a cancelled sale gives its use back).' })
  usedCount!: number;

  @Field()
  active!: boolean;
}

export const SaleConnection = ConnectionType('Sale', SaleType);

/** An amount column of a sale or line as the contract's Money. */
export function moneyOf(amount: string, currency: string): Money {
  return { amount, currency };
}
