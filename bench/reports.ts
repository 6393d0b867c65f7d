/**
 * `npm run bench:reports`: each report's latency through the GraphQL API (HTTP, Apollo, the
 * resolvers) against the same SQL sent straight to PostgreSQL with `pg`, in the same run.
 *
 * Where: the database of DATABASE_URL (fill it first with `npm run seed:scale -- --customers 200000
 * --sales 1000000`), or, when unset, the embedded PostgreSQL of `npm start` (`.data/`, demo data).
 * The bench starts its own server on that database with the background refresh off, rebuilds the
 * reporting rollups once (their build time is printed; BENCH_SKIP_REFRESH=1 keeps the current
 * ones) and only reads afterwards: it writes no row of the domain tables. It signs its token for
 * an existing active ADMIN with a secret of its own. It runs the server in production mode, as
 * deployed (NODE_ENV=production: see production-mode.ts).
 *
 * "The same SQL": every statement the request sent, captured while it ran (except the viewer's
 * authentication lookup), replayed in order on one `pg` connection. Each report: warm-up
 * requests (at least 5, for at least a second), then BENCH_RUNS (30) sequential runs per side, API
 * and SQL alternately, or fewer when a side would take more than BENCH_SECONDS (20) seconds. Latency in milliseconds, p50 and p95;
 * ratio = API p50 / SQL p50. The first row, `{ __typename }`, runs no SQL but the viewer's lookup:
 * the fixed cost of a request. BENCH_SHOW_SQL=1 prints the statements replayed.
 */
