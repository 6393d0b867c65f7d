/**
 * `BENCH_BEFORE=<another checkout> npm run bench:versions`: this checkout's API against another
 * version of it (e.g. `git worktree add /tmp/before <ref>`, with node_modules installed or linked),
 * side by side, for changes too small for the machine's drift between two `bench:read` runs.
 * - One fresh database (on TEST_DATABASE_URL's or DATABASE_URL's server: required), migrated and seeded with the
 *   demo data by this checkout: the other version must read the same schema.
 * - Each version's `startApp` in its own child process (production mode, `npm start`'s Node
 *   flags), its CPU time read from /proc; this process only sends requests.
 * - Per shape, BENCH_ROUNDS (12) rounds alternating between the two (the order flips each round),
 *   each BENCH_ROUND_MS (1500) of requests from 32 connections; the answers must keep one size.
 *   Printed: requests per second and CPU ms per request (medians), and the median of the
 *   per-round ratios of CPU per request (before / this) with their range.
 * BENCH_SHAPES: only the shapes whose names start with one of these (comma-separated).
 * Not part of `npm test`. Linux only (/proc).
 */
import './production-mode';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { startApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import { BENCH_JWT_SECRET, benchConfig, benchStaff, freshDatabase, markdownTable, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:versions');
const ROUNDS = positiveInteger('BENCH_ROUNDS', 12);
const ROUND_MS = positiveInteger('BENCH_ROUND_MS', 1500);
const CONCURRENCY = 32;

const SALES = (first: number) =>
  `{ sales(first: ${first}) { edges { node { number status total { amount } createdAt customer { id firstName lastName email } lines { quantity unitPrice { amount } total { amount } product { name sku } servicePlan { name } } } } } }`;

const ALL_SHAPES: [string, string][] = [
  ['sales(first: 50) + customer, lines, product, plan', SALES(50)],
  ['sales(first: 10), same', SALES(10)],
  ['customers(first: 50) + subscriptions, plan', '{ customers(first: 50) { edges { node { id firstName lastName email category subscriptions { status startDate price { amount } servicePlan { code name type } } } } } }'],
  ['products(first: 50) + brand, category', '{ products(first: 50) { edges { node { id sku name price { amount } stock brand { name } category { name } } } } }'],
  ['{ me { id } }', '{ me { id } }'],
];
/** BENCH_SHAPES: only the shapes whose names start with one of these (comma-separated: `{ me`, `sales(first: 50)`). */
const SHAPES = process.env.BENCH_SHAPES ? ALL_SHAPES.filter(([name]) => process.env.BENCH_SHAPES!.split(',').some((start) => name.startsWith(start.trim()))) : ALL_SHAPES;

interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
}

/** User + system CPU time of a process so far, in ms (clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const before = process.env.BENCH_BEFORE;
  if (!before) throw new Error('BENCH_BEFORE must name another checkout of claro-graph (its directory)');
  const database = await freshDatabase('claro_bench_versions');
  if (!database.url) {
    await database.drop();
    throw new Error('bench:versions needs a PostgreSQL server for its two servers to share: set TEST_DATABASE_URL or DATABASE_URL');
  }
  const servers: Server[] = [];
  try {
    // Migrated and seeded by this version, then closed: both servers start on the same data.
    const seeder = await startApp({ config: benchConfig(database, { NODE_ENV: 'development', DEMO_SEED: 'true' }), logger: pino({ level: 'warn' }) });
    const { token } = await benchStaff(seeder, Role.ADMIN);
    await seeder.stop();
    progress('database migrated and seeded with the demo data');

    for (const checkout of [path.resolve(before), path.resolve(__dirname, '..')]) {
      const child = fork(path.join(__dirname, 'versions-server.ts'), [checkout], {
        cwd: checkout,
        execArgv: ['--max-semi-space-size=64', '-r', '@swc-node/register'],
        env: { ...process.env, BENCH_VERSIONS_DATABASE_URL: database.url, BENCH_VERSIONS_JWT_SECRET: BENCH_JWT_SECRET },
      });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('message', (message: { url: string }) => resolve(message.url));
        child.once('exit', (code) => reject(new Error(`the server of ${checkout} exited (${code})`)));
      });
      servers.push({ url, pid: child.pid!, child });
      progress(`${checkout} at ${url}`);
    }

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const post = (url: string, body: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (response) => {
          let size = 0;
          response.on('data', (chunk: Buffer) => (size += chunk.length));
          response.on('end', () => (response.statusCode === 200 ? resolve(size) : reject(new Error(`HTTP ${response.statusCode}`))));
        });
        request.on('error', reject);
        request.end(body);
      });
    /** Requests for `ms` from every connection; how many were answered. */
    const round = async (url: string, body: string, ms: number, size: number) => {
      const end = Date.now() + ms;
      let answered = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < end) {
            if ((await post(url, body)) !== size) throw new Error('an answer changed size');
            answered++;
          }
        }),
      );
      return answered;
    };

    const rows = [['shape', 'req/s before → this', 'CPU ms/req before → this', 'CPU per request, before / this (range)']];
    for (const [name, query] of SHAPES) {
      const body = JSON.stringify({ query });
      const sizes = await Promise.all(servers.map((server) => post(server.url, body)));
      if (sizes[0] !== sizes[1]) throw new Error(`${name}: the two versions answer ${sizes[0]} and ${sizes[1]} bytes`);
      for (const server of servers) await round(server.url, body, 300, sizes[0]);
      const measured = servers.map(() => ({ cpu: [] as number[], rps: [] as number[] }));
      for (let r = 0; r < ROUNDS; r++) {
        for (const i of r % 2 ? [1, 0] : [0, 1]) {
          const cpuBefore = cpuMsOf(servers[i].pid);
          const started = Date.now();
          const answered = await round(servers[i].url, body, ROUND_MS, sizes[0]);
          measured[i].cpu.push((cpuMsOf(servers[i].pid) - cpuBefore) / answered);
          measured[i].rps.push((answered * 1000) / (Date.now() - started));
        }
      }
      const ratios = measured[0].cpu.map((cpu, r) => cpu / measured[1].cpu[r]);
      rows.push([
        name,
        `${median(measured[0].rps).toFixed(0)} → ${median(measured[1].rps).toFixed(0)}`,
        `${median(measured[0].cpu).toFixed(2)} → ${median(measured[1].cpu).toFixed(2)}`,
        `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
      ]);
      progress(`${name} done`);
    }
    process.stdout.write(`\nbench:versions: ${ROUNDS} alternating rounds of ${ROUND_MS} ms per shape and version, ${CONCURRENCY} connections, demo data; before = ${before}\n\n${markdownTable(rows)}\n\n`);
  } finally {
    for (const server of servers) server.child.kill();
    await database.drop();
  }
}

runBench('bench:versions', main);
