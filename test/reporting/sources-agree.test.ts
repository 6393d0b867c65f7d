import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { graphql } from '../__generated__';
import type { SalesDimension, SalesReportFilter } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/tokens';
import { createRequestContext } from '../../src/core/context';
import { startBackgroundJobs } from '../../src/core/jobs';
import { lastRefresh, refreshRollupsIfDue } from '../../src/modules/reporting/rollups.service';
import { seedScale } from '../../src/seed/scale';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';
import { backdate, makeSale, ReportingCancelSale, ReportingPaySale, ReportingRefundSale, refreshRollups, withoutTypename } from './reporting.fixtures';

/**
 * `salesReport` answers the same whether it reads the sales tables only (before the first
 * refresh) or the rollups plus the live sales (after it): on a generated data set of 14 months,
 * every dimension alone and the pairs that cross rollups, with every measure, with the additive
 * ones only (which picks other rollups) and with `distinctCustomers` only, with filters and with
 * ranges whose ends fall inside days. Then the same after sales change and an INCREMENTAL refresh.
 */

const AllMeasures = graphql(`
  query SourcesAllMeasures($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter, limit: 1000) {
      keys { dimension value label }
      salesCount units revenue averageTicket discountTotal distinctCustomers currency
    }
  }
`);

const AdditiveOnly = graphql(`
  query SourcesAdditiveOnly($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter, limit: 1000) { keys { value label } units revenue discountTotal currency }
  }
`);

const CustomersOnly = graphql(`
  query SourcesCustomersOnly($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter, limit: 1000) { keys { value label } distinctCustomers }
  }
`);

/** The rankings read the per-customer rollups: all time and over a range with partial days. */
const Rankings = graphql(`
  query SourcesRankings($range: DateRange, $productId: ID!, $planId: ID!) {
    allPlans: popularServices(limit: 50) { servicePlan { id } units revenue { amount } distinctCustomers share }
    rangePlans: popularServices(range: $range, limit: 50, by: REVENUE) { servicePlan { id } units revenue { amount } distinctCustomers share }
    allProducts: popularProducts(limit: 100) { product { id } units revenue { amount } distinctCustomers share }
    rangeProducts: popularProducts(range: $range, limit: 100) { product { id } units revenue { amount } distinctCustomers share }
    allCustomers: topCustomers(limit: 100) { customer { id } revenue { amount } units salesCount }
    rangeCustomers: topCustomers(range: $range, by: UNITS, limit: 100) { customer { id } revenue { amount } units salesCount }
    productBuyers: buyersOfProduct(productId: $productId, first: 100) { totalCount edges { node { customer { id } quantity revenue { amount } lastPurchaseAt } } }
    planBuyers: buyersOfServicePlan(servicePlanId: $planId, range: $range, first: 100) { totalCount edges { node { customer { id } quantity revenue { amount } lastPurchaseAt } } }
  }
`);

const DIMENSIONS: SalesDimension[] = [
  'DAY', 'WEEK', 'MONTH', 'YEAR', 'REGION', 'CITY', 'CUSTOMER_CATEGORY', 'SELLER', 'STATUS', 'PAYMENT_METHOD',
  'PRODUCT', 'BRAND', 'PRODUCT_CATEGORY', 'SERVICE_PLAN', 'SERVICE_TYPE',
] as SalesDimension[];

const PAIRS: SalesDimension[][] = [
  ['REGION', 'SERVICE_TYPE'],
  ['CITY', 'PRODUCT'],
  ['CUSTOMER_CATEGORY', 'BRAND'],
  ['MONTH', 'PRODUCT_CATEGORY'],
  ['WEEK', 'SERVICE_PLAN'],
  ['STATUS', 'REGION'],
  ['SELLER', 'MONTH'],
  ['SELLER', 'REGION'],
  ['PAYMENT_METHOD', 'PRODUCT'],
  ['DAY', 'CITY'],
] as SalesDimension[][];

const DAY_MS = 86_400_000;
let server: TestServer;
let filters: { name: string; filter: SalesReportFilter | null }[];
let rankingVariables: { range: { from: string; to: string }; productId: string; planId: string };

