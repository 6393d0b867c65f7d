/**
 * `npm run bench:abuse`: what abusive operations cost the server now that they are refused (issue
 * 10), on the real server in production mode over a fresh database (see bench/support.ts), on
 * loopback only:
 * 1. the time to refuse each abusive shape: in the process (the limits' middleware called directly,
 *    which is all the work a refusal does), and over HTTP one request at a time (p50/p99; target
 *    < 5 ms), next to a trivial `{ __typename }`;
 * 2. the p99 of an ordinary query sent by one client, alone and while 8 clients send abusive
 *    operations without pause, then the same with wrong logins mixed in (target: ≤ 2× alone).
 * BENCH_REQUESTS (200): requests per shape and ordinary requests per phase. Every loop is bounded.
 */
import './production-mode';
import 'reflect-metadata';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { getIntrospectionQuery } from 'graphql';
import pino from 'pino';
import { startApp, type RunningApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import type { AppConfig } from '../src/core/config';
import { operationLimitsMiddleware } from '../src/core/graphql/operation-limits';
import { buildAppSchema } from '../src/core/graphql/schema';
import { installAppModules } from '../src/modules';
import { inSeedContext, seedSubscribedCustomers } from '../test/support/bulk-seed';
import { benchConfig, benchStaff, freshDatabase, markdownTable, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:abuse');

const REQUESTS = positiveInteger('BENCH_REQUESTS', 200);
const ABUSERS = 8;
const WARM_UP = 20;
/** Every abusive client stops after this many requests even if the ordinary client is still running. */
const ABUSER_MAX_REQUESTS = 20_000;

interface Shape {
  name: string;
  query: string;
  /** Sent with the staff token, else anonymously. */
  withToken: boolean;
  /** The `extensions.detail` (or code) the refusal must carry. */
  expect: string;
}

const aliased = (count: number, selection: (i: number) => string) => Array.from({ length: count }, (_, i) => `a${i}: ${selection(i)}`).join(' ');

function purchaseCycles(cycles: number, first = 100): string {
  let inner = 'id';
  for (let i = 0; i < cycles; i++) inner = `purchases(first: ${first}) { edges { node { customer { ${inner} } } } }`;
  return `{ customers(first: ${first}) { edges { node { ${inner} } } } }`;
}

const SHAPES: Shape[] = [
  { name: 'nested purchases, 3 cycles of 100 (the issue\'s query)', query: purchaseCycles(3), withToken: true, expect: 'QUERY_TOO_DEEP' },
  { name: 'nested purchases, 2 cycles of 100', query: purchaseCycles(2), withToken: true, expect: 'QUERY_TOO_COSTLY' },
  { name: 'depth 52 (first: 1 at each level)', query: purchaseCycles(12, 1), withToken: true, expect: 'QUERY_TOO_DEEP' },
  { name: '1000 aliases of salesReport', query: `{ ${aliased(1000, () => 'salesReport(groupBy: [MONTH]) { revenue }')} }`, withToken: true, expect: 'TOO_MANY_TOKENS' },
  { name: '100 aliases of salesReport', query: `{ ${aliased(100, () => 'salesReport(groupBy: [MONTH]) { revenue }')} }`, withToken: true, expect: 'TOO_MANY_ALIASES' },
  {
    name: '1000 aliases of login (anonymous)',
    query: `mutation { ${aliased(1000, (i) => `login(email: "guess${i}@bench.claro", password: "password${i}") { token }`)} }`,
    withToken: false,
    expect: 'TOO_MANY_TOKENS',
  },
  {
    name: '100 aliases of login (anonymous)',
    query: `mutation { ${aliased(100, (i) => `login(email: "guess${i}@bench.claro", password: "password${i}") { token }`)} }`,
    withToken: false,
    expect: 'TOO_MANY_ALIASES',
  },
  { name: '60 directives (anonymous)', query: `{ ${aliased(60, () => '__typename @include(if: true)')} }`, withToken: false, expect: 'TOO_MANY_DIRECTIVES' },
  { name: '16 KB: 1000 aliases of me (anonymous)', query: `{ ${aliased(1000, () => 'me { id }')} }`, withToken: false, expect: 'TOO_MANY_TOKENS' },
  { name: 'introspection (anonymous)', query: getIntrospectionQuery(), withToken: false, expect: 'INTROSPECTION_REQUIRES_AUTHENTICATION' },
];

const TRIVIAL = '{ __typename }';
const ORDINARY = `query BenchOrdinary {
  customers(first: 20) { edges { node { id firstName lastName subscriptions { status startDate servicePlan { code name } } } } }
}`;
const WRONG_LOGIN = (email: string) => `mutation { login(email: "${email}", password: "not-the-password") { token } }`;

interface Answer {
  status: number;
  ms: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(url: string, query: string, token: string | null): Promise<Answer> {
  const sent = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, ms: performance.now() - sent, body };
}

function refusedAs(answer: Answer, expected: string): boolean {
  const extensions = answer.body.errors?.[0]?.extensions;
  return answer.body.data == null && (extensions?.detail === expected || extensions?.code === expected);
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

interface Timing {
  p50: number;
  p99: number;
}

function timing(latencies: number[]): Timing {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** One client sending `count` requests one after the other; `check` throws on a wrong answer. */
async function sequential(url: string, query: string, token: string | null, count: number, check: (answer: Answer) => void): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await post(url, query, token);
    check(answer);
    latencies.push(answer.ms);
  }
  return latencies;
}

const expectData = (answer: Answer) => {
  if (answer.status !== 200 || answer.body.errors) throw new Error(`ordinary query failed: HTTP ${answer.status} ${JSON.stringify(answer.body.errors)}`);
};

/**
 * The abusive clients run in a worker thread (its own event loop, on the other core), so that
 * their own work (building requests, reading answers) is not charged to the server's event loop.
 */
const ABUSER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, requests, clients, maxRequests, stop } = workerData;
const stopped = new Int32Array(stop);
let sent = 0;
async function client(offset) {
  for (let i = 0; Atomics.load(stopped, 0) === 0 && i < maxRequests; i++) {
    const { body, token } = requests[(offset + i) % requests.length];
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) }, body });
    await response.arrayBuffer();
    sent++;
  }
}
Promise.all(Array.from({ length: clients }, (_, n) => client(n))).then(() => parentPort.postMessage(sent));
`;

/** The ordinary client's latencies while `ABUSERS` clients cycle through `abusive` without pause. */
async function underAbuse(url: string, token: string, abusive: { query: string; token: string | null }[]): Promise<{ latencies: number[]; abusiveSent: number }> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(ABUSER_CODE, {
    eval: true,
    workerData: { url, requests: abusive.map((a) => ({ body: JSON.stringify({ query: a.query }), token: a.token })), clients: ABUSERS, maxRequests: ABUSER_MAX_REQUESTS, stop },
  });
  const abusiveSent = new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    // Let the abusers start before measuring.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latencies = await sequential(url, ORDINARY, token, REQUESTS, expectData);
    Atomics.store(new Int32Array(stop), 0, 1);
    return { latencies, abusiveSent: await abusiveSent };
  } finally {
    Atomics.store(new Int32Array(stop), 0, 1);
    await worker.terminate();
  }
}

/** The limits' middleware alone on each shape: wall time per call (p50/p99) and CPU per call, in ms. */
async function inProcess(config: AppConfig, shape: Shape): Promise<{ p50: number; p99: number; cpu: number }> {
  const middleware = operationLimitsMiddleware(await buildAppSchema(installAppModules()), config.limits);
  let refused = 0;
  const res = {
    status: () => res,
    set: () => res,
    send: () => void refused++,
  };
  const req = { method: 'POST', body: { query: shape.query }, accepts: () => 'application/json' };
  const call = () => middleware(req as never, res as never, () => undefined);
  for (let i = 0; i < WARM_UP; i++) call();
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const sent = performance.now();
    call();
    latencies.push(performance.now() - sent);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const expected = shape.expect === 'INTROSPECTION_REQUIRES_AUTHENTICATION' ? 0 : WARM_UP + REQUESTS;
  if (refused !== expected) throw new Error(`${shape.name}: the middleware refused ${refused} of ${WARM_UP + REQUESTS} calls, expected ${expected}`);
  return { ...timing(latencies), cpu: (cpu.user + cpu.system) / 1000 / REQUESTS };
}

async function main(): Promise<void> {
  const started = performance.now();
  const database = await freshDatabase('claro_bench_abuse');
  const config = benchConfig(database);
  progress(database.url ? `starting the server on a new database ${database.name}` : `starting the server on an embedded PostgreSQL in ${database.dataDir}`);
  let app: RunningApp | undefined;
  try {
    app = await startApp({ config, logger: pino({ level: 'error' }) });
    const url = app.url.replace('localhost', '127.0.0.1');
    const { viewer, token } = await benchStaff(app, Role.ADMIN);
    progress('seeding 100 customers with 2 subscriptions each');
    await inSeedContext(app.orm, config, viewer, (ctx) => seedSubscribedCustomers(ctx, { customers: 100, subscriptionsEach: 2, plans: 20, tag: 'ABUSE' }));

    const direct: string[][] = [];
    for (const shape of SHAPES) {
      if (shape.expect === 'INTROSPECTION_REQUIRES_AUTHENTICATION') continue; // refused in Apollo's pipeline, where the caller is known
      const { p50, p99, cpu } = await inProcess(config, shape);
      direct.push([shape.name, shape.expect, p50.toFixed(3), p99.toFixed(3), cpu.toFixed(3)]);
    }

    const refusals: string[][] = [];
    const trivial = await sequential(url, TRIVIAL, token, WARM_UP + REQUESTS, expectData);
    const trivialTiming = timing(trivial.slice(WARM_UP));
    refusals.push(['`{ __typename }` (answered, for comparison)', '', trivialTiming.p50.toFixed(2), trivialTiming.p99.toFixed(2)]);
    for (const shape of SHAPES) {
      progress(`refusing: ${shape.name}`);
      const latencies = await sequential(url, shape.query, shape.withToken ? token : null, WARM_UP + REQUESTS, (answer) => {
        if (!refusedAs(answer, shape.expect)) throw new Error(`${shape.name}: expected ${shape.expect}, got HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      });
      const { p50, p99 } = timing(latencies.slice(WARM_UP));
      refusals.push([shape.name, shape.expect, p50.toFixed(2), p99.toFixed(2)]);
    }

    progress(`ordinary query alone: ${REQUESTS} requests`);
    await sequential(url, ORDINARY, token, WARM_UP, expectData);
    const alone = timing(await sequential(url, ORDINARY, token, REQUESTS, expectData));

    progress(`ordinary query while ${ABUSERS} clients send abusive operations`);
    const abusive = SHAPES.map((shape) => ({ query: shape.query, token: shape.withToken ? token : null }));
    const abused = await underAbuse(url, token, abusive);
    const abusedTiming = timing(abused.latencies);

    progress(`ordinary query while ${ABUSERS} clients send abusive operations and wrong logins`);
    const withLogins = [...abusive, { query: WRONG_LOGIN(viewer.email), token: null }];
    const loginAbused = await underAbuse(url, token, withLogins);
    const loginTiming = timing(loginAbused.latencies);

    const load = [
      ['ordinary query (1 client, customers(first: 20) + subscriptions + plan)', 'p50 ms', 'p99 ms', 'p99 vs alone', 'abusive requests sent'],
      ['alone', alone.p50.toFixed(1), alone.p99.toFixed(1), '1.00×', ''],
      [`while ${ABUSERS} clients send the shapes above`, abusedTiming.p50.toFixed(1), abusedTiming.p99.toFixed(1), `${(abusedTiming.p99 / alone.p99).toFixed(2)}×`, String(abused.abusiveSent)],
      [
        `while ${ABUSERS} clients send them and wrong logins (1 in ${withLogins.length})`,
        loginTiming.p50.toFixed(1),
        loginTiming.p99.toFixed(1),
        `${(loginTiming.p99 / alone.p99).toFixed(2)}×`,
        String(loginAbused.abusiveSent),
      ],
    ];
    process.stdout.write(
      `\nLoad average of the machine at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (${os.cpus().length} cores)\n` +
        `\nThe refusal's own work: the limits' middleware called in the process, ${REQUESTS} calls per shape after ${WARM_UP} warm-up\n\n` +
        markdownTable([['abusive operation', 'refused with', 'p50 ms', 'p99 ms', 'CPU ms/call'], ...direct]) +
        `\n\nTime to refuse, one request at a time over HTTP on loopback, ${REQUESTS} requests per shape after ${WARM_UP} warm-up; Node ${process.version}\n\n` +
        markdownTable([['abusive operation', 'refused with', 'p50 ms', 'p99 ms'], ...refusals]) +
        `\n\n${REQUESTS} ordinary requests per phase\n\n` +
        markdownTable(load) +
        '\n\n',
    );
    progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await app?.stop();
    await database.drop();
  }
}

runBench('bench:abuse', main);
