import type { RequestContext } from '../../core/context';
import { BadUserInputError } from '../../core/errors';
import type { InstantRange } from '../../core/graphql/date-range';
import { SortDirection } from '../../core/pagination';
import { SaleStatus } from '../sales';
import { isoWeekLabel } from './business-time';
import { humanise } from './labels';
import { SalesDimension, SalesMeasure } from './reporting.enums';
import { ReportingErrorDetail } from './reporting.errors';
import { DEFAULT_SALES_REPORT_LIMIT, type SalesReportArgs, type SalesReportFilter } from './reporting.inputs';
import type { DimensionValue, SalesReportRow } from './reporting.types';
import { checkedRange, dayCondition, liveOnly, liveSources, loadCoverage, periodCondition, planRange, run, Sql, tzLiteral, wellFormedIds, type Coverage, type LiveSource, type Statement } from './report-sql';
import { SalesRollupSet } from './rollup.entities';

/**
 * `salesReport`: the analysts' cube, compiled to one SQL statement.
 *
 * Definitions: revenue = Σ sale_line.net_amount (after discounts, before tax); a sale's region,
 * city and category are its customer's (billing address); time buckets are local to the business
 * time zone; only PAID sales unless `statuses` says otherwise.
 *
 * Sale-level dimensions and filters (time, place, customer category, seller, status, payment
 * method) select whole sales. Line-level ones (product, brand, product category, plan, service
 * type) select lines: units, revenue and discounts are the matching lines', salesCount counts the
 * sales with at least one matching line. Grouping by a product dimension keeps product lines
 * only; by a plan dimension, plan lines only; mixing the two sides is BAD_USER_INPUT.
 *
 * Where the rows come from: for the whole local months and days the rollups hold (see
 * `refreshRollups`, `planRange`) the rollup tables, for the rest (partial days at the edges of
 * the range, sales created since the rollups' coverage, sales PENDING at the refresh) the sales
 * tables, `union all`, added up in the same statement.
 * Which rollup: `reporting_sales_period` (set PLACE or SELLER) for sale-level queries whose
 * dimensions and filters it has; for line-level ones, `reporting_item_period` over time and status,
 * `reporting_item_place_period` when they also need the customer's region, city or category
 * (salesCount only when grouped by PRODUCT or SERVICE_PLAN: a sale with two lines of one brand
 * must count once). Everything else is read from the sales tables only.
 *
 * `distinctCustomers` does not add up across rows: each part gives the customer ids of its rows
 * instead (one per key), and the outer query counts them once. The ids come from
 * `reporting_customer_day` (sale-level) or `reporting_customer_item_day` (line-level) when the
 * query is about PAID sales and its dimensions and filters are time, place, category or items,
 * else from the sales tables.
 * Only the measures asked for (selected or ordered by) are computed.
 */

/** Line-level dimensions and filters are about product lines or about service-plan lines; sale-level ones have no side. */
type Side = 'product' | 'plan';

interface DimensionSpec {
  side?: Side;
  /** A time bucket: its key is the date of its first day. */
  time?: 'day' | 'week' | 'month' | 'year';
  /** Key columns read from the sales tables (aliases s, c, l, p, sp); every source gives them in the same SQL types. */
  base: string[];
  /** Key columns read from `reporting_sales_period r`, set PLACE or SELLER, when it has them. */
  place?: string[];
  seller?: string[];
  /** Key columns read from `reporting_item_period r` (with p, sp joined). */
  item?: string[];
  /** Key columns read from `reporting_item_place_period r` (with p, sp joined). */
  itemPlace?: string[];
  /** Key columns read from `reporting_customer_day r` or `reporting_customer_item_day r` (with p, sp joined). */
  customers?: string[];
}

const TIME_SQL = (unit: string, local: string) => (unit === 'day' ? `(${local})::date` : `date_trunc('${unit}', ${local})::date`);

