import type { RequestContext } from '../../core/context';
import { BadUserInputError } from '../../core/errors';
import type { DateRange, InstantRange } from '../../core/graphql/date-range';
import { isWellFormedId } from '../../core/ids';
import { cop } from '../../core/money';
import { decodeOpaqueCursor, encodeOpaqueCursor, pageSize, type Connection } from '../../core/pagination';
import { PopularityMeasure, TopCustomerMeasure } from './reporting.enums';
import type { Buyer, PopularProduct, PopularServicePlan, TopCustomer } from './reporting.types';
import {
  allTimePlan,
  checkedRange,
  checkLimit,
  dayCondition,
  liveSources,
  loadCoverage,
  periodCondition,
  planRange,
  run,
  Sql,
  type Coverage,
  type LiveSource,
  type RangePlan,
  type Statement,
} from './report-sql';

/**
 * Popularity, buyers and top customers: PAID sales only, revenue = Σ net amount of the lines
 * (after discounts, before tax), every amount in COP (the only currency for now).
 *
 * Sources: units and revenue per item come from `reporting_item_period` for the whole months and
 * days the rollups hold, plus the sales tables for the rest (see `planRange`). Distinct customers,
 * buyers and customer totals over all time come from the all-time rollups
 * (`reporting_item_total`, `reporting_customer_item`, `reporting_customer_total`), over a date
 * range from the per-customer daily ones (`reporting_customer_item_day`, `reporting_customer_day`),
 * plus the live sales in both cases.
 */

export type ItemKind = 'product' | 'plan';
const ITEM_COLUMN: Record<ItemKind, string> = { product: 'product_id', plan: 'service_plan_id' };
const DEFAULT_LIMIT = 10;

export interface PopularityRequest {
  kind: ItemKind;
  range: InstantRange | null;
  limit: number;
  by: PopularityMeasure;
  /** Compute distinct customers (not additive: the costly part) only when asked. */
  withCustomers: boolean;
  withSubscriptions: boolean;
}

interface PopularityRow {
  item_id: string;
  units: string;
  revenue: string;
  customers: number | null;
  active: number | null;
  share: number | null;
}

export function popularityStatement(request: PopularityRequest, coverage: Coverage | null, timeZone: string): Statement {
  const { kind, range, by } = request;
  const column = ITEM_COLUMN[kind];
  const withSubscriptions = kind === 'plan' && (request.withSubscriptions || by === PopularityMeasure.ACTIVE_SUBSCRIPTIONS);
  const plan = planRange(range, coverage, timeZone);
  const sql = new Sql();

  const soldParts: string[] = [];
  const periods = periodCondition(sql, plan);
  if (periods) {
    soldParts.push(`select r.${column} as item_id, sum(r.units) as units, sum(r.revenue) as revenue
  from reporting_item_period r where r.status = 'PAID' and r.${column} is not null and ${periods} group by 1`);
  }
  for (const live of liveSources(sql, plan)) {
    soldParts.push(`select l.${column} as item_id, sum(l.quantity) as units, sum(l.net_amount) as revenue
  from ${live.from} join sale_line l on l.sale_id = s.id where s.status = 'PAID' and l.${column} is not null and ${live.where} group by 1`);
  }
  const ctes = [`sold as (select item_id, sum(units) as units, sum(revenue) as revenue from (${soldParts.join(' union all ')}) x group by 1)`];

  if (request.withCustomers) ctes.push(`buyers as (${distinctBuyers(sql, column, range, coverage, plan)})`);
  if (withSubscriptions) ctes.push(`subs as (select service_plan_id as item_id, count(*) as active from service_subscription where status = 'ACTIVE' group by 1)`);

  const table = kind === 'product' ? 'product' : 'service_plan';
  const listed = withSubscriptions ? '(sold.item_id is not null or subs.item_id is not null)' : 'sold.item_id is not null';
  const measure = {
    [PopularityMeasure.UNITS]: 'coalesce(sold.units, 0)',
    [PopularityMeasure.REVENUE]: 'coalesce(sold.revenue, 0)',
    [PopularityMeasure.ACTIVE_SUBSCRIPTIONS]: 'coalesce(subs.active, 0)',
  }[by];
  const text = `with ${ctes.join(',\n')}
select i.id as item_id, coalesce(sold.units, 0)::bigint as units, coalesce(sold.revenue, 0)::text as revenue,
       ${request.withCustomers ? 'coalesce(buyers.customers, 0)::int' : 'null::int'} as customers,
       ${withSubscriptions ? 'coalesce(subs.active, 0)::int' : 'null::int'} as active,
       (${measure})::float8 / nullif(sum(${measure}) over (), 0) as share
  from ${table} i
  left join sold on sold.item_id = i.id
  ${request.withCustomers ? 'left join buyers on buyers.item_id = i.id' : ''}
  ${withSubscriptions ? 'left join subs on subs.item_id = i.id' : ''}
 where ${listed}
 order by ${measure} desc, i.id
 limit ${sql.p(request.limit)}`;
  return sql.statement(text);
}

