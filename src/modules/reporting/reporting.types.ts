import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeISO } from '../../core/graphql/scalars';
import { CurrencyScalar, DecimalScalar, Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { ServiceType } from '../services';
import { CustomerCategory } from '../users';
import { OfferKind, SalesDimension } from './reporting.enums';

/** Rows of the reporting module name what they refer to by id; field resolvers load the entity through the owning domain's loaders. */

@ObjectType('CountByKey', { description: 'A count per key in a summary (a brand, a category, a type): what `key` means is said by the field that returns it.' })
export class CountByKey {
  @Field({ description: 'The grouping key: a name or an enum value, as the field says.' })
  key!: string;

  @Field(() => Int, { description: 'How many items have this key (products, units, interactions: see the field).' })
  count!: number;
}

@ObjectType('CatalogSummary', {
  description:
    'What the catalog holds. `…Count`: every product or plan whatever its status; `active…Count`: those offered (ACTIVE products; ACTIVE plans within their validity dates). ' +
    'The lists count offered items per category, brand or service type, with every category, brand and type listed (0 when none is offered), largest first.',
})
export class CatalogSummary {
  @Field(() => Int, { description: 'Every product in the catalog, discontinued ones included.' })
  productCount!: number;

  @Field(() => Int, { description: 'Products on sale now (status ACTIVE), whatever their stock.' })
  activeProductCount!: number;

  @Field(() => Int, { description: 'Every service plan, DRAFT and RETIRED ones included.' })
  servicePlanCount!: number;

  @Field(() => Int, { description: 'Service plans offered now: ACTIVE and within their validity dates (business time zone).' })
  activeServicePlanCount!: number;

  @Field(() => [CountByKey], { description: 'Offered products per category (key: the category’s name).' })
  productsByCategory!: CountByKey[];

  @Field(() => [CountByKey], { description: 'Offered products per brand (key: the brand’s name).' })
  productsByBrand!: CountByKey[];

  @Field(() => [CountByKey], { description: 'Offered plans per service type (key: the ServiceType value).' })
  servicePlansByType!: CountByKey[];
}

@ObjectType('PopularServicePlan', { description: 'A plan’s sales in PAID sales of the period. Amounts are net: after discounts, before tax.' })
export class PopularServicePlan {
  servicePlanId!: string;

  @Field(() => Int, { description: 'Units sold in PAID sales of the period (each unit opened one subscription).' })
  units!: number;

  @Field(() => Money, { description: 'Net revenue of its lines in PAID sales of the period (after discounts, before tax), COP.' })
  revenue!: Money;

  @Field(() => Int, { description: 'Customers with at least one PAID sale of the plan in the period.' })
  distinctCustomers!: number;

  @Field(() => Int, { description: 'Subscriptions to the plan ACTIVE now (not limited to the period).' })
  activeSubscriptions!: number;

  @Field(() => Float, { description: 'This plan’s part (0 to 1) of the ranking measure summed over every plan, not only those listed.' })
  share!: number;
}

@ObjectType('PopularProduct', { description: 'A product’s sales in PAID sales of the period. Amounts are net: after discounts, before tax.' })
export class PopularProduct {
  productId!: string;

  @Field(() => Int, { description: 'Units sold in PAID sales of the period.' })
  units!: number;

  @Field(() => Money, { description: 'Net revenue of its lines in PAID sales of the period (after discounts, before tax), COP.' })
  revenue!: Money;

  @Field(() => Int, { description: 'Customers with at least one PAID sale of the product in the period.' })
  distinctCustomers!: number;

  @Field(() => Float, { description: 'This product’s part (0 to 1) of the units of every product sold in the period.' })
  share!: number;
}

@ObjectType('Buyer', { description: 'A customer’s PAID purchases of one product or plan in the period.' })
export class Buyer {
  customerId!: string;

  @Field(() => Int, { description: 'Units bought.' })
  quantity!: number;

  @Field(() => Money, { description: 'Net: after discounts, before tax.' })
  revenue!: Money;

  @Field(() => DateTimeISO, { description: 'When the latest of these sales was made.' })
  lastPurchaseAt!: Date;
}

export const BuyerConnection = ConnectionType('Buyer', Buyer);

@ObjectType('TopCustomer', { description: 'A customer’s PAID sales of the period.' })
export class TopCustomer {
  customerId!: string;

  @Field(() => Money, { description: 'Net: after discounts, before tax.' })
  revenue!: Money;

  @Field(() => Int, { description: 'Units they bought in PAID sales of the period.' })
  units!: number;

  @Field(() => Int, { description: 'Their PAID sales in the period.' })
  salesCount!: number;
}

@ObjectType('DimensionValue', { description: 'One key of a `salesReport` row: the dimension, its machine value and its human label.' })
export class DimensionValue {
  @Field(() => SalesDimension, { description: 'Which `groupBy` dimension this key belongs to.' })
  dimension!: SalesDimension;

  @Field(() => String, { nullable: true, description: 'Machine value: an id, an enum value, or an ISO date for time buckets.' })
  value!: string | null;

  @Field(() => String, { nullable: true, description: 'Human label: a name, a region, a formatted period.' })
  label!: string | null;
}

@ObjectType('SalesReportRow', {
  description:
    'One row of the sales cube. Only the measures selected are computed. With a line-level dimension or filter (product, brand, product category, plan, service type), ' +
    'units, revenue and discountTotal add up the matching lines only, salesCount counts the sales having such a line, averageTicket = revenue / salesCount.',
})
export class SalesReportRow {
  @Field(() => [DimensionValue], { description: 'One per `groupBy` dimension, in the order asked.' })
  keys!: DimensionValue[];

  @Field(() => Int, { description: 'Sales in the row (a sale counts once even with several matching lines).' })
  salesCount!: number;

  @Field(() => Int, { description: 'Units of the matching lines.' })
  units!: number;

  @Field(() => DecimalScalar, { description: 'Σ net amount of the lines (after discounts, before tax).' })
  revenue!: string;

  @Field(() => DecimalScalar, { description: 'revenue / salesCount, rounded half up to cents.' })
  averageTicket!: string;

  @Field(() => Int, { description: 'How many different customers made the sales (or bought the matching lines) of the row: each counted once.' })
  distinctCustomers!: number;

  @Field(() => DecimalScalar, { description: 'Σ discounts of the lines.' })
  discountTotal!: string;

  @Field(() => CurrencyScalar, { description: 'The currency of every amount in the row (COP).' })
  currency!: string;
}

@ObjectType('Offer', { description: 'Something to offer a customer, with how well it fits (score, 0 to 1) and why.' })
export class Offer {
  @Field(() => OfferKind, { description: 'What is offered: a product, a service plan or a promotion; the matching field is set.' })
  kind!: OfferKind;

  servicePlanId!: string | null;
  productId!: string | null;
  promotionId!: string | null;

  @Field(() => Float, { description: '0 to 1; offers come best first.' })
  score!: number;

  @Field({ description: 'Why this offer, in words an agent can say to the customer.' })
  reason!: string;
}

@ObjectType('MonthlySpend', { description: 'A calendar month (business time zone) of a customer’s PAID purchases.' })
export class MonthlySpend {
  @Field({ description: 'The month in the business time zone, `YYYY-MM` (e.g. "2026-03").' })
  month!: string;

  @Field(() => Money, { description: 'Net: after discounts, before tax.' })
  spent!: Money;

  @Field(() => Int, { description: 'PAID sales of the customer made that month.' })
  salesCount!: number;
}

@ObjectType('CustomerInsights', { description: 'A customer’s behaviour, from PAID sales, subscriptions and interactions.' })
export class CustomerInsights {
  customerId!: string;

  @Field(() => Int, { description: 'Days since the customer was registered, counted in the business time zone.' })
  tenureDays!: number;

  @Field(() => Money, { description: 'Net spend of every PAID sale (after discounts, before tax).' })
  totalSpent!: Money;

  @Field(() => Int, { description: 'Number of PAID sales of the customer, all time.' })
  salesCount!: number;

  @Field(() => Int, { description: 'Subscriptions ACTIVE now.' })
  activeSubscriptions!: number;

  @Field(() => [ServiceType], { description: 'Service types the customer holds or bought, most subscriptions and units first.' })
  favouriteServiceTypes!: ServiceType[];

  @Field(() => [CountByKey], { description: 'Interactions per type (INQUIRY, COMPLAINT, SUGGESTION), every type listed.' })
  interactionsByType!: CountByKey[];

  @Field(() => [CountByKey], { description: 'Product categories bought (key: the category’s name, count: units), most units first.' })
  favouriteProductCategories!: CountByKey[];

  @Field(() => [MonthlySpend], { description: 'The last 12 months including the current one, oldest first; months without purchases show 0.' })
  spendByMonth!: MonthlySpend[];

  @Field(() => DateTimeISO, { nullable: true, description: 'The latest PAID sale; null when none.' })
  lastPurchaseAt!: Date | null;

  @Field(() => CustomerCategory, { description: 'The customer’s category now.' })
  category!: CustomerCategory;

  @Field({ description: 'Why the customer has this category: the reason of its latest category change.' })
  categoryReason!: string;
}
