/**
 * `npm run bench:auth`: the per-request staff check on its own, in process, over a fresh database:
 * the entity way it used to be (`em.fork().findOne(Staff)`, hydrated into the identity map) against
 * the one plain parameterised statement `authenticate` sends now. Alternating rounds, so both
 * see the same machine load. BENCH_REQUESTS (2000) tunes it. Not part of `npm test`.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import { TokenService } from '../src/core/auth/tokens';
import { authenticate, Staff } from '../src/modules/users';
import { BENCH_JWT_SECRET, benchConfig, benchStaff, freshDatabase, markdownTable, percentiles, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:auth');
const REQUESTS = positiveInteger('BENCH_REQUESTS', 2000);
const ROUNDS = 10;

runBench('bench:auth', async () => {
  const database = await freshDatabase('claro_bench_auth');
  const app = await startApp({ config: benchConfig(database), logger: pino({ level: 'warn' }) });
  try {
    const { viewer, token } = await benchStaff(app, Role.ADMIN);
    const tokens = new TokenService(BENCH_JWT_SECRET, '1h');
    const ways: Record<string, () => Promise<unknown>> = {
      'entity: em.fork().findOne(Staff)': async () => {
        const claims = await tokens.verify(token);
        if (typeof claims === 'string') throw new Error(claims);
        const staff = await app.orm.em.fork().findOne(Staff, claims.staffId);
        if (!staff?.active || staff.tokenVersion !== claims.tokenVersion) throw new Error('revoked');
      },
      'plain row: one parameterised statement': async () => {
        const identity = await authenticate(app.orm.em.fork(), tokens, token);
        if (typeof identity === 'string' || identity.id !== viewer.id) throw new Error(String(identity));
      },
    };
    const latencies: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
    for (const run of Object.values(ways)) for (let i = 0; i < 100; i++) await run();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(ways)) {
        for (let i = 0; i < REQUESTS / ROUNDS; i++) {
          const started = performance.now();
          await run();
          latencies[name].push(performance.now() - started);
        }
      }
      progress(`round ${round + 1}/${ROUNDS}`);
    }
    const rows = Object.entries(latencies).map(([name, values]) => {
      const { p50, p95 } = percentiles(values);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return [name, mean.toFixed(3), p50.toFixed(3), p95.toFixed(3)];
    });
    console.log(markdownTable([['staff check (sequential)', 'mean ms', 'p50 ms', 'p95 ms'], ...rows]));
  } finally {
    await app.stop();
    await database.drop();
  }
});
