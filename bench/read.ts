/**
 * `npm run bench:read`: what the API's read path costs next to a hand-written endpoint that
 * returns the same JSON, on the same database, in production mode.
 * - The API (startApp, HTTP + Apollo + MikroORM) and the baseline (`node:http` + `pg`, named
 *   prepared statements, bench/read-baseline-server.ts) each run in their own child process, so
 *   each one's CPU time per request is its own (process.cpuUsage deltas); this process only sends
 *   requests.
 * - Before any timing, every shape's two answers are compared (deep-equal after JSON.parse): the
 *   bench fails when they differ. While timing, every answer must have the checked answer's size.
 * - Shapes: `sales(first: 10|50|100)` with customer and lines (product, plan), `customers(first:
 *   50)` with subscriptions and plan, `products(first: 50)` with brand and category, `{ me { id } }`;
 *   BENCH_CONCURRENCY (32) connections, BENCH_ROUNDS (3) interleaved rounds per shape and server
 *   (the order of the two servers alternates), after a warm-up of one request per connection. A
 *   round sends requests for BENCH_ROUND_SECONDS (1), then waits for those in flight: it is timed
 *   to the last answer, so a slow server's round lasts about 32 of its answers longer.
 * - createSale through GraphQL against the same rows written with plain SQL in one transaction
 *   (bench/sale-writes.ts, as `bench:sales` does) behind the baseline's hand-written endpoint,
 *   BENCH_WRITE_CONCURRENCY (8) clients, BENCH_WRITE_SALES (60) sales per round and server.
 * Database: a new one on TEST_DATABASE_URL's or DATABASE_URL's server (dropped afterwards), else an
 * embedded PostgreSQL in a temporary folder. Loopback only. Not part of `npm test`.
 */
import './production-mode';
import http from 'node:http';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { ApiServerReady, ReadDataSet } from './read-api-server';
import type { BaselineReady, BaselineSettings } from './read-baseline-server';
import { startChild, type ChildStats, type ServerChild } from './read-child';
import { CREATE_SALE, createSaleInput, drafts, type SaleDraft } from './sale-writes';
import { BENCH_JWT_SECRET, freshDatabase, markdownTable, percentiles, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:read');

const CONCURRENCY = positiveInteger('BENCH_CONCURRENCY', 32);
const ROUNDS = positiveInteger('BENCH_ROUNDS', 3);
const ROUND_MS = positiveInteger('BENCH_ROUND_SECONDS', 1) * 1000;
const WRITE_CONCURRENCY = positiveInteger('BENCH_WRITE_CONCURRENCY', 8);
const WRITE_SALES = positiveInteger('BENCH_WRITE_SALES', 60);
/**
 * Node flags of both servers: those `npm start` gives the API (a young generation large enough
 * for the garbage of 32 requests in flight, see the README), BENCH_NODE_FLAGS to try others ('' for none).
 */
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=64').split(' ').filter(Boolean);
/** At most this many requests per measured window, whatever the time left. */
const MAX_REQUESTS_PER_WINDOW = 20_000;

const DATA: ReadDataSet = {
  subscribedCustomers: 200,
  customers: positiveInteger('BENCH_CUSTOMERS', 2000),
  products: 200,
  plans: 20,
  sales: positiveInteger('BENCH_SALES', 4000),
};

const SALES_QUERY = `query BenchReadSales($first: Int!) {
  sales(first: $first) { edges { node {
    number status total { amount } createdAt
    customer { id firstName lastName email }
    lines { quantity unitPrice { amount } total { amount } product { name sku } servicePlan { name } }
  } } }
}`;

const CUSTOMERS_QUERY = `query BenchReadCustomers($first: Int!) {
  customers(first: $first) { edges { node {
    id firstName lastName email category
    subscriptions { status startDate price { amount } servicePlan { code name type } }
  } } }
}`;

const PRODUCTS_QUERY = `query BenchReadProducts($first: Int!) {
  products(first: $first) { edges { node { id sku name price { amount } stock brand { name } category { name } } } }
}`;

interface ReadShape {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** The baseline's route for the same answer. */
  baselinePath: string;
  /** A wrong (e.g. empty) answer must not pass for equal: what the answer must hold. */
  check(data: any): string | null;
}

const pageOf = (connection: string, first: number, nested?: (node: any) => number) => (data: any) => {
  const edges = data?.[connection]?.edges ?? [];
  if (edges.length !== first) return `${edges.length} ${connection} instead of ${first}`;
  if (nested && edges.every((edge: any) => nested(edge.node) === 0)) return `no nested rows in ${connection}`;
  return null;
};

const ALL_SHAPES: ReadShape[] = [
  ...[10, 50, 100].map((first) => ({
    name: `sales(first: ${first}) + customer, lines, product, plan`,
    query: SALES_QUERY,
    variables: { first },
    baselinePath: `/sales?first=${first}`,
    check: pageOf('sales', first, (node) => node.lines.length),
  })),
  {
    name: 'customers(first: 50) + subscriptions, plan',
    query: CUSTOMERS_QUERY,
    variables: { first: 50 },
    baselinePath: '/customers?first=50',
    check: pageOf('customers', 50, (node) => node.subscriptions.length),
  },
  {
    name: 'products(first: 50) + brand, category',
    query: PRODUCTS_QUERY,
    variables: { first: 50 },
    baselinePath: '/products?first=50',
    check: pageOf('products', 50),
  },
  {
    name: '{ me { id } }',
    query: 'query BenchReadMe { me { id } }',
    variables: {},
    baselinePath: '/me',
    check: (data) => (data?.me?.id ? null : 'no me.id'),
  },
];

/** BENCH_SHAPES: only the shapes whose names start with one of these (comma-separated: `{ me`, `sales(first: 50)`). */
const SHAPES = process.env.BENCH_SHAPES ? ALL_SHAPES.filter((shape) => process.env.BENCH_SHAPES!.split(',').some((start) => shape.name.startsWith(start.trim()))) : ALL_SHAPES;
/** BENCH_WRITES=0: reads only. */
const WRITES = process.env.BENCH_WRITES !== '0';

type Side = 'api' | 'baseline';

interface Request {
  method: 'GET' | 'POST';
  url: URL;
  body: string | null;
}

interface Window {
  requests: number;
  ms: number;
  cpuMicros: number;
  statements: number;
  latencies: number[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, WRITE_CONCURRENCY) });