/**
 * Customers with a PAID purchase of each item (`item_id, customers`). Over all time: the rollup's
 * count per item plus the live buyers it does not know yet. Over a range: the distinct
 * (item, customer) pairs of the daily rollup's days and of the live sales. Without rollups: the
 * sales tables.
 */
function distinctBuyers(sql: Sql, column: string, range: InstantRange | null, coverage: Coverage | null, plan: RangePlan): string {
  const livePairs = (live: LiveSource) =>
    `select l.${column} as item_id, s.customer_id from ${live.from} join sale_line l on l.sale_id = s.id where s.status = 'PAID' and l.${column} is not null and ${live.where}`;
  if (coverage && !range) {
    const newBuyers = liveSources(sql, allTimePlan(coverage)).map(livePairs).join(' union ');
    return `select item_id, sum(customers) as customers from (
      select ${column} as item_id, customers from reporting_item_total where ${column} is not null
      union all
      select t.item_id, count(*) as customers from (${newBuyers}) t
       where not exists (select 1 from reporting_customer_item ci where ci.${column} = t.item_id and ci.customer_id = t.customer_id)
       group by 1) x group by 1`;
  }
  const pairs = liveSources(sql, plan).map(livePairs);
  const days = dayCondition(sql, plan);
  if (days) pairs.unshift(`select r.${column} as item_id, r.customer_id from reporting_customer_item_day r where r.${column} is not null and ${days}`);
  return `select item_id, count(distinct customer_id) as customers from (${pairs.join(' union all ')}) x group by 1`;
}

export async function popularServices(
  ctx: RequestContext,
  args: { range?: DateRange | null; limit?: number | null; by?: PopularityMeasure | null },
  fields: Set<string>,
): Promise<PopularServicePlan[]> {
  const rows = await popularity(ctx, 'plan', args, args.by ?? PopularityMeasure.UNITS, fields);
  return rows.map((row) => ({
    servicePlanId: row.item_id,
    units: Number(row.units),
    revenue: cop(row.revenue),
    distinctCustomers: row.customers ?? 0,
    activeSubscriptions: row.active ?? 0,
    share: row.share ?? 0,
  }));
}

export async function popularProducts(ctx: RequestContext, args: { range?: DateRange | null; limit?: number | null }, fields: Set<string>): Promise<PopularProduct[]> {
  const rows = await popularity(ctx, 'product', args, PopularityMeasure.UNITS, fields);
  return rows.map((row) => ({
    productId: row.item_id,
    units: Number(row.units),
    revenue: cop(row.revenue),
    distinctCustomers: row.customers ?? 0,
    share: row.share ?? 0,
  }));
}

async function popularity(
  ctx: RequestContext,
  kind: ItemKind,
  args: { range?: DateRange | null; limit?: number | null },
  by: PopularityMeasure,
  fields: Set<string>,
): Promise<PopularityRow[]> {
  const range = checkedRange(args.range, 'range', ctx.config.businessTimeZone);
  checkLimit(args.limit);
  const request: PopularityRequest = {
    kind,
    range,
    limit: args.limit ?? DEFAULT_LIMIT,
    by,
    withCustomers: fields.has('distinctCustomers'),
    withSubscriptions: fields.has('activeSubscriptions'),
  };
  return run<PopularityRow>(ctx, popularityStatement(request, await loadCoverage(ctx), ctx.config.businessTimeZone));
}

export interface TopCustomersRequest {
  range: InstantRange | null;
  by: TopCustomerMeasure;
  limit: number;
}

const TOTAL_COLUMN: Record<TopCustomerMeasure, string> = {
  [TopCustomerMeasure.REVENUE]: 'revenue',
  [TopCustomerMeasure.UNITS]: 'units',
  [TopCustomerMeasure.SALES]: 'sales_count',
};

/**
 * Over all time: the first `limit` of the all-time rollup by the measure, and every customer who
 * bought live (since its coverage, or PENDING then), both parts added up and ranked again: exact,
 * since customers outside both sets can only rank below the rollup's first `limit`. Over a range:
 * the daily rollup's days and the live sales. Without rollups: the sales tables.
 * Ties: the newest customer (highest id) first.
 */