function dimensionSpecs(tz: string): Record<SalesDimension, DimensionSpec> {
  const localBase = `s.created_at at time zone ${tz}`;
  const time = (unit: 'day' | 'week' | 'month' | 'year'): DimensionSpec => {
    const rollup = [TIME_SQL(unit, 'r.day::timestamp')];
    return { time: unit, base: [TIME_SQL(unit, localBase)], place: rollup, seller: rollup, item: rollup, itemPlace: rollup, customers: rollup };
  };
  const product = (base: string, item: string): DimensionSpec => ({ side: 'product', base: [base], item: [item], itemPlace: [item], customers: [item] });
  const plan = (base: string, item: string): DimensionSpec => ({ side: 'plan', base: [base], item: [item], itemPlace: [item], customers: [item] });
  return {
    [SalesDimension.DAY]: time('day'),
    [SalesDimension.WEEK]: time('week'),
    [SalesDimension.MONTH]: time('month'),
    [SalesDimension.YEAR]: time('year'),
    [SalesDimension.REGION]: { base: ['c.billing_region'], place: ['r.region'], itemPlace: ['r.region'], customers: ['r.region'] },
    [SalesDimension.CITY]: { base: ['c.billing_city', 'c.billing_region'], place: ['r.city', 'r.region'], itemPlace: ['r.city', 'r.region'], customers: ['r.city', 'r.region'] },
    [SalesDimension.CUSTOMER_CATEGORY]: { base: ['c.category'], place: ['r.category'], itemPlace: ['r.category'], customers: ['r.category'] },
    [SalesDimension.SELLER]: { base: ['s.seller_id'], seller: ['r.seller_id'] },
    [SalesDimension.STATUS]: { base: ['s.status'], place: ['r.status'], seller: ['r.status'], item: ['r.status'], itemPlace: ['r.status'] },
    [SalesDimension.PAYMENT_METHOD]: { base: ['s.payment_method'], place: ['r.payment_method'], seller: ['r.payment_method'] },
    [SalesDimension.PRODUCT]: product('l.product_id', 'r.product_id'),
    [SalesDimension.BRAND]: product('p.brand_id', 'p.brand_id'),
    [SalesDimension.PRODUCT_CATEGORY]: product('p.category_id', 'p.category_id'),
    [SalesDimension.SERVICE_PLAN]: plan('l.service_plan_id', 'r.service_plan_id'),
    [SalesDimension.SERVICE_TYPE]: plan('sp.type', 'sp.type'),
  };
}

/** A filter normalised: its side (line-level) or none (sale-level), the column it reads per source, its values. */
interface FilterSpec {
  key: keyof SalesReportFilter;
  side?: Side;
  base: string;
  place?: string;
  seller?: string;
  item?: string;
  itemPlace?: string;
  customers?: string;
  values: unknown[];
}

function filterSpecs(filter: SalesReportFilter | null | undefined): FilterSpec[] {
  const specs: FilterSpec[] = [];
  const add = (spec: Omit<FilterSpec, 'values'>, values: readonly unknown[] | null | undefined) => {
    if (values && values.length > 0) specs.push({ ...spec, values: [...new Set(values)] });
  };
  const statuses = [...new Set(filter?.statuses?.length ? filter.statuses : [SaleStatus.PAID])];
  // The customer rollups hold PAID sales only: their rows' status is the constant 'PAID', usable when that is all the query wants.
  const paidOnly = statuses.length === 1 && statuses[0] === SaleStatus.PAID;
  add({ key: 'statuses', base: 's.status', place: 'r.status', seller: 'r.status', item: 'r.status', itemPlace: 'r.status', customers: paidOnly ? `'PAID'` : undefined }, statuses);
  const lower = (values: string[] | null | undefined) => values?.map((value) => value.trim().toLocaleLowerCase('es'));
  const place = (key: keyof SalesReportFilter, base: string, rollup: string, values: unknown[] | null | undefined) =>
    add({ key, base, place: rollup, itemPlace: rollup, customers: rollup }, values);
  place('regions', 'lower(c.billing_region)', 'lower(r.region)', lower(filter?.regions));
  place('cities', 'lower(c.billing_city)', 'lower(r.city)', lower(filter?.cities));
  place('customerCategories', 'c.category', 'r.category', filter?.customerCategories);
  add({ key: 'sellerIds', base: 's.seller_id', seller: 'r.seller_id' }, ids(filter?.sellerIds));
  const item = (key: keyof SalesReportFilter, side: Side, base: string, rollup: string, values: unknown[] | null | undefined) =>
    add({ key, side, base, item: rollup, itemPlace: rollup, customers: rollup }, values);
  item('productIds', 'product', 'l.product_id', 'r.product_id', ids(filter?.productIds));
  item('brandIds', 'product', 'p.brand_id', 'p.brand_id', ids(filter?.brandIds));
  item('productCategoryIds', 'product', 'p.category_id', 'p.category_id', ids(filter?.productCategoryIds));
  item('servicePlanIds', 'plan', 'l.service_plan_id', 'r.service_plan_id', ids(filter?.servicePlanIds));
  item('serviceTypes', 'plan', 'sp.type', 'sp.type', filter?.serviceTypes);
  return specs;
}

