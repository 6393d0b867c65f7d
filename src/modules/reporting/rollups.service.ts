import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../core/context';
import { localDayOf } from './business-time';
import { SALES_ROLLUP, tzLiteral } from './report-sql';
import { RefreshMode } from './reporting.enums';
import { SalesRollupSet, type ReportingRefresh } from './rollup.entities';

/** Sales created this close to the refresh may still be in flight (not committed): left to the live reads. */
const COVERAGE_MARGIN_MINUTES = 5;

export const ROLLUP_TABLES = [
  'reporting_sales_period',
  'reporting_item_period',
  'reporting_item_place_period',
  'reporting_customer_item_day',
  'reporting_customer_item',
  'reporting_item_total',
  'reporting_customer_day',
  'reporting_customer_total',
  'reporting_item_pair',
  'reporting_segment_item',
  'reporting_pending_sale',
];

/** Tables of one row per local day (and, for the period ones, month): rebuilt day by day by an incremental refresh. */
const DAY_TABLES = ['reporting_sales_period', 'reporting_item_period', 'reporting_item_place_period', 'reporting_customer_item_day', 'reporting_customer_day'];
const PERIOD_TABLES = ['reporting_sales_period', 'reporting_item_period', 'reporting_item_place_period'];

/**
 * Refreshes the reporting rollups from the sales, customers and subscriptions, in the caller's
 * transaction: readers keep seeing the previous rollups until it commits, then the new ones
 * and their coverage together. Concurrent refreshes (several server processes) skip while one
 * runs. Returns the refresh, or null when another one was running.
 *
 * What the rollups hold: the sales created before `coveredUntil`, the refresh's start minus
 * `COVERAGE_MARGIN_MINUTES` (sales being written then may not be committed yet), except those
 * still PENDING (listed in `reporting_pending_sale`). Reports read the others, the sales created
 * since and the PENDING ones, from the sales tables: a new sale, a payment, a cancellation, an
 * expiry show at once. What shows after the next refresh: the refund of a sale paid before it
 * and, for the offers, the patterns of who owns what; after the next FULL one: a customer's new
 * billing region or category for the days not rebuilt since.
 */