/**
 * One request on a kept-alive connection. A server closes an idle connection after its keep-alive
 * timeout; a request that raced with that close is sent again once, on a new connection (as the
 * Node.js documentation advises for `reusedSocket`).
 */
function send(request: Request, token: string, retried = false): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      request.url,
      {
        method: request.method,
        agent,
        headers: { authorization: `Bearer ${token}`, ...(request.body === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && outgoing.reusedSocket && error.code === 'ECONNRESET') send(request, token, true).then(resolve, reject);
      else reject(error);
    });
    outgoing.end(request.body ?? undefined);
  });
}

/**
 * Sends `next()`'s requests from `concurrency` connections until `until()` says stop, each answer
 * checked by `verify`; the server's CPU time and SQL statements are read before and after.
 */
async function measure(
  server: ServerChild<unknown>,
  token: string,
  concurrency: number,
  next: (i: number) => Request | null,
  verify: (status: number, body: Buffer) => string | null,
  until: (elapsedMs: number, sent: number) => boolean,
): Promise<Window> {
  const latencies: number[] = [];
  let sent = 0;
  const before: ChildStats = await server.stats();
  const started = performance.now();
  let failed = false;
  const worker = async () => {
    for (;;) {
      if (failed || until(performance.now() - started, sent)) return;
      const request = next(sent++);
      if (!request) return;
      const at = performance.now();
      const { status, body } = await send(request, token);
      latencies.push(performance.now() - at);
      const wrong = verify(status, body);
      if (wrong) throw new Error(`${request.method} ${request.url.pathname}: ${wrong}: ${body.toString('utf8').slice(0, 300)}`);
    }
  };
  // On a failure the other workers stop sending, and the first failure is reported once they are done.
  const outcomes = await Promise.allSettled(
    Array.from({ length: concurrency }, () =>
      worker().catch((error) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const ms = performance.now() - started;
  const after: ChildStats = await server.stats();
  return { requests: latencies.length, ms, cpuMicros: after.cpuMicros - before.cpuMicros, statements: after.statements - before.statements, latencies };
}

function sum(windows: Window[]): Window {
  return windows.reduce(
    (total, w) => ({
      requests: total.requests + w.requests,
      ms: total.ms + w.ms,
      cpuMicros: total.cpuMicros + w.cpuMicros,
      statements: total.statements + w.statements,
      latencies: total.latencies.concat(w.latencies),
    }),
    { requests: 0, ms: 0, cpuMicros: 0, statements: 0, latencies: [] },
  );
}

/** The first place where two JSON values differ, as a path and the two values. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: API ${JSON.stringify(a)?.slice(0, 200)} vs baseline ${JSON.stringify(b)?.slice(0, 200)}`;
}

interface Row {
  name: string;
  api: Window;
  baseline: Window;
  bytes: number;
}

async function main(): Promise<void> {
  const started = performance.now();
  const database = await freshDatabase('claro_bench_read');
  let api: ServerChild<ApiServerReady> | undefined;
  let baseline: ServerChild<BaselineReady> | undefined;
  try {
    progress(
      `${database.url ? `new database ${database.name}` : `embedded PostgreSQL in ${database.dataDir}`}; starting the API in a child process and seeding ` +
        `${DATA.sales} sales, ${DATA.customers + DATA.subscribedCustomers} customers, ${DATA.products} products, ${DATA.plans} plans`,
    );
    api = await startChild<ApiServerReady>(
      path.join(__dirname, 'read-api-server.ts'),
      { BENCH_READ_DATABASE: JSON.stringify({ url: database.url, name: database.name, dataDir: database.dataDir }), BENCH_READ_DATA: JSON.stringify(DATA) },
      180_000,
      SERVER_NODE_FLAGS,
    );
    const { token } = api.ready;
    const settings: BaselineSettings = { databaseUrl: api.ready.databaseUrl, jwtSecret: BENCH_JWT_SECRET, ivaRate: api.ready.ivaRate, holdHours: api.ready.holdHours };
    baseline = await startChild<BaselineReady>(path.join(__dirname, 'read-baseline-server.ts'), { BENCH_READ_BASELINE: JSON.stringify(settings) }, 60_000, SERVER_NODE_FLAGS);
    const servers = { api, baseline } as Record<Side, ServerChild<unknown>>;
    progress(`API at ${api.ready.url}, baseline at ${baseline.ready.url}`);

    const requestFor = (side: Side, shape: ReadShape): Request =>
      side === 'api'
        ? { method: 'POST', url: new URL(api!.ready.url), body: JSON.stringify({ query: shape.query, variables: shape.variables }) }
        : { method: 'GET', url: new URL(shape.baselinePath, baseline!.ready.url), body: null };

    // The answers must be the same before anything is timed.
    const expectedBytes = new Map<string, number>();
    for (const shape of SHAPES) {
      const answers = {} as Record<Side, any>;
      for (const side of ['api', 'baseline'] as const) {
        const { status, body } = await send(requestFor(side, shape), token);
        const json = JSON.parse(body.toString('utf8'));
        if (status !== 200 || json.errors) throw new Error(`${shape.name}: the ${side} answered HTTP ${status} ${body.toString('utf8').slice(0, 500)}`);
        expectedBytes.set(`${side} ${shape.name}`, body.length);
        answers[side] = json;
      }
      const wrong = shape.check(answers.api.data);
      if (wrong) throw new Error(`${shape.name}: wrong answer: ${wrong}`);
      const difference = firstDifference(answers.api, answers.baseline);
      if (difference) throw new Error(`${shape.name}: the API and the baseline answer differently, at ${difference}`);
      progress(`${shape.name}: same answer from both (${(expectedBytes.get(`api ${shape.name}`)! / 1024).toFixed(1)} KiB)`);
    }
    const verifyRead = (side: Side, shape: ReadShape) => {
      const bytes = expectedBytes.get(`${side} ${shape.name}`);
      return (status: number, body: Buffer) => (status !== 200 ? `HTTP ${status}` : body.length !== bytes ? `${body.length} bytes instead of the checked ${bytes}` : null);
    };
    const readWindow = (side: Side, shape: ReadShape, ms: number) =>
      measure(servers[side], token, CONCURRENCY, () => requestFor(side, shape), verifyRead(side, shape), (elapsed, sent) => elapsed >= ms || sent >= MAX_REQUESTS_PER_WINDOW);

    // Warm-up: one request per connection, so that every pooled database connection has prepared its statements.
    for (const shape of SHAPES) {
      for (const side of ['api', 'baseline'] as const) {
        await measure(servers[side], token, CONCURRENCY, () => requestFor(side, shape), verifyRead(side, shape), (_elapsed, sent) => sent >= CONCURRENCY);
      }
    }
    progress(`warmed up; ${ROUNDS} rounds of ${ROUND_MS / 1000} s per shape and server, ${CONCURRENCY} connections`);

    const windows = new Map<string, Record<Side, Window[]>>(SHAPES.map((shape) => [shape.name, { api: [], baseline: [] }]));
    for (let round = 0; round < ROUNDS; round++) {
      const order: Side[] = round % 2 === 0 ? ['api', 'baseline'] : ['baseline', 'api'];
      for (const shape of SHAPES) {
        for (const side of order) windows.get(shape.name)![side].push(await readWindow(side, shape, ROUND_MS));
      }
      progress(`round ${round + 1}/${ROUNDS} done`);
    }
    const rows: Row[] = SHAPES.map((shape) => ({
      name: shape.name,
      api: sum(windows.get(shape.name)!.api),
      baseline: sum(windows.get(shape.name)!.baseline),
      bytes: expectedBytes.get(`api ${shape.name}`)!,
    }));

    if (!WRITES) {
      printTables(rows, null);
      progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    // Writes: the same kind of sale from both sides, different (customer, products, plan) each time.
    const catalog = { customerIds: api.ready.customerIds, products: api.ready.productIds.map((id) => ({ id, price: '', label: '' })), plans: api.ready.planIds.map((id) => ({ id, price: '', label: '' })) };
    let offset = 0;
    const writeWindow = (side: Side, count: number) => {
      const batch: SaleDraft[] = drafts(catalog, count, offset);
      offset += count;
      const next = (i: number): Request | null =>
        i >= batch.length
          ? null
          : side === 'api'
            ? { method: 'POST', url: new URL(api!.ready.url), body: JSON.stringify({ query: CREATE_SALE, variables: { input: createSaleInput(batch[i]) } }) }
            : { method: 'POST', url: new URL('/sales', baseline!.ready.url), body: JSON.stringify(batch[i]) };
      const verify = (status: number, body: Buffer) => {
        if (status !== 200) return `HTTP ${status}`;
        const json = JSON.parse(body.toString('utf8'));
        if (side === 'api' && json.data?.createSale?.lines?.length !== 3) return 'not a 3-line sale';
        if (side === 'baseline' && json.data?.ok !== true) return 'not written';
        return null;
      };
      return measure(servers[side], token, WRITE_CONCURRENCY, next, verify, () => false);
    };
    for (const side of ['api', 'baseline'] as const) await writeWindow(side, WRITE_CONCURRENCY * 2);
    const writes: Record<Side, Window[]> = { api: [], baseline: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Side[] = round % 2 === 0 ? ['api', 'baseline'] : ['baseline', 'api'];
      for (const side of order) writes[side].push(await writeWindow(side, WRITE_SALES));
    }
    progress(`createSale: ${ROUNDS} rounds of ${WRITE_SALES} sales per side, ${WRITE_CONCURRENCY} clients`);

    printTables(rows, { name: 'createSale (3 lines) vs plain SQL in one transaction', api: sum(writes.api), baseline: sum(writes.baseline), bytes: 0 });
    progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await api?.stop();
    await baseline?.stop();
    agent.destroy();
    await database.drop();
  }
}

function printTables(reads: Row[], write: Row | null): void {
  const perSecond = (w: Window) => (w.requests * 1000) / w.ms;
  const cpuMs = (w: Window) => w.cpuMicros / 1000 / w.requests;
  const perRequest = (w: Window) => w.statements / w.requests;
  const cells = (row: Row) => [
    row.name,
    row.bytes ? (row.bytes / 1024).toFixed(1) : '-',
    perSecond(row.api).toFixed(1),
    perSecond(row.baseline).toFixed(1),
    `${(perSecond(row.api) / perSecond(row.baseline)).toFixed(3)}x`,
    cpuMs(row.api).toFixed(2),
    cpuMs(row.baseline).toFixed(2),
    `${(cpuMs(row.api) / cpuMs(row.baseline)).toFixed(1)}x`,
    perRequest(row.api).toFixed(1),
    perRequest(row.baseline).toFixed(1),
    percentiles(row.api.latencies).p50.toFixed(1),
    percentiles(row.baseline.latencies).p50.toFixed(1),
  ];
  const header = ['shape', 'JSON KiB', 'API req/s', 'baseline req/s', 'API/baseline', 'API CPU ms/req', 'baseline CPU ms/req', 'CPU API/baseline', 'API SQL/req', 'baseline SQL/req', 'API p50 ms', 'baseline p50 ms'];
  process.stdout.write(
    `\nbench:read: ${ROUNDS} interleaved rounds of ${ROUND_MS / 1000} s (and the answers in flight) per shape and server, ${CONCURRENCY} connections, after one request per connection; ` +
      `${DATA.sales} sales (1 to 3 lines), ${DATA.customers + DATA.subscribedCustomers} customers (the newest ${DATA.subscribedCustomers} with 2 subscriptions), ` +
      `${DATA.products} products, ${DATA.plans} plans; Node ${process.version}${SERVER_NODE_FLAGS.length ? ` (servers: ${SERVER_NODE_FLAGS.join(' ')})` : ''}. SQL/req includes authentication: 1 statement per request for the baseline; the API remembers its staff check for STAFF_CHECK_CACHE_MS (1 s), so its requests rarely send one.\n\n` +
      markdownTable([header, ...reads.map(cells)]) +
      '\n\n',
  );
  if (!write) return;
  process.stdout.write(
    `Writes: ${ROUNDS} rounds of ${WRITE_SALES} sales per side, ${WRITE_CONCURRENCY} clients; the baseline writes the rows of bench/sale-writes.ts behind its hand-written endpoint (req/s = sales/s).\n\n` +
      markdownTable([header, cells(write)]) +
      '\n\n',
  );
}

runBench('bench:read', main);
