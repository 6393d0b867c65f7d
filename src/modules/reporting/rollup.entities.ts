import { BigIntType, Embeddable, Embedded, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { RefreshMode } from './reporting.enums';

/**
 * Materialised rollups of the reporting module: derived data only, refreshed by `refreshRollups`
 * (rollups.service.ts) in one transaction, the days whose sales changed every
 * `REPORTING_REFRESH_MINUTES` and all of them every `REPORTING_FULL_REFRESH_HOURS` by the
 * background job, and on demand (`refreshReportingRollups`). Nothing else writes them, and the
 * reports never trust them beyond `ReportingRefresh.coveredUntil`: sales created from then on are
 * read from the sales tables themselves. No foreign keys: a rollup must never hold up a delete.
 */

const money = () => ({ type: 'decimal', precision: 16, scale: 2 }) as const;

/** One row per rollup family: when it was rebuilt and which sales it holds. */
@Entity({ tableName: 'reporting_refresh' })
export class ReportingRefresh {
  @PrimaryKey({ type: 'string', length: 40 })
  name!: string;

  @Enum({ items: () => RefreshMode })
  mode!: RefreshMode;

  @Property({ type: 'datetime' })
  refreshedAt!: Date;

  /** The last FULL refresh: customers' places and categories are those of then or later on every day. */
  @Property({ type: 'datetime' })
  fullRefreshedAt!: Date;

  /**
   * The rollups hold exactly the sales created before this instant (a few minutes before the
   * refresh started, so that sales still being written then are not missed): reports read the
   * sales created from then on from the sales tables. The day rows of its local day are partial.
   */
  @Property({ type: 'datetime' })
  coveredUntil!: Date;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer' })
  salesRolledUp!: number;
}

/** Sales that were PENDING when the rollups were rebuilt: kept out of them and read live, so that their payment or cancellation shows at once. */
@Entity({ tableName: 'reporting_pending_sale' })
export class PendingSaleRollup {
  @PrimaryKey({ type: 'bigint' })
  saleId!: string;
}

/** Rows per local day, and per local month for the months before the one of `coveredUntil`. */
export enum RollupGrain {
  DAY = 'DAY',
  MONTH = 'MONTH',
}

export enum SalesRollupSet {
  /** period, currency, status, payment method, customer region, city, category. */
  PLACE = 1,
  /** period, currency, status, payment method, seller. */
  SELLER = 2,
}

/** A customer's billing region, city and category, as they were at the refresh (columns `region`, `city`, `category`). */
@Embeddable()
export class CustomerPlace {
  @Property({ type: 'string', length: 100, nullable: true })
  region?: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  city?: string | null;

  @Property({ type: 'string', length: 20, nullable: true })
  category?: string | null;
}

/**
 * What every period rollup row has: its period (`grain`; `day`: the day, or the first day of the
 * month), currency and status, and the measures, which add up across rows of one grain.
 */
abstract class PeriodRollup {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'string', length: 5 })
  grain!: string;

  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: 'string', length: 20 })
  status!: string;

  @Property({ type: 'integer' })
  salesCount!: number;

  @Property({ type: 'bigint' })
  units!: string;

  @Property(money())
  revenue!: string;

  @Property(money())
  discountTotal!: string;
}

/**
 * Whole sales per local day and per local month, in two grouping sets (`groupingSet`, see
 * `SalesRollupSet`): the columns outside a row's set are null. Measures add up across rows of
 * one grain and one set.
 */
@Entity({ tableName: 'reporting_sales_period' })
@Index({ name: 'reporting_sales_period_idx', properties: ['groupingSet', 'grain', 'day'] })
export class SalesPeriodRollup extends PeriodRollup {
  @Property({ type: 'smallint' })
  groupingSet!: number;

  @Property({ type: 'string', length: 20, nullable: true })
  paymentMethod?: string | null;

  @Embedded(() => CustomerPlace, { prefix: false })
  place!: CustomerPlace;

  @Property({ type: 'bigint', nullable: true })
  sellerId?: string | null;
}

/** Sale lines per local day (and month) and item. `salesCount`: sales with a line of the item. */
@Entity({ tableName: 'reporting_item_period' })
@Index({ name: 'reporting_item_period_idx', properties: ['grain', 'day'] })
export class ItemPeriodRollup extends PeriodRollup {
  @Property({ type: 'bigint', nullable: true })
  productId?: string | null;

  @Property({ type: 'bigint', nullable: true })
  servicePlanId?: string | null;
}

/**
 * Sale lines per local day (and month), item and the customer's place (billing region, city,
 * category at the refresh): line-level reports by place (REGION × SERVICE_TYPE, CITY × PRODUCT,
 * …). Bigger than `reporting_item_period`, so read only when a query needs a place.
 * `salesCount`: sales with a line of the item.
 */
@Entity({ tableName: 'reporting_item_place_period' })
@Index({ name: 'reporting_item_place_period_idx', properties: ['grain', 'day'] })
export class ItemPlacePeriodRollup extends PeriodRollup {
  @Embedded(() => CustomerPlace, { prefix: false })
  place!: CustomerPlace;