export async function refreshRollups(ctx: Pick<RequestContext, 'em' | 'config'>, requested: RefreshMode = RefreshMode.FULL): Promise<ReportingRefresh | null> {
  const { em } = ctx;
  const tz = tzLiteral(ctx.config.businessTimeZone);
  const started = Date.now();
  const [{ locked }] = await em.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(hashtext('claro-reporting-refresh')) as locked`);
  if (!locked) return null;
  // For this transaction only: big sorts and hashes in memory rather than on disk, and no JIT
  // (a pooled connection that has JIT-compiled once runs every later query slower).
  await em.execute(`set local work_mem = '256MB'`);
  await em.execute(`set local jit = off`);

  const previous = await lastRefresh(ctx);
  const mode = previous ? requested : RefreshMode.FULL;
  const [{ cutoff }] = await em.execute<{ cutoff: Date }[]>(`select now() - ?::interval as cutoff`, [`${COVERAGE_MARGIN_MINUTES} minutes`]);
  const cut = new Date(cutoff);
  const cutMonth = `${localDayOf(cut, ctx.config.businessTimeZone).slice(0, 7)}-01`;

  // The days to rebuild: all, or those whose sales changed (listed in reporting_tmp_day).
  const wholeDays = mode === RefreshMode.FULL;
  let firstDay: string | null = null;
  if (wholeDays) {
    for (const table of ROLLUP_TABLES) await em.execute(`delete from ${table}`);
  } else {
    const since = previous!.coveredUntil;
    // Sales created since the last coverage, sales PENDING then, sales whose status changed since
    // it (a refund of an old sale): their days. The previous cut's day was partial: it is one of them.
    await em.execute(`drop table if exists reporting_tmp_day`);
    await em.execute(
      `create temp table reporting_tmp_day on commit drop as
       select distinct (s.created_at at time zone ${tz})::date as day
         from sale s
        where (s.created_at >= ? and s.created_at < ?)
           or s.id in (select sale_id from reporting_pending_sale)
           or s.id in (select sale_id from sale_status_change where changed_at >= ?)
       union
       select ?::date`,
      [since, cut, since, localDayOf(since, ctx.config.businessTimeZone)],
    );
    for (const table of DAY_TABLES) {
      const grain = PERIOD_TABLES.includes(table) ? `grain = 'DAY' and ` : '';
      await em.execute(`delete from ${table} where ${grain}day in (select day from reporting_tmp_day)`);
    }
    await em.execute(`delete from reporting_pending_sale`);
    [{ first_day: firstDay }] = await em.execute<{ first_day: string }[]>(`select min(day)::text as first_day from reporting_tmp_day`);
  }

  // First the sales PENDING now: they stay out of the rollups whatever happens to them meanwhile
  // (each statement of this transaction sees the sales as they are when it starts).
  await em.execute(`insert into reporting_pending_sale (sale_id) select id from sale where status = 'PENDING' and created_at < ?`, [cut]);

  // Each sale of the days to rebuild with its lines added up once, for the sale-level rollups.
  await em.execute(`drop table if exists reporting_tmp_sale`);
  const lines = wholeDays
    ? `join (select sale_id, sum(quantity) as units, sum(net_amount) as revenue, sum(discount) as discount from sale_line group by sale_id) t on t.sale_id = s.id`
    : `cross join lateral (select sum(quantity) as units, sum(net_amount) as revenue, sum(discount) as discount from sale_line l where l.sale_id = s.id) t`;
  await em.execute(
    `create temp table reporting_tmp_sale on commit drop as
     select s.id, (s.created_at at time zone ${tz})::date as day, s.created_at, s.currency, s.status, s.payment_method, s.seller_id, s.customer_id,
            t.units, t.revenue, t.discount
       from sale s
       ${lines}
      where s.created_at < ? and s.status <> 'PENDING' and not exists (select 1 from reporting_pending_sale p where p.sale_id = s.id)
        ${wholeDays ? '' : `and s.created_at >= (?::date)::timestamp at time zone ${tz} and (s.created_at at time zone ${tz})::date in (select day from reporting_tmp_day)`}`,
    wholeDays ? [cut] : [cut, firstDay],
  );
  await em.execute(`analyze reporting_tmp_sale`);
  const [{ count: salesRolledUp }] = await em.execute<{ count: number }[]>(`select count(*)::int as count from reporting_tmp_sale`);
  // Months to rebuild from their days: all, or those of the days rebuilt, and the previous cut's
  // month, which had no MONTH rows while it was the current one.
  const months = wholeDays
    ? 'true'
    : `date_trunc('month', day)::date in (select date_trunc('month', day)::date from reporting_tmp_day)`;
  if (!wholeDays) {
    for (const table of PERIOD_TABLES) await em.execute(`delete from ${table} where grain = 'MONTH' and ${months}`);
  }

  const salesMeasures = 'sales_count, units, revenue, discount_total';
  await em.execute(
    `insert into reporting_sales_period (grouping_set, grain, day, currency, status, payment_method, region, city, category, seller_id, ${salesMeasures})
     select case when grouping(x.seller_id) = 0 then ${SalesRollupSet.SELLER} else ${SalesRollupSet.PLACE} end, 'DAY',
            x.day, x.currency, x.status, x.payment_method, x.region, x.city, x.category, x.seller_id,
            count(*), sum(x.units), sum(x.revenue), sum(x.discount)
       from (select t.*, c.billing_region as region, c.billing_city as city, c.category
               from reporting_tmp_sale t join customer c on c.id = t.customer_id) x
      group by grouping sets ((x.day, x.currency, x.status, x.payment_method, x.region, x.city, x.category),
                              (x.day, x.currency, x.status, x.payment_method, x.seller_id))`,
  );
  await em.execute(
    `insert into reporting_sales_period (grouping_set, grain, day, currency, status, payment_method, region, city, category, seller_id, ${salesMeasures})
     select grouping_set, 'MONTH', date_trunc('month', day)::date, currency, status, payment_method, region, city, category, seller_id,
            sum(sales_count), sum(units), sum(revenue), sum(discount_total)
       from reporting_sales_period where grain = 'DAY' and day < ?::date and ${months}
      group by grouping_set, 3, currency, status, payment_method, region, city, category, seller_id`,
    [cutMonth],
  );
  await em.execute(
    `insert into reporting_item_period (grain, day, currency, status, product_id, service_plan_id, ${salesMeasures})
     select 'DAY', x.day, x.currency, x.status, x.product_id, x.service_plan_id, count(*), sum(x.units), sum(x.revenue), sum(x.discount)
       from (select t.day, t.currency, t.status, l.sale_id, l.product_id, l.service_plan_id,
                    sum(l.quantity) as units, sum(l.net_amount) as revenue, sum(l.discount) as discount
               from sale_line l join reporting_tmp_sale t on t.id = l.sale_id
              group by 1, 2, 3, 4, 5, 6) x
      group by 2, 3, 4, 5, 6`,
  );
  await em.execute(
    `insert into reporting_item_period (grain, day, currency, status, product_id, service_plan_id, ${salesMeasures})
     select 'MONTH', date_trunc('month', day)::date, currency, status, product_id, service_plan_id, sum(sales_count), sum(units), sum(revenue), sum(discount_total)
       from reporting_item_period where grain = 'DAY' and day < ?::date and ${months}
      group by 2, currency, status, product_id, service_plan_id`,
    [cutMonth],
  );

  await em.execute(
    `insert into reporting_item_place_period (grain, day, currency, status, region, city, category, product_id, service_plan_id, ${salesMeasures})
     select 'DAY', x.day, x.currency, x.status, c.billing_region, c.billing_city, c.category, x.product_id, x.service_plan_id,
            count(*), sum(x.units), sum(x.revenue), sum(x.discount)
       from (select t.day, t.currency, t.status, t.customer_id, l.sale_id, l.product_id, l.service_plan_id,
                    sum(l.quantity) as units, sum(l.net_amount) as revenue, sum(l.discount) as discount
               from sale_line l join reporting_tmp_sale t on t.id = l.sale_id
              group by 1, 2, 3, 4, 5, 6, 7) x
       join customer c on c.id = x.customer_id
      group by 2, 3, 4, 5, 6, 7, 8, 9`,
  );
  await em.execute(
    `insert into reporting_item_place_period (grain, day, currency, status, region, city, category, product_id, service_plan_id, ${salesMeasures})
     select 'MONTH', date_trunc('month', day)::date, currency, status, region, city, category, product_id, service_plan_id,
            sum(sales_count), sum(units), sum(revenue), sum(discount_total)
       from reporting_item_place_period where grain = 'DAY' and day < ?::date and ${months}
      group by 2, currency, status, region, city, category, product_id, service_plan_id`,
    [cutMonth],
  );

  // Per customer, PAID sales only.
  await em.execute(
    `insert into reporting_customer_item_day (day, currency, customer_id, region, city, category, product_id, service_plan_id, units, revenue, last_purchase_at)
     select x.day, x.currency, x.customer_id, c.billing_region, c.billing_city, c.category, x.product_id, x.service_plan_id, x.units, x.revenue, x.last_purchase_at
       from (select t.day, t.currency, t.customer_id, l.product_id, l.service_plan_id, sum(l.quantity) as units, sum(l.net_amount) as revenue, max(t.created_at) as last_purchase_at
               from sale_line l join reporting_tmp_sale t on t.id = l.sale_id
              where t.status = 'PAID'
              group by 1, 2, 3, 4, 5) x
       join customer c on c.id = x.customer_id
      order by x.day`,
  );
  // All-time totals: of every customer, or of the customers of the days rebuilt.
  const ofCustomers = wholeDays ? 'true' : 'customer_id in (select distinct customer_id from reporting_tmp_sale)';
  if (!wholeDays) {
    for (const table of ['reporting_customer_item', 'reporting_customer_total']) await em.execute(`delete from ${table} where ${ofCustomers}`);
    await em.execute(`delete from reporting_item_total`);
  }
  await em.execute(
    `insert into reporting_customer_item (customer_id, product_id, service_plan_id, units, revenue, last_purchase_at)
     select customer_id, product_id, service_plan_id, sum(units), sum(revenue), max(last_purchase_at)
       from reporting_customer_item_day where ${ofCustomers} group by 1, 2, 3`,
  );
  await em.execute(
    `insert into reporting_item_total (product_id, service_plan_id, customers)
     select product_id, service_plan_id, count(*) from reporting_customer_item group by 1, 2`,
  );
  await em.execute(
    `insert into reporting_customer_day (day, currency, customer_id, region, city, category, sales_count, units, revenue)
     select x.day, x.currency, x.customer_id, c.billing_region, c.billing_city, c.category, x.sales_count, x.units, x.revenue
       from (select day, currency, customer_id, count(*) as sales_count, sum(units) as units, sum(revenue) as revenue
               from reporting_tmp_sale where status = 'PAID' group by 1, 2, 3) x
       join customer c on c.id = x.customer_id
      order by x.day`,
  );
  await em.execute(
    `insert into reporting_customer_total (customer_id, sales_count, units, revenue)
     select customer_id, sum(sales_count), sum(units), sum(revenue) from reporting_customer_day where ${ofCustomers} group by 1`,
  );
  if (wholeDays) await rebuildOfferPatterns(em);

  // Fresh statistics for the planner (allowed in a transaction, unlike VACUUM; autovacuum may be off).
  await em.execute(`analyze ${ROLLUP_TABLES.join(', ')}`);
  const refreshedAt = new Date();
  const refresh: ReportingRefresh = {
    name: SALES_ROLLUP,
    mode,
    refreshedAt,
    fullRefreshedAt: mode === RefreshMode.FULL ? refreshedAt : previous!.fullRefreshedAt,
    coveredUntil: cut,
    durationMs: Date.now() - started,
    salesRolledUp,
  };
  await em.execute(
    `insert into reporting_refresh (name, mode, refreshed_at, full_refreshed_at, covered_until, duration_ms, sales_rolled_up) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (name) do update set mode = excluded.mode, refreshed_at = excluded.refreshed_at, full_refreshed_at = excluded.full_refreshed_at,
                                      covered_until = excluded.covered_until, duration_ms = excluded.duration_ms, sales_rolled_up = excluded.sales_rolled_up`,
    [refresh.name, refresh.mode, refresh.refreshedAt, refresh.fullRefreshedAt, refresh.coveredUntil, refresh.durationMs, refresh.salesRolledUp],
  );
  return refresh;
}

/**
 * The patterns across all customers behind the offers (who owns what, by segment, and which items
 * go together): slow-moving statistics, rebuilt by FULL refreshes only (a customer's own data is
 * read live by the offers).
 */
async function rebuildOfferPatterns(em: EntityManager): Promise<void> {
  // Who owns what: bought in a PAID sale, or held (an ACTIVE or SUSPENDED subscription).
  await em.execute(`drop table if exists reporting_tmp_owned`);
  await em.execute(
    `create temp table reporting_tmp_owned on commit drop as
     select distinct o.customer_id, o.kind, o.item_id, c.billing_region as region, c.category
       from (select customer_id, 'PRODUCT' as kind, product_id as item_id from reporting_customer_item where product_id is not null
             union all
             select customer_id, 'SERVICE_PLAN', service_plan_id from reporting_customer_item where service_plan_id is not null
             union all
             select customer_id, 'SERVICE_PLAN', service_plan_id from service_subscription where status in ('ACTIVE', 'SUSPENDED')) o
       join customer c on c.id = o.customer_id`,
  );
  await em.execute(`analyze reporting_tmp_owned`);
  await em.execute(
    `insert into reporting_segment_item (region, category, item_kind, item_id, customers, segment_customers)
     select coalesce(o.region, ''), coalesce(o.category, ''), o.kind, o.item_id, o.customers, s.customers
       from (select region, category, kind, item_id, count(*) as customers from reporting_tmp_owned
              group by grouping sets ((region, category, kind, item_id), (region, kind, item_id), (category, kind, item_id), (kind, item_id))) o
       join (select billing_region as region, category, count(*) as customers from customer
              group by grouping sets ((billing_region, category), (billing_region), (category), ())) s
         on s.region is not distinct from o.region and s.category is not distinct from o.category`,
  );
  await em.execute(
    `insert into reporting_item_pair (region, a_kind, a_id, b_kind, b_id, customers, a_customers)
     select coalesce(p.region, ''), p.a_kind, p.a_id, p.b_kind, p.b_id, p.customers, s.customers
       from (select a.region, a.kind as a_kind, a.item_id as a_id, b.kind as b_kind, b.item_id as b_id, count(*) as customers
               from reporting_tmp_owned a
               join reporting_tmp_owned b on b.customer_id = a.customer_id and (b.kind <> a.kind or b.item_id <> a.item_id)
              group by grouping sets ((a.region, a.kind, a.item_id, b.kind, b.item_id), (a.kind, a.item_id, b.kind, b.item_id))
             having count(*) >= 2) p
       join reporting_segment_item s on s.region = coalesce(p.region, '') and s.category = '' and s.item_kind = p.a_kind and s.item_id = p.a_id`,
  );
}

/** The last refresh, or null before the first one. */
export async function lastRefresh(ctx: Pick<RequestContext, 'em'>): Promise<ReportingRefresh | null> {
  const [row] = await ctx.em.execute<{ mode: RefreshMode; refreshed_at: Date; full_refreshed_at: Date; covered_until: Date; duration_ms: number; sales_rolled_up: number }[]>(
    `select mode, refreshed_at, full_refreshed_at, covered_until, duration_ms, sales_rolled_up from reporting_refresh where name = ?`,
    [SALES_ROLLUP],
  );
  return row
    ? {
        name: SALES_ROLLUP,
        mode: row.mode,
        refreshedAt: new Date(row.refreshed_at),
        fullRefreshedAt: new Date(row.full_refreshed_at),
        coveredUntil: new Date(row.covered_until),
        durationMs: row.duration_ms,
        salesRolledUp: row.sales_rolled_up,
      }
    : null;
}

/**
 * The background job: a refresh when the last one is older than `REPORTING_REFRESH_MINUTES` (0:
 * never), FULL when the last full one is older than `REPORTING_FULL_REFRESH_HOURS`, else INCREMENTAL.
 */
export async function refreshRollupsIfDue(ctx: RequestContext): Promise<number> {
  const { refreshMinutes, fullRefreshHours } = ctx.config.reporting;
  if (refreshMinutes === 0) return 0;
  const last = await lastRefresh(ctx);
  if (last && Date.now() - last.refreshedAt.getTime() < refreshMinutes * 60_000) return 0;
  const fullDue = !last || Date.now() - last.fullRefreshedAt.getTime() >= fullRefreshHours * 3_600_000;
  const refresh = await refreshRollups(ctx, fullDue ? RefreshMode.FULL : RefreshMode.INCREMENTAL);
  return refresh ? 1 : 0;
}

/** VACUUM (ANALYZE) of the rollup tables: outside any transaction. */
export async function vacuumRollups(em: EntityManager): Promise<void> {
  await em.execute(`vacuum (analyze) ${ROLLUP_TABLES.join(', ')}`);
}
