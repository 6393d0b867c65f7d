/**
 * `bench:read`'s API side, run by bench/read.ts in a child process: the real server (startApp) in
 * production mode over the driver's fresh database, seeded with the bench's data set, counting
 * its SQL statements (the onQuery hook). Not meant to be run by hand.
 */
import './production-mode';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pino from 'pino';
import { startApp, type RunningApp } from '../src/app';
import { Role } from '../src/core/auth/roles';
import { moveStock, StockMovementKind } from '../src/modules/catalog';
import { generateCustomers } from '../src/seed/customer-generator';
import { generateSales } from '../src/seed/sales-generator';
import { inSeedContext, seedProducts, seedSubscribedCustomers } from '../test/support/bulk-seed';
import { failChild, sendReady, serveDriver } from './read-child';
import { benchConfig, benchStaff, progressLogger, type BenchDatabase } from './support';

export interface ApiServerReady {
  url: string;
  databaseUrl: string;
  token: string;
  staffId: string;
  ivaRate: string;
  holdHours: number;
  customerIds: string[];
  productIds: string[];
  planIds: string[];
}

/** The data set, from the driver (environment variables set by bench/read.ts). */
export interface ReadDataSet {
  /** Customers with two subscriptions each (the newest customers: the first page of `customers`). */
  subscribedCustomers: number;
  /** Older customers, generated in bulk, who make the sales. */
  customers: number;
  products: number;
  plans: number;
  /** Sales of 1 to 3 lines (products and plans), every status, over the last six months. */
  sales: number;
}

const progress = progressLogger('bench:read api');

async function main(): Promise<void> {
  const database = JSON.parse(process.env.BENCH_READ_DATABASE!) as Pick<BenchDatabase, 'url' | 'name' | 'dataDir'>;
  const data = JSON.parse(process.env.BENCH_READ_DATA!) as ReadDataSet;
  // No background work while measuring: the reporting refresh (a FULL one, first) and the expiry sweep would run on the API's CPU.
  const config = benchConfig({ ...database, drop: async () => {} }, { REPORTING_REFRESH_MINUTES: '0', SALE_EXPIRY_SWEEP_SECONDS: '3600' });
  let statements = 0;
  let app: RunningApp | undefined;
  let profiler: Session | undefined;
  serveDriver(
    () => statements,
    async () => {
      if (profiler) await writeProfile(profiler, process.env.BENCH_READ_PROFILE!);
      await app?.stop();
    },
  );
  app = await startApp({ config, logger: pino({ level: 'warn' }), onQuery: () => void statements++ });
  progress(`server ready at ${app.url}`);
  const { viewer: staff, token } = await benchStaff(app, Role.SALES_AGENT);

  const started = Date.now();
  const seeded = await inSeedContext(app.orm, config, staff, async (ctx) => {
    const { customerIds, planIds } = await seedSubscribedCustomers(ctx, { customers: data.subscribedCustomers, subscriptionsEach: 2, plans: data.plans, tag: 'BENCH' });
    const productIds = await seedProducts(ctx, data.products, 'BENCH');
    // Stock for the createSale rounds.
    for (const productId of productIds) await moveStock(ctx, { productId, delta: 1_000_000, reason: 'Bench delivery', kind: StockMovementKind.ADJUSTMENT });
    return { customerIds, productIds, planIds };
  });
  await app.orm.em.fork().transactional(async (em) => {
    await generateCustomers(em, { customers: data.customers, yearsBack: 3, seed: 9 });
    await generateSales(em, { sales: data.sales, monthsBack: 6, seed: 9, ivaRate: config.sales.ivaRate, timeZone: config.businessTimeZone, holdHours: config.sales.holdHours });
  });
  await app.orm.em.fork().execute('vacuum (analyze)');
  progress(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (process.env.BENCH_READ_PROFILE) profiler = await startProfile();

  sendReady<ApiServerReady>({
    url: app.url,
    databaseUrl: app.databaseUrl,
    token,
    staffId: staff.id,
    ivaRate: config.sales.ivaRate,
    holdHours: config.sales.holdHours,
    ...seeded,
  });
}

/**
 * BENCH_READ_PROFILE: a profile of the API process from the end of seeding to the end of the bench,
 * of its CPU time, or (a file name ending in `.heapprofile`) of where it allocates memory.
 */
const heapProfile = () => process.env.BENCH_READ_PROFILE!.endsWith('.heapprofile');

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  if (heapProfile()) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    return session;
  }
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}

async function writeProfile(session: Session, file: string): Promise<void> {
  const { profile } = heapProfile() ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  progress(`profile written to ${file}`);
}

main().catch(failChild);