/** Ids as given: a malformed one matches nothing (a list of only such ids matches no line or sale). */
function ids(values: string[] | null | undefined): (string | null)[] | null {
  if (!values?.length) return null;
  const good = wellFormedIds(values);
  return good.length ? good : [null];
}

const MEASURE_OF_FIELD: Record<string, SalesMeasure> = {
  salesCount: SalesMeasure.SALES_COUNT,
  units: SalesMeasure.UNITS,
  revenue: SalesMeasure.REVENUE,
  averageTicket: SalesMeasure.AVERAGE_TICKET,
  distinctCustomers: SalesMeasure.DISTINCT_CUSTOMERS,
  discountTotal: SalesMeasure.DISCOUNT_TOTAL,
};

/** The measures a selection set of `SalesReportRow` asks for. */
export function measuresOfFields(fields: Iterable<string>): Set<SalesMeasure> {
  const measures = new Set<SalesMeasure>();
  for (const field of fields) if (MEASURE_OF_FIELD[field]) measures.add(MEASURE_OF_FIELD[field]);
  return measures;
}

/** Additive partial sums each source provides; the outer query adds them up. */
type Partial = 'sales_count' | 'units' | 'revenue' | 'discount_total';

function partialsFor(measures: Set<SalesMeasure>): Partial[] {
  const partials = new Set<Partial>();
  if (measures.has(SalesMeasure.SALES_COUNT) || measures.has(SalesMeasure.AVERAGE_TICKET)) partials.add('sales_count');
  if (measures.has(SalesMeasure.REVENUE) || measures.has(SalesMeasure.AVERAGE_TICKET)) partials.add('revenue');
  if (measures.has(SalesMeasure.UNITS)) partials.add('units');
  if (measures.has(SalesMeasure.DISCOUNT_TOTAL)) partials.add('discount_total');
  return [...partials];
}

type Source = 'place' | 'seller' | 'item' | 'itemPlace';

export interface SalesReportQuery {
  statement: Statement;
  dimensions: SalesDimension[];
  /** Which rollup serves the whole days of the range for the additive measures, if any; null when none is asked (for the bench and the tests). */
  source: Source | 'sales tables' | null;
  /** Where the customer ids of `distinctCustomers` come from for the whole days of the range; null when it is not asked. */
  customersSource: 'customers' | 'sales tables' | null;
}

