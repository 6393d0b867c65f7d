/**
 * `npm run bench:login-flood`: 8 anonymous clients send wrong passwords as fast as they are
 * answered for BENCH_SECONDS (20), from BENCH_FLOOD_ADDRESSES addresses (1; X-Forwarded-For
 * behind TRUST_PROXY=loopback), while a real staff member logs in once a second from another address.
 * Prints the real logins' latency, what the flood was answered, and the process's peak RSS.
 * Not part of `npm test`.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startApp } from '../src/app';
import { loadConfig } from '../src/core/config';
import { Role } from '../src/core/auth/roles';
import { benchConfig, benchStaff, freshDatabase, markdownTable, percentiles, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:login-flood');
const SECONDS = positiveInteger('BENCH_SECONDS', 20);
const FLOODERS = 8;
/** 1: the flood comes from one address (as in the issue); 8: from eight. */
const FLOOD_ADDRESSES = positiveInteger('BENCH_FLOOD_ADDRESSES', 1);
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';

runBench('bench:login-flood', async () => {
  const database = await freshDatabase('claro_bench_login');
  const base = benchConfig(database);
  const config = { ...base, trustProxy: 'loopback', login: loadConfig({ ...process.env, NODE_ENV: 'test' }).login };
  const app = await startApp({ config, logger: pino({ level: 'warn' }) });
  try {
    await benchStaff(app, Role.ADMIN);
    const post = async (email: string, password: string, address: string) => {
      const response = await fetch(`http://127.0.0.1:${app.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string; detail?: string } }[] };
      const error = body.errors?.[0]?.extensions;
      return error ? `${error.code}${error.detail ? `/${error.detail}` : ''}` : 'OK';
    };
    const quiet: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await post('bench@bench.claro', 'bench-password', '198.51.100.1');
      quiet.push(performance.now() - started);
    }
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const deadline = Date.now() + SECONDS * 1000;
    const answers = new Map<string, number>();
    const flood = Array.from({ length: FLOODERS }, async (_, i) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const outcome = await post(`victim-${n % 50}@bench.claro`, 'wrong-password', `203.0.113.${(i % FLOOD_ADDRESSES) + 1}`);
        answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
      }
    });
    const real: number[] = [];
    const realOutcomes = new Map<string, number>();
    const genuine = (async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        const outcome = await post('bench@bench.claro', 'bench-password', '198.51.100.1');
        real.push(performance.now() - started);
        realOutcomes.set(outcome, (realOutcomes.get(outcome) ?? 0) + 1);
        progress(`real login: ${outcome} in ${Math.round(real.at(-1)!)} ms`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    })();
    await Promise.all([...flood, genuine]);
    clearInterval(sampler);
    const { p50, p95 } = percentiles(real);
    console.log(
      markdownTable([
        ['measure', 'value'],
        ['flood answers', JSON.stringify(Object.fromEntries(answers))],
        ['real logins', JSON.stringify(Object.fromEntries(realOutcomes))],
        ['real login without flood, p50 ms', percentiles(quiet).p50.toFixed(0)],
        ['real login during flood, p50 / p95 / max ms', `${p50.toFixed(0)} / ${p95.toFixed(0)} / ${Math.max(...real).toFixed(0)}`],
        ['RSS at start / peak MB', `${(startRss / 2 ** 20).toFixed(0)} / ${(peakRss / 2 ** 20).toFixed(0)}`],
      ]),
    );
  } finally {
    await app.stop();
    await database.drop();
  }
});
