import { registerEnumType } from 'type-graphql';

export enum PopularityMeasure {
  UNITS = 'UNITS',
  REVENUE = 'REVENUE',
  ACTIVE_SUBSCRIPTIONS = 'ACTIVE_SUBSCRIPTIONS',
}
registerEnumType(PopularityMeasure, {
  name: 'PopularityMeasure',
  description: 'What ranks service plans in `popularServices`.',
  valuesConfig: {
    UNITS: { description: 'Units sold in PAID sales of the period.' },
    REVENUE: { description: 'Net revenue (after discounts, before tax) of PAID sales of the period.' },
    ACTIVE_SUBSCRIPTIONS: { description: 'Subscriptions ACTIVE now, whatever the period.' },
  },
});

export enum TopCustomerMeasure {
  REVENUE = 'REVENUE',
  UNITS = 'UNITS',
  SALES = 'SALES',
}
registerEnumType(TopCustomerMeasure, {
  name: 'TopCustomerMeasure',
  description: 'What ranks customers in `topCustomers`.',
  valuesConfig: {
    REVENUE: { description: 'Net revenue of their PAID sales (after discounts, before tax).' },
    SALES: { description: 'Number of their PAID sales.' },
    UNITS: { description: 'Units they bought in PAID sales.' },
  },
});

/**
 * The axes of the sales cube. Sale-level dimensions are properties of the whole sale (its date,
 * its customer's billing address and category, its seller, status and payment); line-level ones
 * are properties of what a line sells (a product and its brand and category, or a service plan
 * and its type).
 */
export enum SalesDimension {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
  REGION = 'REGION',
  CITY = 'CITY',
  CUSTOMER_CATEGORY = 'CUSTOMER_CATEGORY',
  PRODUCT = 'PRODUCT',
  BRAND = 'BRAND',
  PRODUCT_CATEGORY = 'PRODUCT_CATEGORY',
  SERVICE_PLAN = 'SERVICE_PLAN',
  SERVICE_TYPE = 'SERVICE_TYPE',
  SELLER = 'SELLER',
  STATUS = 'STATUS',
  PAYMENT_METHOD = 'PAYMENT_METHOD',
}
registerEnumType(SalesDimension, {
  name: 'SalesDimension',
  description:
    'An axis of `salesReport`. Sale-level: DAY, WEEK, MONTH, YEAR (buckets in the business time zone), REGION and CITY (the customer’s billing address), ' +
    'CUSTOMER_CATEGORY, SELLER, STATUS, PAYMENT_METHOD: they group whole sales. Line-level: PRODUCT, BRAND, PRODUCT_CATEGORY (product lines only) and ' +
    'SERVICE_PLAN, SERVICE_TYPE (service-plan lines only): grouping by them counts only the lines that sell such an item, so a sale with a phone and a plan ' +
    'counts in both a BRAND row and a SERVICE_TYPE report, each with its own lines’ units and revenue. A product dimension and a service-plan dimension ' +
    'cannot be combined (no line is both): BAD_USER_INPUT.',
  valuesConfig: {
    DAY: { description: 'Calendar day in the business time zone; value "2026-03-05", label "2026-03-05".' },
    WEEK: { description: 'ISO week (Monday to Sunday) in the business time zone; value its Monday "2026-03-02", label "2026-W10".' },
    MONTH: { description: 'Calendar month in the business time zone; value "2026-03-01", label "2026-03".' },
    YEAR: { description: 'Calendar year in the business time zone; value "2026-01-01", label "2026".' },
    REGION: { description: 'Region (department) of the customer’s billing address; value and label the region.' },
    CITY: { description: 'City of the customer’s billing address; value the city, label "city, region".' },
    CUSTOMER_CATEGORY: { description: 'The customer’s current category (NEW, REGULAR, LOYAL).' },
    PRODUCT: { description: 'Line-level, product lines only; value the product id, label its name.' },
    BRAND: { description: 'Line-level, product lines only; value the brand id, label its name.' },
    PRODUCT_CATEGORY: { description: 'Line-level, product lines only; value the category id, label its name.' },
    SERVICE_PLAN: { description: 'Line-level, service-plan lines only; value the plan id, label its name.' },
    SERVICE_TYPE: { description: 'Line-level, service-plan lines only; value and label the ServiceType.' },
    SELLER: { description: 'The staff member who registered the sale; value the staff id, label the name.' },
    STATUS: { description: 'The sale’s status (filter `statuses` to see others than PAID).' },
    PAYMENT_METHOD: { description: 'How the sale was paid; value null for sales without payment (PENDING, CANCELLED).' },
  },
});

/** What `salesReport` can compute, and order by. */
export enum SalesMeasure {
  SALES_COUNT = 'SALES_COUNT',
  UNITS = 'UNITS',
  REVENUE = 'REVENUE',
  AVERAGE_TICKET = 'AVERAGE_TICKET',
  DISTINCT_CUSTOMERS = 'DISTINCT_CUSTOMERS',
  DISCOUNT_TOTAL = 'DISCOUNT_TOTAL',
}
registerEnumType(SalesMeasure, {
  name: 'SalesMeasure',
  description: 'A measure of `SalesReportRow`, to order its rows by.',
  valuesConfig: {
    AVERAGE_TICKET: { description: 'Revenue divided by sales count, COP.' },
    DISCOUNT_TOTAL: { description: 'Sum of promotion discounts, COP.' },
    DISTINCT_CUSTOMERS: { description: 'Different customers, each counted once per row.' },
    REVENUE: { description: 'Net revenue (after discounts, before tax), COP.' },
    SALES_COUNT: { description: 'Number of sales.' },
    UNITS: { description: 'Units sold (of the matching lines).' },
  },
});

export enum OfferKind {
  SERVICE_PLAN = 'SERVICE_PLAN',
  PRODUCT = 'PRODUCT',
  PROMOTION = 'PROMOTION',
}
registerEnumType(OfferKind, {
  name: 'OfferKind',
  description: 'What a recommended offer proposes.',
  valuesConfig: {
    PRODUCT: { description: 'A device or accessory in stock the customer does not own yet.' },
    PROMOTION: { description: 'A promotion the customer may use now (code to give at the sale).' },
    SERVICE_PLAN: { description: 'A service plan the customer does not hold yet.' },
  },
});

/**
 * FULL rebuilds every rollup. INCREMENTAL, after a first full refresh, rebuilds only the local
 * days whose sales changed since the last refresh (new sales, sales PENDING then, status changes
 * since), their months and the all-time totals of their customers; the other days keep the
 * customers' places and categories of the refresh that wrote them, and the offers' patterns wait
 * for the next FULL one.
 */
export enum RefreshMode {
  FULL = 'FULL',
  INCREMENTAL = 'INCREMENTAL',
}
registerEnumType(RefreshMode, { name: 'ReportingRefreshMode',
  description:
    'FULL rebuilds every rollup. INCREMENTAL rebuilds the days whose sales changed since the last refresh (new sales, payments, cancellations, refunds); ' +
    'customers’ moves and category changes reach the other days at the next FULL one.', valuesConfig: { FULL: { description: 'Every rollup from scratch, customers’ moves, category changes and offers’ patterns included (minutes on a million sales).' }, INCREMENTAL: { description: 'Only the days whose sales changed since the last refresh, their months and their customers’ totals (seconds).' } } });