/** Checks the request and compiles its statement (without running it). */
export function compileSalesReport(args: SalesReportArgs, measuresAsked: Set<SalesMeasure>, coverage: Coverage | null, timeZone: string): SalesReportQuery {
  const dimensions = args.groupBy;
  const duplicate = dimensions.find((dimension, i) => dimensions.indexOf(dimension) !== i);
  if (duplicate) throw BadUserInputError.field('groupBy', `${duplicate} is given twice`, ReportingErrorDetail.DUPLICATE_DIMENSION);
  const range = checkedRange(args.filter?.createdAt, 'filter.createdAt', timeZone);
  const tz = tzLiteral(timeZone);
  const specs = dimensionSpecs(tz);
  const filters = filterSpecs(args.filter);

  const sides = new Set<Side>();
  for (const dimension of dimensions) if (specs[dimension].side) sides.add(specs[dimension].side!);
  for (const filter of filters) if (filter.side) sides.add(filter.side);
  if (sides.size > 1) {
    throw BadUserInputError.field(
      'groupBy',
      'product dimensions and filters (PRODUCT, BRAND, PRODUCT_CATEGORY, productIds, brandIds, productCategoryIds) cannot be combined with service-plan ones (SERVICE_PLAN, SERVICE_TYPE, servicePlanIds, serviceTypes): no sale line is both',
      ReportingErrorDetail.INCOMPATIBLE_DIMENSIONS,
    );
  }
  const side = [...sides][0] as Side | undefined;
  const lineLevel = side !== undefined;

  const measures = new Set(measuresAsked);
  if (args.orderBy) measures.add(args.orderBy.measure);
  const partials = partialsFor(measures);
  const distinctCustomers = measures.has(SalesMeasure.DISTINCT_CUSTOMERS);
  const query: PartQuery = { dimensions, specs, filters, partials, side };

  const sql = new Sql();
  // A query of keys only still needs its rows: from the additive measures' sources.
  const source = partials.length || !distinctCustomers ? chooseSource(dimensions, filters, specs, partials, lineLevel) : null;
  const customersSource = distinctCustomers ? chooseCustomersSource(dimensions, filters, specs) : null;

  const keyColumns = dimensions.flatMap((dimension, d) => specs[dimension].base.map((_, k) => `k${d}_${k}`));
  const keys = [...keyColumns, 'currency'].join(', ');
  const ctes: string[] = [];
  const measureRows: { from: string; columns: string[] }[] = [];
  if (source) {
    // Additive measures: partial sums per key from each source, added up.
    const parts = additiveParts(sql, query, source, range, coverage, timeZone);
    ctes.push(`parts as (${parts.join('\nunion all\n')})`);
    ctes.push(`sums as (select ${[keys, ...partials.map((partial) => `sum(${partial}) as ${partial}`)].join(', ')} from parts group by ${keys})`);
    measureRows.push({ from: 'sums', columns: [...partials, ...(distinctCustomers ? ['null::bigint as distinct_customers'] : [])] });
  }
  if (customersSource) {
    // distinctCustomers: the customer ids of each key from each source, counted once.
    const parts = customerIdParts(sql, query, customersSource, range, coverage, timeZone);
    ctes.push(`customers as (${parts.join('\nunion all\n')})`);
    // count(distinct) sorts each key's ids (numbers): measured twice as fast as a distinct over (keys, id) first.
    ctes.push(`counted as (select ${keys}, count(distinct customer_id) as distinct_customers from customers group by ${keys})`);
    measureRows.push({ from: 'counted', columns: [...partials.map((partial) => `null::numeric as ${partial}`), 'distinct_customers'] });
  }
  // One source of measures: its rows as they are; both: one row per key with the sums and the count.
  const grouped =
    measureRows.length === 1
      ? `select * from ${measureRows[0].from}`
      : `select ${[keys, ...partials.map((partial) => `sum(${partial}) as ${partial}`), 'sum(distinct_customers) as distinct_customers'].join(', ')}
           from (${measureRows.map((m) => `select ${[keys, ...m.columns].join(', ')} from ${m.from}`).join(' union all ')}) m
          group by ${keys}`;

  const { selects, joins } = outerKeys(dimensions, specs);
  const measureSelects = [
    partials.includes('sales_count') ? 'g.sales_count::int as sales_count' : null,
    partials.includes('units') ? 'g.units::bigint as units' : null,
    partials.includes('revenue') ? 'g.revenue::text as revenue' : null,
    partials.includes('discount_total') ? 'g.discount_total::text as discount_total' : null,
    distinctCustomers ? 'g.distinct_customers::int as distinct_customers' : null,
    measures.has(SalesMeasure.AVERAGE_TICKET) ? 'round(g.revenue / nullif(g.sales_count, 0), 2)::text as average_ticket' : null,
  ].filter(Boolean);

  const keyOrder = keyColumns.map((column) => `g.${column} asc nulls last`);
  const order = args.orderBy
    ? [`${orderExpression(args.orderBy.measure)} ${args.orderBy.direction === SortDirection.ASC ? 'asc' : 'desc'} nulls last`, ...keyOrder]
    : keyOrder;
  const limit = args.limit ?? DEFAULT_SALES_REPORT_LIMIT;

  const text = `with ${ctes.join(',\n')},
g as (${grouped})
select ${[...selects, 'g.currency', ...measureSelects].join(', ')}
  from g ${joins.join(' ')}
 order by ${[...order, 'g.currency'].join(', ')}
 limit ${sql.p(limit)}`;
  return { statement: sql.statement(text), dimensions, source, customersSource };
}

