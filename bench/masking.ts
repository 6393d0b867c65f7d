/**
 * `npm run bench:masking`: the cost of personal-data masking. An analyst's read of a page of 100
 * customers with every personal field (names, email, phones, document, birth date, addresses:
 * masked or withheld for analysts) against an admin's read of the same page (whole), on the real
 * server (HTTP, Apollo, MikroORM) over a fresh database, sequential requests in alternating rounds
 * so both see the same machine load. Prints each role's mean, p50 and p95 and the analyst/admin
 * ratio. BENCH_REQUESTS (400 per role) tunes it. Not part of `npm test`.
 */
import './production-mode';
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startApp } from '../src/app';
import { hashPassword } from '../src/core/auth/password';
import { Role } from '../src/core/auth/roles';
import { TokenService } from '../src/core/auth/tokens';
import { Staff } from '../src/modules/users';
import { inSeedContext, seedSubscribedCustomers } from '../test/support/bulk-seed';
import { BENCH_JWT_SECRET, benchConfig, benchStaff, freshDatabase, markdownTable, percentiles, positiveInteger, progressLogger, runBench } from './support';

const progress = progressLogger('bench:masking');
const REQUESTS = positiveInteger('BENCH_REQUESTS', 400);
const ROUNDS = 10;
const CUSTOMERS = 150;

const PAGE = JSON.stringify({
  query: `query BenchCustomerPage {
    customers(first: 100) {
      edges { node {
        id firstName lastName email phones documentType documentNumber birthDate birthYear
        addresses { kind line1 city region countryCode postalCode }
        category city region createdAt
      } }
    }
  }`,
});

runBench('bench:masking', async () => {
  const database = await freshDatabase('claro_bench_masking');
  const config = benchConfig(database);
  const app = await startApp({ config, logger: pino({ level: 'warn' }) });
  try {
    const admin = await benchStaff(app, Role.ADMIN);
    const em = app.orm.em.fork();
    const analystAccount = em.create(Staff, { email: 'analyst@bench.claro', name: 'Bench analyst', role: Role.ANALYST, passwordHash: await hashPassword('bench-password') });
    await em.flush();
    const analystToken = (await new TokenService(BENCH_JWT_SECRET, '1h').sign({ staffId: analystAccount.id, tokenVersion: 0 })).token;
    progress(`seeding ${CUSTOMERS} customers`);
    await inSeedContext(app.orm, config, admin.viewer, (ctx) => seedSubscribedCustomers(ctx, { customers: CUSTOMERS, subscriptionsEach: 0, plans: 1, tag: 'MASK' }));

    const read = async (token: string, masked: boolean) => {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: PAGE });
      const json = (await response.json()) as { data?: { customers: { edges: { node: { firstName: string; email: string; phones: string[] } }[] } }; errors?: unknown };
      const nodes = json.data?.customers.edges.map((edge) => edge.node) ?? [];
      if (json.errors || nodes.length !== 100) throw new Error(`HTTP ${response.status} ${JSON.stringify(json.errors ?? json).slice(0, 300)}`);
      // A wrong answer must not look fast.
      const isMasked = nodes.every((node) => /^.\.$/.test(node.firstName) && node.email.includes('***') && node.phones.every((phone) => phone.startsWith('***')));
      if (isMasked !== masked) throw new Error(`expected a ${masked ? 'masked' : 'whole'} page`);
    };
    const roles: [string, () => Promise<void>][] = [
      ['ADMIN (whole)', () => read(admin.token, false)],
      ['ANALYST (masked)', () => read(analystToken, true)],
    ];
    const latencies: Record<string, number[]> = Object.fromEntries(roles.map(([name]) => [name, []]));
    progress('warming up');
    for (const [, run] of roles) for (let i = 0; i < 30; i++) await run();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of round % 2 ? [...roles].reverse() : roles) {
        for (let i = 0; i < REQUESTS / ROUNDS; i++) {
          const started = performance.now();
          await run();
          latencies[name].push(performance.now() - started);
        }
      }
      progress(`round ${round + 1}/${ROUNDS}`);
    }
    const stats = Object.fromEntries(
      Object.entries(latencies).map(([name, values]) => [name, { mean: values.reduce((a, b) => a + b, 0) / values.length, ...percentiles(values) }]),
    );
    const rows = Object.entries(stats).map(([name, s]) => [name, s.mean.toFixed(2), s.p50.toFixed(2), s.p95.toFixed(2)]);
    const [a, b] = [stats['ADMIN (whole)'], stats['ANALYST (masked)']];
    rows.push(['ratio analyst / admin', (b.mean / a.mean).toFixed(3), (b.p50 / a.p50).toFixed(3), (b.p95 / a.p95).toFixed(3)]);
    console.log(markdownTable([['customers(first: 100), every personal field (sequential)', 'mean ms', 'p50 ms', 'p95 ms'], ...rows]));
  } finally {
    await app.stop();
    await database.drop();
  }
});
