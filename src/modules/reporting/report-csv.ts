import type { CsvColumn, CsvReport } from '../../core/http/report-csv';
import { BadUserInputError } from '../../core/errors';

/**
 * The reports as CSV files (`GET /reports/<field>.csv`): what each row selects and how it reads as
 * columns. Amounts are plain decimals ("45900.00") with the currency in a column of its own.
 */
const col = (header: string, value: (row: any) => unknown): CsvColumn => ({ header, value });

const CUSTOMER_SELECTION = 'customer { id firstName lastName category city region }';
const customerColumns = [
  col('customer_id', (r) => r.customer.id),
  col('first_name', (r) => r.customer.firstName),
  col('last_name', (r) => r.customer.lastName),
  col('category', (r) => r.customer.category),
  col('city', (r) => r.customer.city),
  col('region', (r) => r.customer.region),
];

/** salesReport's measures: the `measures` parameter picks them (fields, comma-separated), in this order. */
const SALES_MEASURES: Record<string, string> = {
  salesCount: 'sales_count',
  units: 'units',
  revenue: 'revenue',
  discountTotal: 'discount_total',
  averageTicket: 'average_ticket',
  distinctCustomers: 'distinct_customers',
};
const DEFAULT_SALES_MEASURES = ['salesCount', 'units', 'revenue', 'discountTotal', 'averageTicket'];

function salesMeasures(extra: Record<string, string>): string[] {
  if (extra.measures === undefined) return DEFAULT_SALES_MEASURES;
  const asked = extra.measures.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = asked.filter((m) => !(m in SALES_MEASURES));
  if (unknown.length || asked.length === 0) {
    throw BadUserInputError.field('measures', `expected some of ${Object.keys(SALES_MEASURES).join(', ')} (got ${JSON.stringify(extra.measures)})`);
  }
  return Object.keys(SALES_MEASURES).filter((m) => asked.includes(m));
}

const dimensionsOf = (args: Record<string, unknown>): string[] => (Array.isArray(args.groupBy) ? args.groupBy.map(String) : []);

export const reportCsvs: CsvReport[] = [
  {
    field: 'salesReport',
    shape: 'list',
    extraParams: { measures: `the measures to compute, comma-separated (default ${DEFAULT_SALES_MEASURES.join(',')})` },
    selection: (_args, extra) => `{ keys { dimension value label } ${salesMeasures(extra).join(' ')} currency }`,
    columns: (args, extra) => [
      ...dimensionsOf(args).flatMap((dimension, i) => [
        col(dimension.toLowerCase(), (r) => r.keys[i]?.label),
        col(`${dimension.toLowerCase()}_value`, (r) => r.keys[i]?.value),
      ]),
      ...salesMeasures(extra).map((measure) => col(SALES_MEASURES[measure], (r) => r[measure])),
      col('currency', (r) => r.currency),
    ],
  },
  {
    field: 'popularProducts',
    shape: 'list',
    selection: () => '{ product { id name sku brand { name } category { name } } units share distinctCustomers revenue { amount currency } }',
    columns: () => [
      col('product_id', (r) => r.product.id),
      col('product', (r) => r.product.name),
      col('sku', (r) => r.product.sku),
      col('brand', (r) => r.product.brand.name),
      col('category', (r) => r.product.category.name),
      col('units', (r) => r.units),
      col('share', (r) => r.share),
      col('distinct_customers', (r) => r.distinctCustomers),
      col('revenue', (r) => r.revenue.amount),
      col('currency', (r) => r.revenue.currency),
    ],
  },
  {
    field: 'popularServices',
    shape: 'list',
    selection: () => '{ servicePlan { id code name type } units activeSubscriptions share distinctCustomers revenue { amount currency } }',
    columns: () => [
      col('service_plan_id', (r) => r.servicePlan.id),
      col('code', (r) => r.servicePlan.code),
      col('service_plan', (r) => r.servicePlan.name),
      col('service_type', (r) => r.servicePlan.type),
      col('units', (r) => r.units),
      col('active_subscriptions', (r) => r.activeSubscriptions),
      col('share', (r) => r.share),
      col('distinct_customers', (r) => r.distinctCustomers),
      col('revenue', (r) => r.revenue.amount),
      col('currency', (r) => r.revenue.currency),
    ],
  },
  {
    field: 'topCustomers',
    shape: 'list',
    selection: () => `{ ${CUSTOMER_SELECTION} salesCount units revenue { amount currency } }`,
    columns: () => [
      ...customerColumns,
      col('sales_count', (r) => r.salesCount),
      col('units', (r) => r.units),
      col('revenue', (r) => r.revenue.amount),
      col('currency', (r) => r.revenue.currency),
    ],
  },
  ...(['buyersOfProduct', 'buyersOfServicePlan'] as const).map(
    (field): CsvReport => ({
      field,
      shape: 'connection',
      selection: () => `{ ${CUSTOMER_SELECTION} quantity revenue { amount currency } lastPurchaseAt }`,
      columns: () => [
        ...customerColumns,
        col('quantity', (r) => r.quantity),
        col('revenue', (r) => r.revenue.amount),
        col('currency', (r) => r.revenue.currency),
        col('last_purchase_at', (r) => r.lastPurchaseAt),
      ],
    }),
  ),
  {
    // One object of counts and counted lists: one row per figure (measure, key, count).
    field: 'catalogSummary',
    shape: 'object',
    selection: () =>
      '{ productCount activeProductCount servicePlanCount activeServicePlanCount productsByBrand { key count } productsByCategory { key count } servicePlansByType { key count } }',
    columns: () => [col('measure', (r) => r.measure), col('key', (r) => r.key), col('count', (r) => r.count)],
    rows: (summary) => [
      ...['productCount', 'activeProductCount', 'servicePlanCount', 'activeServicePlanCount'].map((measure) => ({ measure, key: null, count: summary[measure] })),
      ...['productsByBrand', 'productsByCategory', 'servicePlansByType'].flatMap((measure) =>
        (summary[measure] as { key: string; count: number }[]).map(({ key, count }) => ({ measure, key, count })),
      ),
    ],
  },
  {
    field: 'customerInsights',
    shape: 'object',
    selection: () =>
      `{ ${CUSTOMER_SELECTION} tenureDays salesCount totalSpent { amount currency } lastPurchaseAt activeSubscriptions categoryReason favouriteServiceTypes }`,
    columns: () => [
      ...customerColumns,
      col('tenure_days', (r) => r.tenureDays),
      col('sales_count', (r) => r.salesCount),
      col('total_spent', (r) => r.totalSpent.amount),
      col('currency', (r) => r.totalSpent.currency),
      col('last_purchase_at', (r) => r.lastPurchaseAt),
      col('active_subscriptions', (r) => r.activeSubscriptions),
      col('category_reason', (r) => r.categoryReason),
      col('favourite_service_types', (r) => (r.favouriteServiceTypes as string[]).join(' ')),
    ],
  },
];
