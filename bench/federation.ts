/**
 * `npm run bench:federation`: the same cross-domain queries through the single process and
 * through the federated gateway (five subgraphs in this process, each on its own loopback port
 * with its own pool), in one run over one database filled with the demo seed:
 * - a customer with its subscriptions and plans, its purchases with their lines, its offers
 *   (users, services, sales, catalog and reporting: four subgraph fetches behind the gateway);
 * - a page of 50 sales with customer, seller and lines (sales, users, catalog, services).
 * For each: latency p50/p99 one request at a time, then throughput with BENCH_CONCURRENCY (8) in
 * flight, and the federated/single ratios. Answers are checked equal between the modes first.
 * BENCH_REQUESTS (300) tunes the runs. On TEST_DATABASE_URL's or DATABASE_URL's server (a new
 * database, dropped afterwards), else an embedded PostgreSQL.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startApp, type RunningApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import { TokenService } from '../src/core/auth/tokens';
import { startFederated, type RunningFederation } from '../src/federation/start';
import { benchConfig, benchStaff, BENCH_JWT_SECRET, freshDatabase, markdownTable, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:federation');
const REQUESTS = positiveInteger('BENCH_REQUESTS', 300);
const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 8);
const WARM_UP = 50;

interface BenchQuery {
  name: string;
  query: string;
  /** Variables of the i-th request (customers rotate, so no answer is the same twice in a row). */
  variables: (i: number) => Record<string, unknown>;
  check: (data: any) => string | null;
}

function queries(customerIds: string[]): BenchQuery[] {
  return [
    {
      name: 'customer + subscriptions + purchases(10) with lines + offers(5)',
      query: `query BenchCustomer360($id: ID!) {
        customer(id: $id) {
          id firstName lastName category city
          subscriptions { status startDate price { amount } servicePlan { code name type } }
          purchases(first: 10) { totalCount edges { node { number status total { amount } seller { name }
            lines { description quantity total { amount } product { sku name brand { name } } servicePlan { code name } } } } }
          recommendedOffers(limit: 5) { kind score reason product { name } servicePlan { name } }
        }
      }`,
      variables: (i) => ({ id: customerIds[i % customerIds.length] }),
      check: (data) => (data?.customer?.id ? null : 'no customer'),
    },
    {
      name: 'sales(first: 50) + customer + seller + lines',
      query: `query BenchSalesPage {
        sales(first: 50) { edges { node { number status createdAt total { amount }
          customer { firstName lastName city } seller { name role }
          lines { position description quantity total { amount } product { sku name } servicePlan { code name } } } } }
      }`,
      variables: () => ({}),
      check: (data) => (data?.sales?.edges?.length === 50 ? null : `${data?.sales?.edges?.length} sales instead of 50`),
    },
  ];
}

async function post(url: string, token: string, query: BenchQuery, i: number): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: query.query, variables: query.variables(i) }) });
  const json = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!response.ok || json.errors) throw new Error(`${query.name}: HTTP ${response.status} ${JSON.stringify(json.errors ?? json)}`);
  const wrong = query.check(json.data);
  if (wrong) throw new Error(`${query.name}: wrong answer: ${wrong}`);
  return json.data;
}

/** `count` requests, `concurrency` in flight; the latency of each and the wall time. */
async function load(url: string, token: string, query: BenchQuery, count: number, concurrency: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const sent = performance.now();
      await post(url, token, query, i);
      latencies.push(performance.now() - sent);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function percentile(latencies: number[], q: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

interface Measured {
  p50: number;
  p99: number;
  rps: number;
}

async function main(): Promise<void> {
  const database = await freshDatabase('claro_bench_federation');
  const config = benchConfig(database, { FEDERATION_SECRET: 'bench-federation-secret-that-is-long-enough', REPORTING_REFRESH_MINUTES: '0', READINESS_CHECK_MS: '10000' });
  let single: RunningApp | undefined;
  let federated: RunningFederation | undefined;
  try {
    progress('starting the single process and seeding the demo data');
    single = await startApp({ config, logger: pino({ level: 'warn' }) });
    const { seedDemoDataIfEmpty } = require('../src/seed/demo') as typeof import('../src/seed/demo');
    await seedDemoDataIfEmpty({ orm: single.orm, config: { ...config, demoSeed: true }, logger: pino({ level: 'warn' }), tokens: new TokenService(BENCH_JWT_SECRET, '1h'), app: single.wiring });
    await single.orm.em.fork().execute('vacuum analyze');
    const { token } = await benchStaff(single, Role.ADMIN);
    await post(single.url, token, { name: 'rollups', query: 'mutation { refreshReportingRollups(mode: FULL) { __typename } }', variables: () => ({}), check: () => null }, 0);
    const customerIds = (await single.orm.em.fork().execute<{ id: string }[]>(`select customer_id::text as id from sale group by customer_id order by count(*) desc limit 50`)).map((row) => row.id);

    progress('starting the federation (gateway and five subgraphs) on the same database');
    federated = await startFederated({ config: { ...config, port: 0 }, logger: pino({ level: 'warn' }) });

    const rows: string[][] = [['query', 'mode', 'p50 ms', 'p99 ms', `req/s (${CONCURRENCY} in flight)`]];
    const ratios: string[][] = [['query', 'p50 ×', 'p99 ×', 'throughput ×']];
    for (const query of queries(customerIds)) {
      const [a, b] = [await post(single.url, token, query, 0), await post(federated.url, token, query, 0)];
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${query.name}: the modes answer differently`);
      const measured: Record<'single' | 'federated', Measured> = {} as never;
      for (const [mode, url] of [['single', single.url], ['federated', federated.url]] as const) {
        progress(`${query.name} · ${mode}: ${WARM_UP} warm-up, ${REQUESTS} one at a time, ${REQUESTS} with ${CONCURRENCY} in flight`);
        await load(url, token, query, WARM_UP, CONCURRENCY);
        const sequential = await load(url, token, query, REQUESTS, 1);
        const concurrent = await load(url, token, query, REQUESTS, CONCURRENCY);
        measured[mode] = { p50: percentile(sequential.latencies, 0.5), p99: percentile(sequential.latencies, 0.99), rps: REQUESTS / concurrent.seconds };
        rows.push([query.name, mode, measured[mode].p50.toFixed(1), measured[mode].p99.toFixed(1), measured[mode].rps.toFixed(1)]);
      }
      ratios.push([
        query.name,
        (measured.federated.p50 / measured.single.p50).toFixed(2),
        (measured.federated.p99 / measured.single.p99).toFixed(2),
        (measured.federated.rps / measured.single.rps).toFixed(2),
      ]);
    }
    process.stdout.write(
      `\n${REQUESTS} requests per mode and query after ${WARM_UP} warm-up; latency one request at a time, throughput with ${CONCURRENCY} in flight; ` +
        `demo data; gateway, subgraphs and single process in one Node ${process.version} process on this machine\n\n` +
        markdownTable(rows) +
        '\n\nfederated / single:\n\n' +
        markdownTable(ratios) +
        '\n\n',
    );
  } finally {
    await federated?.stop();
    await single?.stop();
    await database.drop();
  }
}

runBench('bench:federation', main);