import './production-mode';
import 'reflect-metadata';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { startApp, type RunningApp } from '../src/app';
import { TokenService } from '../src/core/auth/tokens';
import { loadConfig } from '../src/core/config';
import { refreshRollups, vacuumRollups } from '../src/modules/reporting/rollups.service';
import { markdownTable, percentiles, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:reports');

const RUNS = positiveInteger('BENCH_RUNS', 30);
const SECONDS = positiveInteger('BENCH_SECONDS', 20);
/** Warm-up per report, before its timed runs: at least this many requests and this long (V8 optimises the server's hot paths meanwhile). */
const WARM_UP = { requests: 5, ms: 1000 };
const JWT_SECRET = 'bench-reports-secret-that-is-long-enough-0123456789';

interface Report {
  name: string;
  query: string;
  variables?: (ids: DatasetIds) => Record<string, unknown>;
  /** Why the answer is right-looking: a wrong (empty) answer must not look fast. */
  check: (data: any) => string | null;
}

interface DatasetIds {
  topProductId: string;
  topPlanId: string;
  busyCustomerId: string;
  /** Who bought least (one who owns everything has nothing left to be offered). */
  quietCustomerId: string;
  last30Days: { from: string; to: string };
  last90Days: { from: string; to: string };
}

const nonEmpty = (list: unknown[] | undefined, what: string) => (list && list.length > 0 ? null : `no ${what}`);

const REPORTS: Report[] = [
  {
    name: 'baseline: { __typename } (HTTP, token, GraphQL)',
    query: `query { __typename }`,
    check: (d) => (d.__typename === 'Query' ? null : 'no __typename'),
  },
  {
    name: 'catalogSummary',
    query: `query { catalogSummary { productCount activeProductCount servicePlanCount activeServicePlanCount productsByCategory { key count } productsByBrand { key count } servicePlansByType { key count } } }`,
    check: (d) => (d.catalogSummary.productCount > 0 ? null : 'no products'),
  },
  {
    name: 'popularServices (all time, every field)',
    query: `query { popularServices(limit: 10) { servicePlan { name } units revenue { amount } distinctCustomers activeSubscriptions share } }`,
    check: (d) => nonEmpty(d.popularServices, 'plans'),
  },
  {
    name: 'popularServices (last 90 days, by REVENUE)',
    query: `query($range: DateRange) { popularServices(range: $range, limit: 10, by: REVENUE) { servicePlan { name } units revenue { amount } distinctCustomers share } }`,
    variables: (ids) => ({ range: ids.last90Days }),
    check: (d) => nonEmpty(d.popularServices, 'plans'),
  },
  {
    name: 'popularProducts (all time)',
    query: `query { popularProducts(limit: 10) { product { name } units revenue { amount } distinctCustomers share } }`,
    check: (d) => nonEmpty(d.popularProducts, 'products'),
  },
  {
    name: 'buyersOfProduct (top product, all time)',
    query: `query($id: ID!) { buyersOfProduct(productId: $id, first: 20) { totalCount edges { node { customer { firstName lastName } quantity revenue { amount } lastPurchaseAt } } } }`,
    variables: (ids) => ({ id: ids.topProductId }),
    check: (d) => nonEmpty(d.buyersOfProduct.edges, 'buyers'),
  },
  {
    name: 'buyersOfServicePlan (top plan, last 90 days)',
    query: `query($id: ID!, $range: DateRange) { buyersOfServicePlan(servicePlanId: $id, range: $range, first: 20) { totalCount edges { node { customer { firstName } quantity revenue { amount } lastPurchaseAt } } } }`,
    variables: (ids) => ({ id: ids.topPlanId, range: ids.last90Days }),
    check: (d) => nonEmpty(d.buyersOfServicePlan.edges, 'buyers'),
  },
  {
    name: 'topCustomers (all time, REVENUE)',
    query: `query { topCustomers(limit: 10) { customer { firstName lastName } revenue { amount } units salesCount } }`,
    check: (d) => nonEmpty(d.topCustomers, 'customers'),
  },
  {
    name: 'topCustomers (last 30 days, UNITS)',
    query: `query($range: DateRange) { topCustomers(range: $range, by: UNITS, limit: 10) { customer { firstName } revenue { amount } units salesCount } }`,
    variables: (ids) => ({ range: ids.last30Days }),
    check: (d) => nonEmpty(d.topCustomers, 'customers'),
  },
  {
    name: 'salesReport MONTH, REGION (all)',
    query: `query { salesReport(groupBy: [MONTH, REGION], limit: 1000) { keys { value label } salesCount units revenue averageTicket currency } }`,
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport PRODUCT (last 90 days, by REVENUE)',
    query: `query($range: DateRange) { salesReport(groupBy: [PRODUCT], filter: { createdAt: $range }, orderBy: { measure: REVENUE }, limit: 20) { keys { value label } salesCount units revenue } }`,
    variables: (ids) => ({ range: ids.last90Days }),
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport BRAND, MONTH (all)',
    query: `query { salesReport(groupBy: [BRAND, MONTH], limit: 1000) { keys { value label } units revenue discountTotal } }`,
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport SELLER, STATUS, YEAR (every status)',
    query: `query { salesReport(groupBy: [SELLER, STATUS, YEAR], filter: { statuses: [PAID, PENDING, CANCELLED, REFUNDED] }, limit: 1000) { keys { value label } salesCount revenue } }`,
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport CITY, CUSTOMER_CATEGORY (last 30 days)',
    query: `query($range: DateRange) { salesReport(groupBy: [CITY, CUSTOMER_CATEGORY], filter: { createdAt: $range }, limit: 1000) { keys { value label } salesCount revenue averageTicket } }`,
    variables: (ids) => ({ range: ids.last30Days }),
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport REGION, SERVICE_TYPE (all)',
    query: `query { salesReport(groupBy: [REGION, SERVICE_TYPE], limit: 1000) { keys { value label } units revenue } }`,
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport CITY, PRODUCT (last 90 days, every measure)',
    query: `query($range: DateRange) { salesReport(groupBy: [CITY, PRODUCT], filter: { createdAt: $range }, orderBy: { measure: REVENUE }, limit: 50) { keys { value label } salesCount units revenue averageTicket discountTotal } }`,
    variables: (ids) => ({ range: ids.last90Days }),
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport MONTH + distinctCustomers (last 90 days)',
    query: `query($range: DateRange) { salesReport(groupBy: [MONTH], filter: { createdAt: $range }, limit: 100) { keys { value } salesCount distinctCustomers } }`,
    variables: (ids) => ({ range: ids.last90Days }),
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'salesReport BRAND, REGION + distinctCustomers (last 90 days)',
    query: `query($range: DateRange) { salesReport(groupBy: [BRAND, REGION], filter: { createdAt: $range }, limit: 1000) { keys { value label } units revenue distinctCustomers } }`,
    variables: (ids) => ({ range: ids.last90Days }),
    check: (d) => nonEmpty(d.salesReport, 'rows'),
  },
  {
    name: 'customerInsights (busiest customer)',
    query: `query($id: ID!) { customerInsights(customerId: $id) { tenureDays totalSpent { amount } salesCount activeSubscriptions favouriteServiceTypes interactionsByType { key count } favouriteProductCategories { key count } spendByMonth { month spent { amount } } categoryReason } }`,
    variables: (ids) => ({ id: ids.busyCustomerId }),
    check: (d) => (d.customerInsights.salesCount > 0 ? null : 'no sales'),
  },
  {
    name: 'Customer.recommendedOffers (least active buyer)',
    query: `query($id: ID!) { customer(id: $id) { recommendedOffers(limit: 5) { kind score reason servicePlan { name } product { name } promotion { code } } } }`,
    variables: (ids) => ({ id: ids.quietCustomerId }),
    check: (d) => nonEmpty(d.customer.recommendedOffers, 'offers'),
  },
];

interface Measured {
  name: string;
  apiRuns: number;
  sqlRuns: number;
  statements: number;
  api: { p50: number; p95: number };
  sql: { p50: number; p95: number };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const config = loadConfig({
    NODE_ENV: databaseUrl ? 'production' : 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    DEMO_SEED: databaseUrl ? 'false' : 'true',
    REPORTING_REFRESH_MINUTES: '0',
    // The bench captures every statement sent during a request: no background sweep may run meanwhile.
    SALE_EXPIRY_SWEEP_SECONDS: '3600',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(process.env.DATA_DIR ? { DATA_DIR: process.env.DATA_DIR } : {}),
  });
  progress(databaseUrl ? `starting a server on DATABASE_URL` : 'DATABASE_URL is unset: starting a server on the embedded PostgreSQL of `npm start` (.data/)');
  let app: RunningApp | undefined;
  let client: pg.Client | undefined;
  try {
    app = await startApp({ config, logger: pino({ level: 'warn' }) });
    const captured: string[] = [];
    let capturing = false;
    const platform = app.orm.em.getPlatform();
    // MikroORM's hook before every statement: the exact text it sends (it inlines the parameters).
    app.orm.config.set('onQuery', (sql: string, params: readonly unknown[]) => {
      if (capturing) captured.push(platform.formatQuery(sql, params as unknown[]));
      return sql;
    });
    client = new pg.Client({ connectionString: app.databaseUrl });
    await client.connect();
    const db = client;

    const dataset = await describeDataset(db);
    progress(`data set: ${dataset}`);
    if (process.env.BENCH_SKIP_REFRESH !== '1') {
      progress('rebuilding the reporting rollups');
      const refresh = await app.orm.em.fork().transactional((em) => refreshRollups({ em, config }));
      progress(`rollups rebuilt in ${refresh?.durationMs} ms (${refresh?.salesRolledUp} sales rolled up, covered until ${refresh?.coveredUntil.toISOString()})`);
    }
    await vacuumRollups(app.orm.em.fork());
    // Write the refresh's pages to disk now rather than during the first reports' runs (superusers only).
    await db.query('checkpoint').catch(() => progress('no CHECKPOINT (not a superuser): the first reports may pay for writing the refresh back'));

    const token = await adminToken(db);
    const ids = await datasetIds(db);
    const results: Measured[] = [];
    for (const report of REPORTS) {
      const body = JSON.stringify({ query: report.query, variables: report.variables?.(ids) ?? {} });
      const call = async () => {
        const response = await fetch(app!.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        const json = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
        if (!response.ok || json.errors) throw new Error(`${report.name}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json)}`);
        const wrong = report.check(json.data);
        if (wrong) throw new Error(`${report.name}: wrong answer: ${wrong}`);
      };
      captured.length = 0;
      capturing = true;
      await call();
      capturing = false;
      const statements = captured.filter((sql) => !/^(begin|commit|rollback)\b/i.test(sql) && !/from "staff" as "s0" where "s0"\."id" = /.test(sql));
      const warming = performance.now();
      for (let i = 1; i < WARM_UP.requests || performance.now() - warming < WARM_UP.ms; i++) await call();
      // A connection of its own per report, like the server's pool: a PostgreSQL backend that has
      // JIT-compiled a big query (the data set's counts above) runs later ones slower.
      const replayer = new pg.Client({ connectionString: app.databaseUrl });
      await replayer.connect();
      // The same session settings as the server's pool (src/core/db/orm.ts).
      await replayer.query('set jit = off');
      const replay = async () => {
        for (const sql of statements) await replayer.query(sql);
      };
      await replay();
      progress(`${report.name}: ${statements.length} statement(s)`);
      if (process.env.BENCH_SHOW_SQL === '1') for (const sql of statements) progress(`  ${process.env.BENCH_SHOW_SQL_FULL ? sql : sql.replace(/\s+/g, ' ').slice(0, 300)}`);
      const { api, sql } = await timedPair(call, replay).finally(() => replayer.end());
      results.push({ name: report.name, apiRuns: api.length, sqlRuns: sql.length, statements: statements.length, api: percentiles(api), sql: percentiles(sql) });
      progress(`  API p50 ${percentiles(api).p50.toFixed(1)} ms, SQL p50 ${percentiles(sql).p50.toFixed(1)} ms`);
    }
    printTable(results, dataset);
  } finally {
    await client?.end().catch(() => undefined);
    await app?.stop();
  }
}

/**
 * Sequential runs, the API and the SQL alternately (so that whatever else the machine does weighs
 * on both alike): RUNS of each, or fewer when they would take more than SECONDS per side.
 */
async function timedPair(api: () => Promise<void>, sql: () => Promise<void>): Promise<{ api: number[]; sql: number[] }> {
  const latencies = { api: [] as number[], sql: [] as number[] };
  const started = performance.now();
  while (latencies.api.length < RUNS && (latencies.api.length < 5 || performance.now() - started < 2 * SECONDS * 1000)) {
    for (const [side, work] of [['api', api], ['sql', sql]] as const) {
      const t = performance.now();
      await work();
      latencies[side].push(performance.now() - t);
    }
  }
  return latencies;
}

async function describeDataset(client: pg.Client): Promise<string> {
  const { rows } = await client.query(`select (select count(*) from customer)::int as customers, (select count(*) from sale)::int as sales,
      (select count(*) from sale where status = 'PAID')::int as paid, (select count(*) from sale_line)::int as lines,
      (select count(*) from product)::int as products, (select count(*) from service_plan)::int as plans,
      (select count(*) from service_subscription)::int as subscriptions,
      (select to_char(min(created_at), 'YYYY-MM-DD') || ' to ' || to_char(max(created_at), 'YYYY-MM-DD') from sale) as span`);
  const r = rows[0];
  const n = (value: number) => value.toLocaleString('en-US');
  return `${n(r.customers)} customers, ${n(r.sales)} sales (${n(r.paid)} PAID, ${r.span}), ${n(r.lines)} sale lines, ${n(r.products)} products, ${n(r.plans)} plans, ${n(r.subscriptions)} subscriptions`;
}

async function adminToken(client: pg.Client): Promise<string> {
  const { rows } = await client.query(`select id::text, token_version from staff where role = 'ADMIN' and active order by id limit 1`);
  if (!rows[0]) throw new Error('the database has no active ADMIN: seed it first (npm run seed, or npm run seed:scale)');
  return (await new TokenService(JWT_SECRET, '1h').sign({ staffId: rows[0].id, tokenVersion: rows[0].token_version })).token;
}

async function datasetIds(client: pg.Client): Promise<DatasetIds> {
  const top = async (column: string) =>
    (await client.query(`select ${column}::text as id from reporting_customer_item where ${column} is not null group by 1 order by count(*) desc limit 1`)).rows[0]?.id;
  const busy = (await client.query(`select customer_id::text as id from reporting_customer_total order by sales_count desc, customer_id limit 1`)).rows[0]?.id;
  const quiet = (await client.query(`select customer_id::text as id from reporting_customer_total order by sales_count, customer_id limit 1`)).rows[0]?.id;
  const now = Date.now();
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  return {
    topProductId: (await top('product_id')) ?? '1',
    topPlanId: (await top('service_plan_id')) ?? '1',
    busyCustomerId: busy ?? '1',
    quietCustomerId: quiet ?? '1',
    last30Days: { from: daysAgo(30), to: new Date(now).toISOString() },
    last90Days: { from: daysAgo(90), to: new Date(now).toISOString() },
  };
}

function printTable(results: Measured[], dataset: string): void {
  const rows = [
    ['report', 'API p50', 'API p95', 'SQL p50', 'SQL p95', 'ratio', 'API − SQL', 'stmts', 'runs'],
    ...results.map((r) => [
      r.name,
      r.api.p50.toFixed(1),
      r.api.p95.toFixed(1),
      r.sql.p50.toFixed(1),
      r.sql.p95.toFixed(1),
      r.statements === 0 ? '—' : (r.api.p50 / r.sql.p50).toFixed(2),
      (r.api.p50 - r.sql.p50).toFixed(1),
      String(r.statements),
      `${r.apiRuns}/${r.sqlRuns}`,
    ]),
  ];
  const cpu = os.cpus();
  process.stdout.write(
    `\nData set: ${dataset}\nMachine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n` +
      `Latency in ms, sequential requests (warm); ratio = API p50 / SQL p50; API − SQL = what the request adds to its SQL (p50s); runs = API/SQL.\n\n` +
      markdownTable(rows) +
      '\n\n',
  );
}

runBench('bench:reports', main);