/** The parts of the additive measures: the rollup's whole days and months of the range, and the live sales. */
function additiveParts(sql: Sql, query: PartQuery, source: Source | 'sales tables', range: InstantRange | null, coverage: Coverage | null, timeZone: string): string[] {
  if (source === 'sales tables') return liveSources(sql, liveOnly(range)).map((live) => basePart(sql, query, live));
  // A MONTH row spans days and weeks: by day or week, DAY rows only.
  const useMonths = !query.dimensions.includes(SalesDimension.DAY) && !query.dimensions.includes(SalesDimension.WEEK);
  const plan = planRange(range, coverage, timeZone, { useMonths });
  const periods = periodCondition(sql, plan);
  const parts = periods ? [rollupPart(sql, source, query, periods)] : [];
  for (const live of liveSources(sql, plan)) parts.push(basePart(sql, query, live));
  return parts;
}

/** The parts giving each key's customer ids: the per-customer daily rollup's whole days of the range, and the live sales. */
function customerIdParts(sql: Sql, query: PartQuery, source: 'customers' | 'sales tables', range: InstantRange | null, coverage: Coverage | null, timeZone: string): string[] {
  const plan = source === 'sales tables' ? liveOnly(range) : planRange(range, coverage, timeZone, { useMonths: false });
  const days = source === 'sales tables' ? null : dayCondition(sql, plan);
  const parts = days ? [customerRollupPart(sql, query, days)] : [];
  for (const live of liveSources(sql, plan)) parts.push(customerLivePart(sql, query, live));
  return parts;
}

function orderExpression(measure: SalesMeasure): string {
  switch (measure) {
    case SalesMeasure.SALES_COUNT:
      return 'g.sales_count';
    case SalesMeasure.UNITS:
      return 'g.units';
    case SalesMeasure.REVENUE:
      return 'g.revenue';
    case SalesMeasure.AVERAGE_TICKET:
      return 'g.revenue / nullif(g.sales_count, 0)';
    case SalesMeasure.DISTINCT_CUSTOMERS:
      return 'g.distinct_customers';
    case SalesMeasure.DISCOUNT_TOTAL:
      return 'g.discount_total';
  }
}

/** What every part of one query shares. */
interface PartQuery {
  dimensions: SalesDimension[];
  specs: Record<SalesDimension, DimensionSpec>;
  filters: FilterSpec[];
  partials: Partial[];
  side: Side | undefined;
}

type Columns = 'place' | 'seller' | 'item' | 'itemPlace' | 'customers';

function servedBy(columns: Columns, dimensions: SalesDimension[], filters: FilterSpec[], specs: Record<SalesDimension, DimensionSpec>): boolean {
  return dimensions.every((d) => specs[d][columns]) && filters.every((f) => f[columns]);
}

function chooseSource(
  dimensions: SalesDimension[],
  filters: FilterSpec[],
  specs: Record<SalesDimension, DimensionSpec>,
  partials: Partial[],
  lineLevel: boolean,
): Source | 'sales tables' {
  const has = (source: Source) => servedBy(source, dimensions, filters, specs);
  if (!lineLevel) {
    if (has('place')) return 'place';
    if (has('seller')) return 'seller';
    return 'sales tables';
  }
  // A rollup row is one item: it adds up a sale's lines of that item only, so sales can be
  // counted from it only when each row of the report is one item.
  const oneItemPerRow = dimensions.includes(SalesDimension.PRODUCT) || dimensions.includes(SalesDimension.SERVICE_PLAN);
  if (partials.includes('sales_count') && !oneItemPerRow) return 'sales tables';
  if (has('item')) return 'item';
  if (has('itemPlace')) return 'itemPlace';
  return 'sales tables';
}

function chooseCustomersSource(dimensions: SalesDimension[], filters: FilterSpec[], specs: Record<SalesDimension, DimensionSpec>): 'customers' | 'sales tables' {
  return servedBy('customers', dimensions, filters, specs) ? 'customers' : 'sales tables';
}

function keyAliases(dimensions: SalesDimension[], specs: Record<SalesDimension, DimensionSpec>, columnsOf: (spec: DimensionSpec) => string[]): string[] {
  return dimensions.flatMap((dimension, d) => columnsOf(specs[dimension]).map((expression, k) => `${expression} as k${d}_${k}`));
}

/** `group by 1, 2, …` over the keys and the currency (the first columns of every part). */
function groupByKeys(keys: string[]): string {
  return Array.from({ length: keys.length + 1 }, (_, i) => String(i + 1)).join(', ');
}