beforeAll(async () => {
  server = await startTestServer({ env: { REPORTING_REFRESH_MINUTES: '0', SALE_EXPIRY_SWEEP_SECONDS: '3600' } });
  await seedScale(
    { orm: server.app.orm, config: server.config, logger: pino({ level: 'silent' }), tokens: new TokenService(TEST_JWT_SECRET, '1h'), app: server.app.wiring },
    { customers: 200, sales: 1500, monthsBack: 14, salesPerAgent: 500, customerBatchSize: 200, salesBatchSize: 500 },
  );
  const now = Date.now();
  // Ends inside days (and hours) on purpose: the partial days at the edges are read live.
  const range = { from: new Date(now - 200 * DAY_MS - 3_723_000).toISOString(), to: new Date(now - 9 * DAY_MS + 1_234_000).toISOString() };
  const em = server.app.orm.em.fork();
  const [region] = (await em.execute<{ region: string }[]>(`select billing_region as region from customer group by 1 order by count(*) desc limit 1`)).map((r) => r.region);
  const mostSold = async (column: string) =>
    String((await em.execute<{ id: string }[]>(`select ${column} as id from sale_line where ${column} is not null group by 1 order by count(*) desc limit 1`))[0].id);
  rankingVariables = { range, productId: await mostSold('product_id'), planId: await mostSold('service_plan_id') };
  filters = [
    { name: 'no filter', filter: null },
    { name: 'a range with partial days', filter: { createdAt: range } },
    { name: 'every status', filter: { statuses: ['PAID', 'PENDING', 'CANCELLED', 'REFUNDED'] } },
    { name: `region ${region}, LOYAL and REGULAR, PAID`, filter: { regions: [region], customerCategories: ['LOYAL', 'REGULAR'] } },
  ];
}, 180_000);
afterAll(() => server?.stop());

async function answers(): Promise<unknown[]> {
  const analyst = server.as(Role.ANALYST);
  const shapes = [...DIMENSIONS.map((dimension) => [dimension]), ...PAIRS, []];
  const results: unknown[] = [];
  for (const { filter } of filters) {
    for (const groupBy of shapes) {
      for (const document of [AllMeasures, AdditiveOnly, CustomersOnly] as const) {
        const { salesReport } = await analyst.query(document as typeof AllMeasures, { groupBy, filter });
        results.push({ groupBy, filter, document: document === AllMeasures ? 'all' : document === AdditiveOnly ? 'additive' : 'customers', salesReport: withoutTypename(salesReport) });
      }
    }
  }
  results.push(withoutTypename(await analyst.query(Rankings, rankingVariables)));
  return results;
}

it('answers the same from the sales tables and from the rollups with the live sales', async () => {
  const live = await answers();
  // The data set is not empty, nor is any shape's total: a comparison of empty answers proves nothing.
  const total = live.find((a: any) => a.groupBy.length === 0 && a.filter === null && a.document === 'all') as any;
  expect(total.salesReport[0].salesCount).toBeGreaterThan(500);
  expect(live.every((a: any) => (a.salesReport ? a.salesReport.length > 0 : a.planBuyers.edges.length > 0))).toBe(true);

  const refresh = await refreshRollups(server);
  expect(refresh?.salesRolledUp).toBeGreaterThan(1000);
  const withRollups = await answers();
  for (let i = 0; i < live.length; i++) expect(withRollups[i]).toEqual(live[i]);
}, 180_000);

