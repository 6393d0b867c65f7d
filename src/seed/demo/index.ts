import type { Logger } from 'pino';
import type { TokenService } from '../../core/auth/tokens';
import type { AppConfig } from '../../core/config';
import { createRequestContext, type RequestContext } from '../../core/context';
import type { MikroORM } from '../../core/db/orm';
import type { AppWiring } from '../../core/module';
import { seedCatalogDemo } from './catalog';
import { seedSalesDemo } from './sales';
import { seedServicesDemo } from './services';
import { DEMO_ADMIN_EMAIL, hasAnyStaff, seedUsersDemo } from './users';
import { SeededRandom } from '../random';

export interface DemoSeedOptions {
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  tokens: TokenService;
  /** The installed modules: the seed runs the services' rules (hooks included) as a request would. */
  app: AppWiring;
}

/**
 * Fills an empty database (no staff account yet) with the demo data, through the same services
 * the API uses, in one transaction: a failed seed leaves the database empty and is retried on the
 * next start. Returns false when the database already had data.
 */
export async function seedDemoDataIfEmpty({ orm, config, logger, tokens, app }: DemoSeedOptions): Promise<boolean> {
  if (await hasAnyStaff(orm.em.fork())) {
    logger.info('database has data: demo seed skipped');
    return false;
  }
  const started = Date.now();
  logger.info('empty database: seeding demo data');
  await orm.em.fork().transactional(async (em) => {
    const ctx: RequestContext = createRequestContext({
      requestId: 'demo-seed',
      em,
      viewer: null,
      authFailure: null,
      logger,
      config,
      tokens,
      app,
    });
    const random = new SeededRandom(20261127);
    const steps: [string, (ctx: RequestContext, random: SeededRandom) => Promise<string>][] = [
      ['users', seedUsersDemo],
      ['services', seedServicesDemo],
      ['catalog', seedCatalogDemo],
      ['sales', seedSalesDemo],
    ];
    for (const [name, seed] of steps) {
      const summary = await seed(ctx, random);
      await em.flush();
      logger.info({ domain: name }, `demo seed: ${summary}`);
    }
  });
  logger.info({ durationMs: Date.now() - started, admin: DEMO_ADMIN_EMAIL }, 'demo data seeded');
  return true;
}
