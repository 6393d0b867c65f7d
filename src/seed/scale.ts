import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../core/auth/roles';
import { createRequestContext } from '../core/context';
import { seedCatalogDemo } from './demo/catalog';
import { seedServicesDemo } from './demo/services';
import { applyCategoryRule } from '../modules/users/category-rule';
import { purchaseStatsSql } from '../modules/users/customer.hooks';
import { hasAnyStaff } from './demo/users';
import { Staff } from '../modules/users';
import { generateCustomers, generateSalesAgents } from './customer-generator';
import { seedDemoDataIfEmpty, type DemoSeedOptions } from './demo';
import { SeededRandom } from './random';
import { generateSales } from './sales-generator';

export interface ScaleOptions {
  customers: number;
  sales: number;
  /** Same seed, same data (on the same starting database and day). */
  seed?: number;
  /** Customers' `created_at` spreads over this many years. */
  yearsBack?: number;
  /**
   * Sales spread over this many months: 22 by default, the history the demo catalog has (its
   * products were stocked 22 to 24 months ago).
   */
  monthsBack?: number;
  /** The sales force grows to about one active seller per this many sales. */
  salesPerAgent?: number;
  customerBatchSize?: number;
  salesBatchSize?: number;
  /** Progress, one line per batch, and the summary. */
  print?: (line: string) => void;
}

export interface ScalePhase {
  name: string;
  rows: number;
  ms: number;
}

export const SCALE_DEFAULTS = { seed: 20261127, yearsBack: 6, monthsBack: 22, salesPerAgent: 20_000, customerBatchSize: 50_000, salesBatchSize: 100_000 };

/**
 * `npm run seed:scale`: a large, realistic data set on top of what the database has, fast
 * (bulk SQL, see the generators): the demo data first when the database is empty (staff, catalog,
 * plans, promotions), else the demo catalog and plans when there are none; then sales agents
 * (about one per 20,000 sales), `customers` customers, `sales` sales with their lines and
 * history, the automatic category rule over everybody, and `vacuum (analyze)` of the tables
 * written. Each phase is one transaction (synchronous_commit off). Returns the time of each phase.
 */