it('answers the same after an INCREMENTAL refresh of the days whose sales changed', async () => {
  const before = await refreshRollups(server, 'FULL');
  const db = server.app.orm.em.fork();
  const ids = async (sql: string) => (await db.execute<{ id: string }[]>(sql)).map((row) => String(row.id));
  const pending = await ids(`select id from sale where status = 'PENDING' order by id limit 2`);
  const [oldPaid] = await ids(`select id from sale where status = 'PAID' and created_at < now() - interval '300 days' order by id limit 1`);
  const [customer] = await ids(`select id from customer order by id limit 1`);
  const [product] = await ids(`select id from product where status = 'ACTIVE' and stock > 5 order by id limit 1`);
  expect(pending).toHaveLength(2);
  expect(oldPaid).toBeDefined();

  // A payment and a cancellation of sales PENDING at the refresh, the refund of a sale paid 300+
  // days ago, and a new sale made after the refresh's coverage began (moved to just after it).
  await server.as(Role.SALES_AGENT).mutate(ReportingPaySale, { id: pending[0], input: { method: 'CASH' } });
  await server.as(Role.SALES_AGENT).mutate(ReportingCancelSale, { id: pending[1], reason: 'Changed their mind' });
  await server.as(Role.ADMIN).mutate(ReportingRefundSale, { id: oldPaid, reason: 'Returned' });
  const fresh = await makeSale(server, { customerId: customer, lines: [{ productId: product, quantity: 2 }], fate: 'PAID', method: 'CARD' });
  await backdate(server, fresh, new Date(new Date(before!.coveredUntil).getTime() + 1000).toISOString());

  const refresh = await refreshRollups(server, 'INCREMENTAL');
  expect(refresh?.mode).toBe('INCREMENTAL');
  expect(refresh?.fullRefreshedAt).toBe(before!.fullRefreshedAt);
  // Only the days those sales were made on, not the whole history.
  expect(refresh!.salesRolledUp).toBeGreaterThan(0);
  expect(refresh!.salesRolledUp).toBeLessThan(before!.salesRolledUp / 5);
  const incremental = await answers();

  // Without a refresh row, the reports read the sales tables only.
  await db.execute(`delete from reporting_refresh`);
  const live = await answers();
  for (let i = 0; i < live.length; i++) expect(incremental[i]).toEqual(live[i]);
}, 180_000);

it('refreshes in the background: FULL first and when the last full one is old, else INCREMENTAL, and only when due', async () => {
  const config = { ...server.config, reporting: { refreshMinutes: 30, fullRefreshHours: 24 } };
  const job = () =>
    server.app.orm.em.fork().transactional((em: EntityManager) =>
      refreshRollupsIfDue(createRequestContext({ requestId: 'test', em, viewer: null, authFailure: null, logger: pino({ level: 'silent' }), config, tokens: new TokenService(TEST_JWT_SECRET, '1h'), app: server.app.wiring })),
    );
  const db = server.app.orm.em.fork();
  const last = () => lastRefresh({ em: server.app.orm.em.fork() });
  const age = (column: 'refreshed_at' | 'full_refreshed_at', interval: string) => db.execute(`update reporting_refresh set ${column} = ${column} - interval '${interval}'`);

  await db.execute(`delete from reporting_refresh`);
  expect(await job()).toBe(1);
  expect((await last())?.mode).toBe('FULL');
  expect(await job()).toBe(0); // refreshed less than 30 minutes ago

  await age('refreshed_at', '31 minutes');
  expect(await job()).toBe(1);
  expect((await last())?.mode).toBe('INCREMENTAL');

  await age('refreshed_at', '31 minutes');
  await age('full_refreshed_at', '25 hours');
  expect(await job()).toBe(1);
  expect((await last())?.mode).toBe('FULL');
}, 120_000);

it('vacuums the rollups after a background refresh, so that the next one reuses their space', async () => {
  const db = server.app.orm.em.fork();
  const vacuums = async () =>
    Number((await db.execute<{ count: string }[]>(`select vacuum_count as count from pg_stat_user_tables where relname = 'reporting_item_place_period'`))[0].count);
  const before = await vacuums();
  await db.execute(`update reporting_refresh set refreshed_at = refreshed_at - interval '31 minutes'`);
  const jobs = server.app.wiring.jobs(['reporting']).map((job) => ({ ...job, intervalSeconds: () => 1 }));
  const config = { ...server.config, reporting: { refreshMinutes: 30, fullRefreshHours: 24 } };
  const stop = startBackgroundJobs(jobs, { orm: server.app.orm, config, logger: pino({ level: 'silent' }), tokens: new TokenService(TEST_JWT_SECRET, '1h'), app: server.app.wiring });
  try {
    const deadline = Date.now() + 30_000;
    while ((await vacuums()) === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  } finally {
    await stop();
  }
  expect(await vacuums()).toBeGreaterThan(before);
  expect((await lastRefresh({ em: server.app.orm.em.fork() }))?.mode).toBe('INCREMENTAL');
}, 60_000);