/** Joins of the lookup tables the expressions use (aliases c: the sale's customer, p, sp: the line's product or plan). */
function lookupJoins(expressions: string[], ids: { customer?: string; product: string; plan: string }): string[] {
  const text = expressions.join(' ');
  const joins: string[] = [];
  if (ids.customer && /\bc\./.test(text)) joins.push(`join customer c on c.id = ${ids.customer}`);
  if (/\bp\./.test(text)) joins.push(`left join product p on p.id = ${ids.product}`);
  if (/\bsp\./.test(text)) joins.push(`left join service_plan sp on sp.id = ${ids.plan}`);
  return joins;
}

/** Lines of the query's side only. */
function sideCondition(side: Side | undefined, alias: string): string[] {
  if (side === 'product') return [`${alias}.product_id is not null`];
  if (side === 'plan') return [`${alias}.service_plan_id is not null`];
  return [];
}

function rollupPart(sql: Sql, source: Source, query: PartQuery, periods: string): string {
  const { dimensions, specs, filters, partials, side } = query;
  const keys = keyAliases(dimensions, specs, (spec) => spec[source]!);
  const measures = partials.map((partial) => `sum(r.${partial}) as ${partial}`);
  const where = [periods];
  let from: string;
  if (source === 'item' || source === 'itemPlace') {
    const expressions = [...dimensions.flatMap((d) => specs[d][source] ?? []), ...filters.map((f) => f[source] ?? '')];
    from = [source === 'item' ? 'reporting_item_period r' : 'reporting_item_place_period r', ...lookupJoins(expressions, { product: 'r.product_id', plan: 'r.service_plan_id' })].join(' ');
    where.push(...sideCondition(side, 'r'));
  } else {
    from = 'reporting_sales_period r';
    where.push(`r.grouping_set = ${source === 'place' ? SalesRollupSet.PLACE : SalesRollupSet.SELLER}`);
  }
  for (const filter of filters) where.push(sql.in(filter[source]!, filter.values));
  return `select ${[...keys, 'r.currency as currency', ...measures].join(', ')}
  from ${from}
 where ${where.join(' and ')}
 group by ${groupByKeys(keys)}`;
}

/** The sales tables' rows of one live source (alias s; l, c, p, sp joined as the query needs), its conditions, its keys. */
function liveFrom(sql: Sql, query: PartQuery, live: LiveSource, withLines: boolean): { keys: string[]; from: string; where: string } {
  const { dimensions, specs, filters, side } = query;
  const keys = keyAliases(dimensions, specs, (spec) => spec.base);
  const expressions = [...dimensions.flatMap((d) => specs[d].base), ...filters.map((f) => f.base)];
  const joins = [live.from];
  if (withLines) joins.push('join sale_line l on l.sale_id = s.id');
  joins.push(...lookupJoins(expressions, { customer: 's.customer_id', product: 'l.product_id', plan: 'l.service_plan_id' }));
  const where = [live.where, ...sideCondition(side, 'l')];
  for (const filter of filters) where.push(sql.in(filter.base, filter.values));
  return { keys, from: joins.join(' '), where: where.join(' and ') };
}

function basePart(sql: Sql, query: PartQuery, live: LiveSource): string {
  const { keys, from, where } = liveFrom(sql, query, live, true);
  const measures: string[] = query.partials.map((partial) => {
    switch (partial) {
      case 'sales_count':
        return 'count(distinct s.id) as sales_count';
      case 'units':
        return 'sum(l.quantity) as units';
      case 'revenue':
        return 'sum(l.net_amount) as revenue';
      case 'discount_total':
        return 'sum(l.discount) as discount_total';
    }
  });
  return `select ${[...keys, 's.currency as currency', ...measures].join(', ')}
  from ${from}
 where ${where}
 group by ${groupByKeys(keys)}`;
}

/** The customer ids of each key, from the sales tables: a sale-level query needs no lines. */
function customerLivePart(sql: Sql, query: PartQuery, live: LiveSource): string {
  const { keys, from, where } = liveFrom(sql, query, live, query.side !== undefined);
  return `select ${[...keys, 's.currency as currency', 's.customer_id as customer_id'].join(', ')}
  from ${from}
 where ${where}`;
}