export async function seedScale(deps: DemoSeedOptions, options: ScaleOptions): Promise<ScalePhase[]> {
  const { orm, config, logger } = deps;
  const { customers, sales, seed, yearsBack, monthsBack, salesPerAgent, customerBatchSize, salesBatchSize } = { ...SCALE_DEFAULTS, ...options };
  const print = options.print ?? (() => {});
  const phases: ScalePhase[] = [];
  const phase = async (name: string, work: (em: EntityManager) => Promise<number>) => {
    const started = Date.now();
    const rows = await orm.em.fork().transactional(async (em) => {
      // One commit per phase: a failed phase leaves nothing behind. Losing the last commits in a
      // server crash is acceptable for generated data.
      await em.execute(`set local synchronous_commit = off`);
      await em.execute(`set local work_mem = '64MB'`);
      return work(em);
    });
    phases.push({ name, rows, ms: Date.now() - started });
    print(`${name}: ${fmt(rows)} rows in ${seconds(Date.now() - started)}`);
  };

  if (!(await hasAnyStaff(orm.em.fork()))) {
    const started = Date.now();
    await seedDemoDataIfEmpty({ ...deps, config: { ...config, demoSeed: true } });
    phases.push({ name: 'demo data', rows: 0, ms: Date.now() - started });
    print(`demo data: seeded in ${seconds(Date.now() - started)}`);
  } else {
    await phase('demo catalog and plans', (em) => seedCatalogIfMissing(em, deps));
  }

  // The sales force a history of this size had.
  await phase('sales agents', async (em) => {
    const [{ sellers }] = await em.execute<{ sellers: number }[]>(`select count(*)::int as sellers from staff where role in ('SALES_AGENT', 'ADMIN') and active`);
    const hiredBefore = new Date(Date.now() - monthsBack * 30.44 * 86_400_000);
    return generateSalesAgents(em, { count: Math.round(sales / salesPerAgent) - sellers, hiredBefore });
  });

  await phase('customers', async (em) => {
    let last = Date.now();
    let lastCount = 0;
    return generateCustomers(em, {
      customers,
      yearsBack,
      seed,
      batchSize: customerBatchSize,
      onProgress: (written, total) => {
        const now = Date.now();
        print(`  customers ${pad(written, total)} / ${fmt(total)}   +${fmt(written - lastCount)} in ${seconds(now - last)} (${fmt(rate(written - lastCount, now - last))} customers/s)`);
        [last, lastCount] = [now, written];
      },
    });
  });

  await phase('sales', async (em) => {
    let last = Date.now();
    let rows = 0;
    await generateSales(em, {
      sales,
      monthsBack,
      seed,
      ivaRate: config.sales.ivaRate,
      timeZone: config.businessTimeZone,
      holdHours: config.sales.holdHours,
      batchSize: salesBatchSize,
      bulkLoad: true,
      onProgress: (written, total, batch) => {
        const now = Date.now();
        const batchRows = batch.sales + batch.lines + batch.statusChanges + batch.subscriptions;
        rows += batchRows;
        print(
          `  sales ${pad(written, total)} / ${fmt(total)}   +${fmt(batch.sales)} sales, ${fmt(batch.lines)} lines, ${fmt(batch.statusChanges)} status changes, ${fmt(batch.subscriptions)} subscriptions in ${seconds(now - last)}` +
            ` (${fmt(rate(batch.sales, now - last))} sales/s, ${fmt(rate(batchRows, now - last))} rows/s)`,
        );
        last = now;
      },
    });
    return rows;
  });

  await phase('category rule', (em) => applyCategoryRule(em, config.categoryRule, purchaseStatsSql(deps.app)));

  // Fresh statistics for the planner, and the rows the category rule replaced cleaned up with the
  // visibility map set, so that the data set is ready to query (and to benchmark) at once.
  const vacuumStarted = Date.now();
  await orm.em.fork().execute(`vacuum (analyze) customer, customer_category_change, sale, sale_line, sale_status_change`);
  phases.push({ name: 'vacuum analyze', rows: 0, ms: Date.now() - vacuumStarted });
  print(`vacuum analyze: ${seconds(Date.now() - vacuumStarted)}`);

  const total = phases.reduce((sum, p) => sum + p.ms, 0);
  const [row] = await orm.em.fork().execute<{ customers: number; sales: number; lines: number }[]>(
    `select (select count(*) from customer)::int as customers, (select count(*) from sale)::int as sales, (select count(*) from sale_line)::int as lines`,
  );
  print(`done in ${seconds(total)}: the database now has ${fmt(row.customers)} customers, ${fmt(row.sales)} sales, ${fmt(row.lines)} sale lines`);
  logger.info({ phases, totalMs: total }, 'scale data seeded');
  return phases;
}

/** The demo catalog and service plans, when the database has staff but nothing to sell. */
async function seedCatalogIfMissing(em: EntityManager, { config, logger, tokens, app }: DemoSeedOptions): Promise<number> {
  const [{ products, plans }] = await em.execute<{ products: number; plans: number }[]>(
    `select (select count(*) from product where status = 'ACTIVE')::int as products, (select count(*) from service_plan where status = 'ACTIVE')::int as plans`,
  );
  if (products > 0 && plans > 0) return 0;
  const admin = await em.findOne(Staff, { role: Role.ADMIN, active: true }, { orderBy: { id: 'asc' } });
  if (!admin) throw new Error('the database has staff but no active ADMIN to record the demo catalog and plans');
  const ctx = createRequestContext({
    requestId: 'scale-seed',
    em,
    viewer: { id: admin.id, email: admin.email, name: admin.name, role: admin.role },
    authFailure: null,
    logger,
    config,
    tokens,
    app,
  });
  const random = new SeededRandom(SCALE_DEFAULTS.seed);
  if (plans === 0) logger.info(`scale seed: ${await seedServicesDemo(ctx, random)}`);
  if (products === 0) logger.info(`scale seed: ${await seedCatalogDemo(ctx, random)}`);
  await em.flush();
  const [{ rows }] = await em.execute<{ rows: number }[]>(`select ((select count(*) from product) + (select count(*) from service_plan))::int as rows`);
  return rows;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pad = (n: number, total: number) => fmt(n).padStart(fmt(total).length);
const rate = (rows: number, ms: number) => (rows * 1000) / Math.max(ms, 1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
