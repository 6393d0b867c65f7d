/**
 * `npm run bench:sales`: the sales write and read paths on the real server (HTTP, Apollo,
 * MikroORM) over a fresh database, in one run:
 * - createSale throughput: 3-line sales (two products and a plan) from BENCH_CONCURRENCY (8)
 *   concurrent clients with plain fetch, and the same rows (stock update and ledger rows, invoice
 *   number, sale, lines, history, event) written with plain SQL from as many connections: the
 *   baseline, with the ratio between the two; SQL statements per createSale; the CPU time of this
 *   one process (server, its pg pool and the clients) per sale;
 * - a `sales` page nesting customer, seller, lines with product (brand) or plan and history:
 *   SQL statements per request for a page of 10 and of 50 (they must be equal).
 * Database: the PostgreSQL server of TEST_DATABASE_URL or DATABASE_URL when set (a new database is
 * created there and dropped afterwards), else an embedded PostgreSQL in a temporary folder.
 * BENCH_SALES (400) sales per path, BENCH_REQUESTS (100) reads per page size. Not part of `npm test`.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import pino from 'pino';
import { startApp, type RunningApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import { Decimal } from '../src/core/money';
import { moveStock, StockMovementKind } from '../src/modules/catalog';
import { inSeedContext, seedProducts, seedSubscribedCustomers } from '../test/support/bulk-seed';
import { CREATE_SALE, createSaleInput, drafts, insertSaleWithSql, PLAIN_SQL_STATEMENTS, type Catalog, type SaleDraft } from './sale-writes';
import { benchConfig, benchStaff, freshDatabase, markdownTable, percentiles, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:sales');

const SALES = positiveInteger('BENCH_SALES', 400);
const REQUESTS = positiveInteger('BENCH_REQUESTS', 100);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 8);
const WARM_UP = 20;
const CUSTOMERS = 200;
const PRODUCTS = 200;
const PLANS = 20;

const SALES_PAGE = `query BenchSalesPage($first: Int!) {
  sales(first: $first) {
    edges { node {
      number status total { amount }
      customer { id firstName lastName }
      seller { id name }
      lines { description quantity unitPrice { amount } product { sku brand { name } } servicePlan { code name } }
      statusHistory { from to changedAt }
    } }
  }
}`;

interface Timing {
  seconds: number;
  latencies: number[];
  /** CPU time of this process (server and clients alike), user + system. */
  cpuMs: number;
}

interface WriteResult {
  name: string;
  perSecond: number;
  sqlPerSale: number | null;
  cpuMsPerSale: number;
  p50: number;
  p95: number;
}