  @Property({ type: 'bigint', nullable: true })
  productId?: string | null;

  @Property({ type: 'bigint', nullable: true })
  servicePlanId?: string | null;
}

/**
 * Each customer's PAID purchases of each item, all time: buyers lists (in their order, through
 * the rank indexes), who owns what (offers).
 */
@Entity({ tableName: 'reporting_customer_item' })
@Index({ name: 'reporting_customer_item_product_rank_idx', properties: ['productId', 'units', 'revenue', 'customerId'] })
@Index({ name: 'reporting_customer_item_plan_rank_idx', properties: ['servicePlanId', 'units', 'revenue', 'customerId'] })
@Index({ name: 'reporting_customer_item_customer_idx', properties: ['customerId'] })
export class CustomerItemRollup {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'bigint' })
  customerId!: string;

  @Property({ type: 'bigint', nullable: true })
  productId?: string | null;

  @Property({ type: 'bigint', nullable: true })
  servicePlanId?: string | null;

  @Property({ type: 'bigint' })
  units!: string;

  @Property(money())
  revenue!: string;

  @Property({ type: 'datetime' })
  lastPurchaseAt!: Date;
}

/** How many customers bought each item in PAID sales, all time. */
@Entity({ tableName: 'reporting_item_total' })
export class ItemTotalRollup {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'bigint', nullable: true })
  productId?: string | null;

  @Property({ type: 'bigint', nullable: true })
  servicePlanId?: string | null;

  @Property({ type: 'integer' })
  customers!: number;
}

/** What every per-customer daily rollup row has: one customer's PAID sales of one local day, with the customer's place at the refresh. */
abstract class CustomerDayRow {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Embedded(() => CustomerPlace, { prefix: false })
  place!: CustomerPlace;

  @Property({ type: 'bigint' })
  customerId!: string;

  @Property({ type: 'bigint' })
  units!: string;

  @Property(money())
  revenue!: string;
}

/** Each customer's PAID purchases of each item per local day: buyers, and distinct customers of line-level reports, over a date range. */
@Entity({ tableName: 'reporting_customer_item_day' })
@Index({ name: 'reporting_customer_item_day_product_idx', properties: ['productId', 'day'] })
@Index({ name: 'reporting_customer_item_day_plan_idx', properties: ['servicePlanId', 'day'] })
@Index({ name: 'reporting_customer_item_day_day_idx', properties: ['day'] })
export class CustomerItemDayRollup extends CustomerDayRow {
  @Property({ type: 'bigint', nullable: true })
  productId?: string | null;

  @Property({ type: 'bigint', nullable: true })
  servicePlanId?: string | null;

  @Property({ type: 'datetime' })
  lastPurchaseAt!: Date;
}

/** Each customer's PAID sales, all time: the all-time top customers (through the rank indexes). */
@Entity({ tableName: 'reporting_customer_total' })
@Index({ name: 'reporting_customer_total_revenue_idx', properties: ['revenue', 'customerId'] })
@Index({ name: 'reporting_customer_total_units_idx', properties: ['units', 'customerId'] })
@Index({ name: 'reporting_customer_total_sales_idx', properties: ['salesCount', 'customerId'] })
export class CustomerTotalRollup {
  @PrimaryKey({ type: 'bigint' })
  customerId!: string;

  @Property({ type: 'integer' })
  salesCount!: number;

  @Property({ type: 'bigint' })
  units!: string;

  @Property(money())
  revenue!: string;
}

/** Each customer's PAID sales per local day: the top customers, and distinct customers of sale-level reports, over a date range. */
@Entity({ tableName: 'reporting_customer_day' })
@Index({ name: 'reporting_customer_day_day_idx', properties: ['day'] })
export class CustomerDayRollup extends CustomerDayRow {
  @Property({ type: 'integer' })
  salesCount!: number;
}

/**
 * Co-ownership for the offers: among the customers of `region` ('' = every region) who own item A
 * (bought it in a PAID sale or hold an ACTIVE/SUSPENDED subscription to it), `customers` also own
 * item B; `aCustomers` own A. Only pairs owned together by at least two customers are kept.
 */
@Entity({ tableName: 'reporting_item_pair' })
export class ItemPairRollup {
  @PrimaryKey({ type: 'string', length: 100 })
  region!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  aKind!: string;

  @PrimaryKey({ type: 'bigint' })
  aId!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  bKind!: string;

  @PrimaryKey({ type: 'bigint' })
  bId!: string;

  @Property({ type: 'integer' })
  customers!: number;

  @Property({ type: 'integer' })
  aCustomers!: number;
}

/** How many customers of a segment (region and category; '' = all) own each item, and the segment's size. */
@Entity({ tableName: 'reporting_segment_item' })
export class SegmentItemRollup {
  @PrimaryKey({ type: 'string', length: 100 })
  region!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  category!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  itemKind!: string;

  @PrimaryKey({ type: 'bigint' })
  itemId!: string;

  @Property({ type: 'integer' })
  customers!: number;

  @Property({ type: 'integer' })
  segmentCustomers!: number;
}