export function topCustomersStatement(request: TopCustomersRequest, coverage: Coverage | null, timeZone: string): Statement {
  const sql = new Sql();
  const measure = TOTAL_COLUMN[request.by];
  const perCustomer = (live: LiveSource) => `select s.customer_id, count(distinct s.id) as sales_count, sum(l.quantity) as units, sum(l.net_amount) as revenue
      from ${live.from} join sale_line l on l.sale_id = s.id where s.status = 'PAID' and ${live.where} group by 1`;
  const sumUp = (parts: string[]) =>
    `select customer_id, sum(sales_count) as sales_count, sum(units) as units, sum(revenue) as revenue from (${parts.join(' union all ')}) x group by 1`;
  let text: string;
  if (coverage && !request.range) {
    text = `with tail as (${sumUp(liveSources(sql, allTimePlan(coverage)).map(perCustomer))}),
candidates as ((select customer_id from reporting_customer_total order by ${measure} desc, customer_id desc limit ${sql.p(request.limit)})
               union select customer_id from tail),
totals as (select k.customer_id,
                  coalesce(r.sales_count, 0) + coalesce(t.sales_count, 0) as sales_count,
                  coalesce(r.units, 0) + coalesce(t.units, 0) as units,
                  coalesce(r.revenue, 0) + coalesce(t.revenue, 0) as revenue
             from candidates k
             left join reporting_customer_total r on r.customer_id = k.customer_id
             left join tail t on t.customer_id = k.customer_id)
select customer_id, sales_count::int, units::bigint, revenue::text from totals order by totals.${measure} desc, totals.customer_id desc limit ${sql.p(request.limit)}`;
  } else {
    const plan = planRange(request.range, coverage, timeZone);
    const parts = liveSources(sql, plan).map(perCustomer);
    const days = dayCondition(sql, plan);
    if (days) parts.unshift(`select customer_id, sales_count, units, revenue from reporting_customer_day r where ${days}`);
    text = `select customer_id, sales_count::int, units::bigint, revenue::text from (${sumUp(parts)}) t order by t.${measure} desc, t.customer_id desc limit ${sql.p(request.limit)}`;
  }
  return sql.statement(text);
}

export async function topCustomers(
  ctx: RequestContext,
  args: { range?: DateRange | null; by?: TopCustomerMeasure | null; limit?: number | null },
): Promise<TopCustomer[]> {
  const range = checkedRange(args.range, 'range', ctx.config.businessTimeZone);
  checkLimit(args.limit);
  const request = { range, by: args.by ?? TopCustomerMeasure.REVENUE, limit: args.limit ?? DEFAULT_LIMIT };
  const rows = await run<{ customer_id: string; sales_count: number; units: string; revenue: string }>(ctx, topCustomersStatement(request, await loadCoverage(ctx), ctx.config.businessTimeZone));
  return rows.map((row) => ({ customerId: String(row.customer_id), salesCount: row.sales_count, units: Number(row.units), revenue: cop(row.revenue) }));
}

export interface BuyersRequest {
  kind: ItemKind;
  itemId: string;
  range: InstantRange | null;
  first: number;
  after: BuyerCursor | null;
}

/** Buyers come by quantity, then revenue, then customer id, all descending. */
interface BuyerCursor {
  quantity: number;
  revenue: string;
  customerId: string;
}

const CURSOR_SIGNATURE = 'buyers:quantity,revenue,customer:desc';

function encodeBuyerCursor(cursor: BuyerCursor): string {
  return encodeOpaqueCursor([CURSOR_SIGNATURE, cursor.quantity, cursor.revenue, cursor.customerId]);
}

function decodeBuyerCursor(after: string): BuyerCursor {
  const decoded = decodeOpaqueCursor(after);
  if (
    Array.isArray(decoded) &&
    decoded.length === 4 &&
    decoded[0] === CURSOR_SIGNATURE &&
    Number.isSafeInteger(decoded[1]) &&
    typeof decoded[2] === 'string' &&
    /^-?\d+(\.\d+)?$/.test(decoded[2]) &&
    isWellFormedId(decoded[3])
  ) {
    return { quantity: decoded[1], revenue: decoded[2], customerId: decoded[3] };
  }
  throw BadUserInputError.field('after', 'is not a cursor of this list: use a cursor it returned', 'INVALID_CURSOR');
}

/**
 * One page and the total, in one statement. Over all time: the all-time rollup's rows of the
 * item in page order through its rank index (customers who also bought live left out), merged
 * with the live buyers (rollup and live parts added up); the total from the per-item count. Over a
 * range: the daily rollup's days and the live sales, added up per customer. Without rollups: the
 * sales tables.
 */