/** The customer ids of each key from the per-customer daily rollup of the query's level, for the planned days. */
function customerRollupPart(sql: Sql, query: PartQuery, days: string): string {
  const { dimensions, specs, filters, side } = query;
  const keys = keyAliases(dimensions, specs, (spec) => spec.customers!);
  const expressions = [...dimensions.flatMap((d) => specs[d].customers!), ...filters.map((f) => f.customers!)];
  const table = side === undefined ? 'reporting_customer_day r' : 'reporting_customer_item_day r';
  const from = [table, ...lookupJoins(expressions, { product: 'r.product_id', plan: 'r.service_plan_id' })].join(' ');
  const where = [days, ...sideCondition(side, 'r')];
  for (const filter of filters) where.push(sql.in(filter.customers!, filter.values));
  return `select ${[...keys, 'r.currency as currency', 'r.customer_id as customer_id'].join(', ')}
  from ${from}
 where ${where.join(' and ')}`;
}

/** The outer select of each key: machine value (text) and, where a name is needed, its label. */
function outerKeys(dimensions: SalesDimension[], specs: Record<SalesDimension, DimensionSpec>): { selects: string[]; joins: string[] } {
  const selects: string[] = [];
  const joins: string[] = [];
  dimensions.forEach((dimension, d) => {
    const k = `g.k${d}_0`;
    const value = (expression: string) => selects.push(`${expression} as v${d}`);
    const label = (expression: string) => selects.push(`${expression} as l${d}`);
    if (specs[dimension].time) {
      value(`to_char(${k}, 'YYYY-MM-DD')`);
      return;
    }
    switch (dimension) {
      case SalesDimension.CITY:
        value(k);
        label(`${k} || ', ' || g.k${d}_1`);
        return;
      case SalesDimension.PRODUCT:
      case SalesDimension.BRAND:
      case SalesDimension.PRODUCT_CATEGORY:
      case SalesDimension.SERVICE_PLAN:
      case SalesDimension.SELLER: {
        const table = { PRODUCT: 'product', BRAND: 'brand', PRODUCT_CATEGORY: 'product_category', SERVICE_PLAN: 'service_plan', SELLER: 'staff' }[dimension];
        joins.push(`left join ${table} n${d} on n${d}.id = ${k}`);
        value(`${k}::text`);
        label(`n${d}.name`);
        return;
      }
      default:
        value(`${k}::text`);
    }
  });
  return { selects, joins };
}

const MONTHS = (month: string) => month.slice(0, 7);

/** Labels computed here rather than in SQL: periods and enum values. */
function labelOf(dimension: SalesDimension, value: string | null, sqlLabel: string | null | undefined): string | null {
  if (value === null) return dimension === SalesDimension.PAYMENT_METHOD ? 'No payment' : null;
  switch (dimension) {
    case SalesDimension.DAY:
      return value;
    case SalesDimension.WEEK:
      return isoWeekLabel(value);
    case SalesDimension.MONTH:
      return MONTHS(value);
    case SalesDimension.YEAR:
      return value.slice(0, 4);
    case SalesDimension.REGION:
      return value;
    case SalesDimension.CUSTOMER_CATEGORY:
    case SalesDimension.STATUS:
    case SalesDimension.PAYMENT_METHOD:
    case SalesDimension.SERVICE_TYPE:
      return humanise(value);
    default:
      return sqlLabel ?? null;
  }
}


interface RawRow {
  currency: string;
  sales_count?: number;
  units?: string | number;
  revenue?: string;
  discount_total?: string;
  distinct_customers?: number;
  average_ticket?: string | null;
  [key: string]: unknown;
}

export function toReportRows(dimensions: SalesDimension[], rows: RawRow[]): SalesReportRow[] {
  return rows.map((row) => {
    const keys: DimensionValue[] = dimensions.map((dimension, d) => {
      const value = (row[`v${d}`] as string | null) ?? null;
      return { dimension, value, label: labelOf(dimension, value, row[`l${d}`] as string | null | undefined) };
    });
    return {
      keys,
      currency: row.currency,
      salesCount: row.sales_count ?? 0,
      units: Number(row.units ?? 0),
      revenue: row.revenue ?? '0.00',
      discountTotal: row.discount_total ?? '0.00',
      distinctCustomers: row.distinct_customers ?? 0,
      averageTicket: row.average_ticket ?? '0.00',
    };
  });
}

export async function salesReport(ctx: RequestContext, args: SalesReportArgs, measures: Set<SalesMeasure>): Promise<SalesReportRow[]> {
  const coverage = await loadCoverage(ctx);
  const query = compileSalesReport(args, measures, coverage, ctx.config.businessTimeZone);
  return toReportRows(query.dimensions, await run<RawRow>(ctx, query.statement));
}
