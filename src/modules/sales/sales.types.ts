import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO } from '../../core/graphql/scalars';
import { DecimalScalar, Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { CustomerCategory } from '../users';
import { ServiceType } from '../services';
import { PaymentMethod, SaleStatus } from './sales.enums';

@ObjectType('SaleLine', { description: 'One line of a sale: a product or a service plan, its quantity and its amounts as priced at the sale.' })
export class SaleLineType {
  @Field(() => ID, { description: 'Stable identifier of the line.' })
  id!: string;

  @Field(() => Int, { description: 'Order on the invoice, from 1.' })
  position!: number;

  @Field({ description: 'Name and reference of what was sold, as they were at the time of the sale.' })
  @PersonalData(PersonalKind.NONE)
  description!: string;

  @Field(() => Int, { description: 'Units sold; for a plan, the subscriptions the line opens when paid.' })
  quantity!: number;

  @Field(() => DecimalScalar, { description: 'IVA rate applied to the line: 0.19, or 0 when exempt.' })
  taxRate!: string;
}

@ObjectType('SaleStatusChange', { description: 'One step of a sale’s lifecycle, with who made it and why.' })
export class SaleStatusChangeType {
  @Field(() => SaleStatus, { name: 'from', nullable: true, description: 'Null for the creation of the sale.' })
  fromStatus?: SaleStatus | null;

  @Field(() => SaleStatus, { name: 'to', description: 'The status the sale moved to.' })
  toStatus!: SaleStatus;

  @Field(() => DateTimeISO, { description: 'UTC instant of the change.' })
  changedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The reason given (cancellation, refund, expired hold); null when none.' })
  reason?: string | null;
}

@ObjectType('Sale', {
  description:
    'An invoice. subtotal = Σ unitPrice × quantity; discount = Σ line discounts; tax = Σ line taxes; total = subtotal − discount + tax. Prices are net of tax; each line is rounded to cents, half up.',
})
export class SaleType {
  @Field(() => ID, { description: 'Stable identifier of the sale.' })
  id!: string;

  @Field({ description: 'FV-000123: unique, gap-free in commit order.' })
  number!: string;

  @Field(() => SaleStatus, { description: 'PENDING, PAID, CANCELLED or REFUNDED; reports count PAID sales only unless a filter says otherwise.' })
  status!: SaleStatus;

  @Field(() => PaymentMethod, { nullable: true, description: 'How it was paid; null until paid.' })
  paymentMethod?: PaymentMethod | null;

  @Field(() => String, { nullable: true, description: 'Reference of the card or transfer payment (voucher, PSE number); null when none.' })
  paymentReference?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text the agent kept with the sale; null when none.' })
  notes?: string | null;

  @Field(() => DateTimeISO, { description: 'UTC instant the sale was made; reports count days and months of it in the business time zone.' })
  createdAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'UTC instant it was paid; null until then.' })
  paidAt?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'UTC instant it was cancelled (by hand or when its hold expired); null otherwise.' })
  cancelledAt?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'UTC instant it was refunded; null otherwise.' })
  refundedAt?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'While PENDING: when it is cancelled automatically unless paid.' })
  expiresAt?: Date | null;
}

@ObjectType('Promotion', { description: 'A discount given by a code at a sale: percent or amount off, on given products, plans, categories or service types (or the whole sale), for given customer categories and regions, within dates and usage limits. Read by back-office staff; managed by admins.' })
export class PromotionType {
  @Field(() => ID, { description: 'Stable identifier of the promotion.' })
  id!: string;

  @Field({ description: 'The code customers give at the sale, upper-case letters, digits and hyphens, e.g. `NAVIDAD-10`; unique.' })
  code!: string;

  @Field({ description: 'Name shown to agents and on offers, e.g. `10% en routers`.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Conditions and fine print for agents; null when none.' })
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Percent off the matching lines, 1 to 100; null for an amount-off promotion.' })
  percentOff?: number | null;

  @Field(() => [ID], { description: 'Products that get the discount.' })
  productIds!: string[];

  @Field(() => [ID], { description: 'Service plans that get the discount.' })
  servicePlanIds!: string[];

  @Field(() => [ID], { description: 'Product categories whose products get the discount.' })
  productCategoryIds!: string[];

  @Field(() => [ServiceType], { description: 'Service types whose plans get the discount.' })
  serviceTypes!: ServiceType[];

  @Field(() => [CustomerCategory], { description: 'Only customers of these categories may use it; any customer when empty.' })
  customerCategories!: CustomerCategory[];

  @Field(() => [String], { description: 'Only customers billed in these departments may use it (any letter case); anywhere when empty.' })
  regions!: string[];

  @Field(() => DateTimeISO, { nullable: true, description: 'First UTC instant the code can be used; null: since it was created.' })
  validFrom?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'UTC instant the promotion ends (excluded); null: no end.' })
  validTo?: Date | null;

  @Field(() => Int, { nullable: true, description: 'How many sales may use it in all; unlimited when null. Cancelled sales give their use back.' })
  usageLimit?: number | null;

  @Field(() => Int, { nullable: true, description: 'How many sales of one customer may use it; unlimited when null.' })
  perCustomerLimit?: number | null;

  @Field(() => Int, { description: 'Sales holding a use of it (a cancelled sale gives its use back).' })
  usedCount!: number;

  @Field({ description: 'False when switched off by hand: the code is then refused whatever its dates.' })
  active!: boolean;
}

export const SaleConnection = ConnectionType('Sale', SaleType);

/** An amount column of a sale or line as the contract's Money. */
export function moneyOf(amount: string, currency: string): Money {
  return { amount, currency };
}