export function buyersStatement(request: BuyersRequest, coverage: Coverage | null, timeZone: string): Statement {
  const sql = new Sql();
  const column = ITEM_COLUMN[request.kind];
  const item = sql.p(request.itemId);
  const liveLines = (live: LiveSource) => `select s.customer_id, sum(l.quantity) as quantity, sum(l.net_amount) as revenue, max(s.created_at) as last_purchase_at
      from ${live.from} join sale_line l on l.sale_id = s.id where l.${column} = ${item} and s.status = 'PAID' and ${live.where} group by 1`;
  const sumUp = (parts: string[]) =>
    `select customer_id, sum(quantity) as quantity, sum(revenue) as revenue, max(last_purchase_at) as last_purchase_at from (${parts.join(' union all ')}) x group by 1`;
  const after = (alias: string) =>
    request.after
      ? `(${alias}.quantity, ${alias}.revenue, ${alias}.customer_id) < (${sql.p(request.after.quantity)}::bigint, ${sql.p(request.after.revenue)}::numeric, ${sql.p(request.after.customerId)}::bigint)`
      : 'true';
  const size = sql.p(request.first + 1);
  let text: string;
  if (coverage && !request.range) {
    text = `with tail as (${sumUp(liveSources(sql, allTimePlan(coverage)).map(liveLines))}),
merged as (select t.customer_id, coalesce(ci.units, 0) + t.quantity as quantity, coalesce(ci.revenue, 0) + t.revenue as revenue,
                  greatest(ci.last_purchase_at, t.last_purchase_at) as last_purchase_at, ci.customer_id is null as new_buyer
             from tail t left join reporting_customer_item ci on ci.${column} = ${item} and ci.customer_id = t.customer_id),
page as ((select ci.customer_id, ci.units as quantity, ci.revenue, ci.last_purchase_at from reporting_customer_item ci
           where ci.${column} = ${item} and ci.customer_id not in (select customer_id from tail)
             and ${request.after ? `(ci.units, ci.revenue, ci.customer_id) < (${sql.p(request.after.quantity)}::bigint, ${sql.p(request.after.revenue)}::numeric, ${sql.p(request.after.customerId)}::bigint)` : 'true'}
           order by ci.units desc, ci.revenue desc, ci.customer_id desc limit ${size})
         union all
         (select m.customer_id, m.quantity, m.revenue, m.last_purchase_at from merged m where ${after('m')}))
select t.total, p.customer_id, p.quantity, p.revenue, p.last_purchase_at
  from (select coalesce((select customers from reporting_item_total where ${column} = ${item}), 0)
               + (select count(*) from merged where new_buyer) as total) t
  left join lateral (select page.customer_id, page.quantity::bigint as quantity, page.revenue::text as revenue, page.last_purchase_at from page
                      order by page.quantity desc, page.revenue desc, page.customer_id desc limit ${size}) p on true`;
  } else {
    const plan = planRange(request.range, coverage, timeZone);
    const parts = liveSources(sql, plan).map(liveLines);
    const days = dayCondition(sql, plan);
    if (days) parts.unshift(`select customer_id, units as quantity, revenue, last_purchase_at from reporting_customer_item_day r where r.${column} = ${item} and ${days}`);
    text = `with a as (${sumUp(parts)})
select t.total, p.customer_id, p.quantity, p.revenue, p.last_purchase_at
  from (select count(*)::int as total from a) t
  left join lateral (select a.customer_id, a.quantity::bigint as quantity, a.revenue::text as revenue, a.last_purchase_at from a where ${after('a')}
                      order by a.quantity desc, a.revenue desc, a.customer_id desc limit ${size}) p on true`;
  }
  return sql.statement(text);
}

export async function buyersOf(
  ctx: RequestContext,
  kind: ItemKind,
  itemId: string,
  args: { range?: DateRange | null; first?: number | null; after?: string | null },
): Promise<Connection<Buyer>> {
  const range = checkedRange(args.range, 'range', ctx.config.businessTimeZone);
  const after = args.after ? decodeBuyerCursor(args.after) : null;
  const first = pageSize(args.first);
  if (!isWellFormedId(itemId)) return { edges: [], totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: after !== null, startCursor: null, endCursor: null } };
  const rows = await run<{ total: number; customer_id: string | null; quantity: string; revenue: string; last_purchase_at: Date }>(
    ctx,
    buyersStatement({ kind, itemId, range, first, after }, await loadCoverage(ctx), ctx.config.businessTimeZone),
  );
  const found = rows.filter((row) => row.customer_id !== null);
  const edges = found.slice(0, first).map((row) => {
    const node: Buyer = { customerId: String(row.customer_id), quantity: Number(row.quantity), revenue: cop(row.revenue), lastPurchaseAt: new Date(row.last_purchase_at) };
    return { node, cursor: encodeBuyerCursor({ quantity: node.quantity, revenue: row.revenue, customerId: node.customerId }) };
  });
  return {
    edges,
    totalCount: rows[0]?.total ?? 0,
    pageInfo: {
      hasNextPage: found.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