interface ReadResult {
  name: string;
  perSecond: number;
  sqlPerRequest: number;
  p50: number;
  p95: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  const database = await freshDatabase('claro_bench_sales');
  let sqlCount = 0;
  let captured: string[] | null = null;
  const config = benchConfig(database);
  progress(database.url ? `starting the server on a new database ${database.name}` : `starting the server on an embedded PostgreSQL in ${database.dataDir}`);
  let app: RunningApp | undefined;
  let pool: pg.Pool | undefined;
  try {
    app = await startApp({
      config,
      logger: pino({ level: 'warn' }),
      onQuery: (sql) => {
        sqlCount++;
        captured?.push(sql);
      },
    });
    progress(`server ready at ${app.url}`);

    const { viewer: staff, token } = await benchStaff(app, Role.SALES_AGENT);

    progress(`seeding ${CUSTOMERS} customers, ${PRODUCTS} products with plenty of stock and ${PLANS} plans`);
    const catalog = await inSeedContext(app.orm, config, staff, async (ctx) => {
      const { customerIds, planIds } = await seedSubscribedCustomers(ctx, { customers: CUSTOMERS, subscriptionsEach: 0, plans: PLANS, tag: 'BENCH' });
      const productIds = await seedProducts(ctx, PRODUCTS, 'BENCH');
      for (const productId of productIds) {
        await moveStock(ctx, { productId, delta: 1_000_000, reason: 'Bench delivery', kind: StockMovementKind.ADJUSTMENT });
      }
      return { customerIds, productIds, planIds };
    });
    const db = app.orm.em.fork().getConnection();
    const productRows = await db.execute<{ id: string; price: string; label: string }[]>(
      `select id::text as id, price_amount::text as price, name || ' (' || sku || ')' as label from product where id in (?) order by id`,
      [catalog.productIds],
    );
    const planRows = await db.execute<{ id: string; price: string; label: string }[]>(
      `select id::text as id, price_amount::text as price, name || ' (' || code || ')' as label from service_plan where id in (?) order by id`,
      [catalog.planIds],
    );
    const items: Catalog = { customerIds: catalog.customerIds, products: productRows, plans: planRows };

    // createSale through the API.
    const send = (draft: SaleDraft) =>
      graphqlRequest(app!.url, token, CREATE_SALE, { input: createSaleInput(draft) }).then((data) => {
        if (data?.createSale?.lines?.length !== 3) throw new Error(`createSale: wrong answer ${JSON.stringify(data)}`);
      });
    progress(`createSale: ${WARM_UP} warm-up sales`);
    await runAll(drafts(items, WARM_UP, 0), CONCURRENCY, send);
    captured = [];
    await send(drafts(items, 1, WARM_UP)[0]);
    const oneSale = captured;
    captured = null;
    sqlCount = 0;
    progress(`createSale: ${SALES} sales, ${CONCURRENCY} clients at a time`);
    const api = await runAll(drafts(items, SALES, WARM_UP + 1), CONCURRENCY, send);
    const apiSql = sqlCount / SALES;

    // The same rows with plain SQL.
    pool = new pg.Pool({ connectionString: app.databaseUrl, max: CONCURRENCY });
    const ivaRate = new Decimal(config.sales.ivaRate);
    const productById = new Map(items.products.map((p) => [p.id, p]));
    const planById = new Map(items.plans.map((p) => [p.id, p]));
    const insert = async (draft: SaleDraft) => {
      const client = await pool!.connect();
      try {
        await insertSaleWithSql(client, draft, staff.id, ivaRate, productById, planById, config.sales.holdHours);
      } finally {
        client.release();
      }
    };
    progress(`plain SQL: ${WARM_UP} warm-up sales`);
    await runAll(drafts(items, WARM_UP, 10_000), CONCURRENCY, insert);
    progress(`plain SQL: ${SALES} sales, ${CONCURRENCY} connections at a time`);
    const plain = await runAll(drafts(items, SALES, 20_000), CONCURRENCY, insert);

    const [check] = await db.execute<{ bad: number }[]>(
      `select count(*)::int as bad from sale s join (select sale_id, sum(total) as total, count(*) as n from sale_line group by sale_id) l on l.sale_id = s.id
        where l.n <> 3 or s.total <> l.total or s.total <> s.subtotal - s.discount + s.tax`,
    );
    if (check.bad > 0) throw new Error(`${check.bad} sales do not add up`);

    const writes: WriteResult[] = [
      { name: 'createSale through GraphQL', perSecond: SALES / api.seconds, sqlPerSale: apiSql, cpuMsPerSale: api.cpuMs / SALES, ...percentiles(api.latencies) },
      { name: 'same rows, plain SQL (baseline)', perSecond: SALES / plain.seconds, sqlPerSale: PLAIN_SQL_STATEMENTS, cpuMsPerSale: plain.cpuMs / SALES, ...percentiles(plain.latencies) },
    ];

    // Reads: a page of 10 and of 50 sales with everything nested.
    const reads: ReadResult[] = [];
    for (const first of [10, 50]) {
      const read = async () => {
        const data = await graphqlRequest(app!.url, token, SALES_PAGE, { first });
        const edges = data?.sales?.edges ?? [];
        if (edges.length !== first || edges.some((e: any) => e.node.lines.length !== 3 || !e.node.customer?.id)) throw new Error(`sales(first: ${first}): wrong answer`);
      };
      progress(`sales(first: ${first}): ${WARM_UP} warm-up requests, then ${REQUESTS}`);
      await runAll(Array.from({ length: WARM_UP }), CONCURRENCY, read);
      sqlCount = 0;
      const timing = await runAll(Array.from({ length: REQUESTS }), CONCURRENCY, read);
      reads.push({ name: `sales(first: ${first}) + customer, seller, lines, product, brand, plan, history`, perSecond: REQUESTS / timing.seconds, sqlPerRequest: sqlCount / REQUESTS, ...percentiles(timing.latencies) });
    }

    printTables(writes, reads, oneSale);
    progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await pool?.end();
    await app?.stop();
    await database.drop();
  }
}

async function graphqlRequest(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const json = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (!response.ok || json.errors) throw new Error(`HTTP ${response.status} ${JSON.stringify(json.errors ?? json)}`);
  return json.data;
}

/** Runs `work` for every item, `concurrency` at a time; throws on the first failure. */
async function runAll<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      const sent = performance.now();
      await work(item);
      latencies.push(performance.now() - sent);
    }
  };
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, latencies, cpuMs: (used.user + used.system) / 1000 };
}

function printTables(writes: WriteResult[], reads: ReadResult[], oneSale: string[]): void {
  const baseline = writes[1].perSecond;
  const writeRows = [
    ['write path (3-line sales)', 'sales/s', 'vs plain SQL', 'SQL/sale', 'Node CPU ms/sale', 'p50 ms', 'p95 ms'],
    ...writes.map((w) => [
      w.name,
      w.perSecond.toFixed(1),
      `${(w.perSecond / baseline).toFixed(2)}x`,
      w.sqlPerSale === null ? '-' : w.sqlPerSale.toFixed(1),
      w.cpuMsPerSale.toFixed(2),
      w.p50.toFixed(1),
      w.p95.toFixed(1),
    ]),
  ];
  const readRows = [
    ['read path', 'req/s', 'SQL/request', 'p50 ms', 'p95 ms'],
    ...reads.map((r) => [r.name, r.perSecond.toFixed(1), r.sqlPerRequest.toFixed(2), r.p50.toFixed(1), r.p95.toFixed(1)]),
  ];
  const statements = oneSale.map((sql, i) => `  ${String(i + 1).padStart(2)}. ${sql.replace(/\s+/g, ' ').slice(0, 110)}`).join('\n');
  process.stdout.write(
    `\n${SALES} sales per write path and ${REQUESTS} requests per page size, ${CONCURRENCY} concurrent, after ${WARM_UP} warm-up calls; ` +
      `${CUSTOMERS} customers, ${PRODUCTS} products, ${PLANS} plans; Node ${process.version}\n\n` +
      `${markdownTable(writeRows)}\n\n${markdownTable(readRows)}\n\n` +
      `The ${oneSale.length} SQL statements of one createSale (authentication included):\n${statements}\n\n`,
  );
}


runBench('bench:sales', main);
