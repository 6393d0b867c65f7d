/**
 * `npm run bench`: requests/second and SQL statements per request of the list queries that nest
 * relations, against a baseline `{ me { id } }`, on the real server (HTTP, Apollo, MikroORM) over a
 * fresh database:
 * - on the PostgreSQL server of TEST_DATABASE_URL or DATABASE_URL when set (a new database is
 *   created there and dropped afterwards; the database named in the URL is not touched);
 * - else on an embedded PostgreSQL in a temporary data folder, removed afterwards.
 * BENCH_REQUESTS (200) and BENCH_CONCURRENCY (8) tune the runs. Not part of `npm test`.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startApp, type RunningApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import { appModules } from '../src/modules';
import { inSeedContext, seedProducts, seedSubscribedCustomers } from '../test/support/bulk-seed';
import { benchConfig, benchStaff, freshDatabase, markdownTable, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench');

const REQUESTS = positiveInteger('BENCH_REQUESTS', 200);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 8);
const WARM_UP = Math.min(20, REQUESTS);
const CUSTOMERS = 200;
const PRODUCTS = 200;

interface BenchQuery {
  name: string;
  query: string;
  /** How many list items one response must carry (a wrong answer must not look fast). */
  check: (data: any) => string | null;
}

const QUERIES: BenchQuery[] = [
  {
    name: 'baseline { me { id } }',
    query: 'query BenchMe { me { id } }',
    check: (data) => (data?.me?.id ? null : 'no me.id'),
  },
  {
    name: 'customers(first: 100) + subscriptions + plan',
    query: `query BenchCustomers {
      customers(first: 100) {
        edges { node { id firstName lastName
          subscriptions { status startDate price { amount currency } servicePlan { code name price { amount } features { name value unit } } }
        } }
      }
    }`,
    check: (data) => {
      const edges = data?.customers?.edges ?? [];
      if (edges.length !== 100) return `${edges.length} customers instead of 100`;
      return edges.every((e: any) => e.node.subscriptions.length === 2 && e.node.subscriptions.every((s: any) => s.servicePlan?.code)) ? null : 'missing subscriptions';
    },
  },
  {
    name: 'products(first: 100) + brand + category',
    query: `query BenchProducts {
      products(first: 100) {
        edges { node { id sku name price { amount } stock brand { name } category { name } } }
      }
    }`,
    check: (data) => {
      const edges = data?.products?.edges ?? [];
      if (edges.length !== 100) return `${edges.length} products instead of 100`;
      return edges.every((e: any) => e.node.brand?.name && e.node.category?.name) ? null : 'missing brand or category';
    },
  },
];

interface Result {
  name: string;
  requestsPerSecond: number;
  sqlPerRequest: number;
  p50: number;
  p95: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  const database = await freshDatabase('claro_bench');
  let sqlCount = 0;
  const config = benchConfig(database);
  progress(database.url ? `starting the server on a new database ${database.name}` : `starting the server on an embedded PostgreSQL in ${database.dataDir}`);
  let app: RunningApp | undefined;
  try {
    app = await startApp({ config, logger: pino({ level: 'warn' }), onQuery: () => void sqlCount++ });
    progress(`server ready at ${app.url}`);

    const { viewer: staff, token } = await benchStaff(app, Role.ADMIN);

    const catalogServed = appModules.some((module) => module.name === 'catalog');
    progress(`seeding ${CUSTOMERS} customers with 2 subscriptions each${catalogServed ? ` and ${PRODUCTS} products` : ''}`);
    await inSeedContext(app.orm, config, staff, async (ctx) => {
      await seedSubscribedCustomers(ctx, { customers: CUSTOMERS, subscriptionsEach: 2, plans: 20, tag: 'BENCH' });
      if (catalogServed) await seedProducts(ctx, PRODUCTS, 'BENCH');
    });

    const results: Result[] = [];
    for (const query of QUERIES) {
      if (query.name.startsWith('products') && !catalogServed) {
        progress(`skipping ${query.name}: the catalog module is not served`);
        continue;
      }
      progress(`${query.name}: ${WARM_UP} warm-up requests`);
      await run(app.url, token, query, WARM_UP, CONCURRENCY);
      sqlCount = 0;
      progress(`${query.name}: ${REQUESTS} requests, ${CONCURRENCY} at a time`);
      const { seconds, latencies } = await run(app.url, token, query, REQUESTS, CONCURRENCY);
      latencies.sort((a, b) => a - b);
      results.push({
        name: query.name,
        requestsPerSecond: REQUESTS / seconds,
        sqlPerRequest: sqlCount / REQUESTS,
        p50: latencies[Math.floor(latencies.length * 0.5)],
        p95: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))],
      });
    }
    printTable(results);
    progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await app?.stop();
    await database.drop();
  }
}

/** Sends `count` requests, `concurrency` in flight at a time; throws on any error or wrong answer. */
async function run(url: string, token: string, query: BenchQuery, count: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let done = 0;
  const body = JSON.stringify({ query: query.query });
  const worker = async () => {
    while (next < count) {
      next++;
      const sent = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const json = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
      latencies.push(performance.now() - sent);
      if (!response.ok || json.errors) throw new Error(`${query.name}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json)}`);
      const wrong = query.check(json.data);
      if (wrong) throw new Error(`${query.name}: wrong answer: ${wrong}`);
      done++;
      if (count >= 100 && done % Math.floor(count / 4) === 0) progress(`  ${done}/${count}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { seconds: (performance.now() - start) / 1000, latencies };
}

function printTable(results: Result[]): void {
  const baseline = results[0].requestsPerSecond;
  const rows = [
    ['query', 'req/s', 'vs baseline', 'SQL/request', 'p50 ms', 'p95 ms'],
    ...results.map((r) => [
      r.name,
      r.requestsPerSecond.toFixed(1),
      `${(r.requestsPerSecond / baseline).toFixed(2)}x`,
      r.sqlPerRequest.toFixed(2),
      r.p50.toFixed(1),
      r.p95.toFixed(1),
    ]),
  ];
  process.stdout.write(
    `\n${REQUESTS} requests per query, ${CONCURRENCY} concurrent, after ${WARM_UP} warm-up requests; ` +
      `${CUSTOMERS} customers with 2 subscriptions each over 20 plans, ${PRODUCTS} products; Node ${process.version}\n\n` +
      markdownTable(rows) +
      '\n\n',
  );
}


runBench('bench', main);
