import 'reflect-metadata';
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { applyMigrations } from './app';
import { resolveJwtSecret } from './core/auth/jwt-secret';
import { TokenService } from './core/auth/tokens';
import { ConfigError, loadConfig, PROJECT_ROOT, type AppConfig } from './core/config';
import { startEmbeddedPostgres } from './core/db/embedded-postgres';
import { initOrm, type MikroORM } from './core/db/orm';
import { buildAppSchema, printAppSchema } from './core/graphql/schema';
import { createLogger } from './core/logger';
import { SUPERGRAPH_FILE } from './federation/start';
import { buildSubgraphs, composeSupergraph } from './federation/supergraph';
import { installAppModules } from './modules';
import { seedDemoDataIfEmpty } from './seed/demo';
import { SCALE_DEFAULTS, seedScale } from './seed/scale';

/**
 * Developer commands (see package.json scripts):
 *   schema:emit [--check]   write schema.graphql from the code (or fail when it differs)
 *   supergraph:compose [--check]  compose the subgraphs into supergraph.graphql (or fail when it differs
 *                           or composition fails)
 *   migration:create [name] diff the entities against a scratch database migrated to the last
 *                           committed migration, and write the missing migration
 *   migration:check         fail when the entities need a migration that does not exist
 *   migration:up            apply pending migrations to the configured database
 *   seed                    seed demo data into the configured database when it is empty
 *   seed:scale --customers N --sales N [--months N] [--years N] [--seed N]
 *                           add a large generated data set (demo data first when empty); not in production
 * Without DATABASE_URL the commands use the embedded PostgreSQL, like `npm start`.
 */
const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema.graphql');

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'seed:scale' && process.env.NODE_ENV === 'production') {
    console.error('seed:scale generates fake customers and sales: it refuses to run with NODE_ENV=production');
    process.exitCode = 1;
    return;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger(config);
  switch (command) {
    case 'schema:emit':
      return emitSchema(rest.includes('--check'));
    case 'supergraph:compose':
      return composeSupergraphFile(rest.includes('--check'));
    case 'migration:create':
      return withScratchDatabase(config, logger, async (orm) => {
        const result = await orm.getMigrator().createMigration(undefined, false, false, rest.find((arg) => !arg.startsWith('-')));
        console.log(result.fileName ? `wrote migrations/${result.fileName}` : 'entities and migrations agree: no migration written');
      });
    case 'migration:check':
      return withScratchDatabase(config, logger, async (orm) => {
        const needed = await orm.getMigrator().checkMigrationNeeded();
        if (needed) throw new Error('the entities need a migration that does not exist: run `npm run migration:create -- <name>` and commit it');
        console.log('entities and migrations agree');
      });
    case 'migration:up':
      return withDatabase(config, logger, async (orm) => applyMigrations(orm, logger));
    case 'seed':
      return withDatabase(config, logger, async (orm) => {
        await applyMigrations(orm, logger);
        const tokens = new TokenService(await resolveJwtSecret(config, logger), config.jwtTtl);
        const seeded = await seedDemoDataIfEmpty({ orm, config: { ...config, demoSeed: true }, logger, tokens, app: installAppModules() });
        console.log(seeded ? 'demo data seeded' : 'the database already has data: nothing seeded');
      });
    case 'seed:scale': {
      const options = scaleOptions(rest);
      return withDatabase(config, logger, async (orm) => {
        await applyMigrations(orm, logger);
        const tokens = new TokenService(await resolveJwtSecret(config, logger), config.jwtTtl);
        await seedScale({ orm, config, logger, tokens, app: installAppModules() }, { ...options, print: (line) => console.log(line) });
      });
    }
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}: expected schema:emit, migration:create, migration:check, migration:up, seed or seed:scale`);
  }
}

async function emitSchema(check: boolean): Promise<void> {
  const emitted = printAppSchema(await buildAppSchema(installAppModules()));
  if (!check) {
    await writeFile(SCHEMA_FILE, emitted);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE) || SCHEMA_FILE}`);
    return;
  }
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  if (committed !== emitted) throw new Error('schema.graphql differs from what the code emits: run `npm run schema:emit` and commit it');
  console.log('schema.graphql matches the code');
}

async function composeSupergraphFile(check: boolean): Promise<void> {
  const composed = composeSupergraph(await buildSubgraphs(installAppModules()));
  const file = path.relative(process.cwd(), SUPERGRAPH_FILE) || SUPERGRAPH_FILE;
  if (!check) {
    await writeFile(SUPERGRAPH_FILE, composed);
    console.log(`wrote ${file}`);
    return;
  }
  const committed = await readFile(SUPERGRAPH_FILE, 'utf8').catch(() => '');
  if (committed !== composed) throw new Error(`${file} differs from what the subgraphs compose: run \`npm run supergraph:compose\` and commit it`);
  console.log(`${file} matches the subgraphs`);
}

/** `--customers 200000 --sales 1000000 [--months 22] [--years 6] [--seed 20261127]`. */
function scaleOptions(args: string[]) {
  const flags = new Map<string, number>();
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (!['--customers', '--sales', '--months', '--years', '--seed'].includes(flag)) throw new Error(`seed:scale: unknown option ${JSON.stringify(flag)}`);
    if (!/^\d+$/.test(value ?? '')) throw new Error(`seed:scale: ${flag} needs a whole number, e.g. ${flag} 1000`);
    flags.set(flag, Number(value));
  }
  if (!flags.has('--customers') || !flags.has('--sales')) throw new Error('usage: npm run seed:scale -- --customers 200000 --sales 1000000 [--months 22] [--years 6] [--seed 20261127]');
  return {
    customers: flags.get('--customers')!,
    sales: flags.get('--sales')!,
    monthsBack: flags.get('--months') ?? SCALE_DEFAULTS.monthsBack,
    yearsBack: flags.get('--years') ?? SCALE_DEFAULTS.yearsBack,
    seed: flags.get('--seed') ?? SCALE_DEFAULTS.seed,
  };
}

/** The configured database, or the embedded one (`.data/`) like `npm start`. */
async function withDatabase(config: AppConfig, logger: Logger, work: (orm: MikroORM) => Promise<void>): Promise<void> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
  const orm = await initOrm({ clientUrl: config.databaseUrl ?? embedded!.urlFor('claro'), entities: installAppModules().entities, logger });
  try {
    await work(orm);
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

/**
 * A fresh database on the same server, migrated to the last committed migration: what a new
 * migration must be computed against, whatever state the developer's own database is in.
 */
async function withScratchDatabase(config: AppConfig, logger: Logger, work: (orm: MikroORM) => Promise<void>): Promise<void> {
  const scratchName = `claro_scratch_${process.pid}`;
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
  const serverUrl = new URL(config.databaseUrl ?? embedded!.adminUrl);
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${scratchName}`;
  const orm = await initOrm({ clientUrl: scratchUrl.toString(), entities: installAppModules().entities, logger });
  try {
    await applyMigrations(orm, logger);
    await work(orm);
  } finally {
    await orm.close(true);
    const admin = await initOrm({ clientUrl: serverUrl.toString(), entities: installAppModules().entities, logger });
    await admin.em.getConnection().execute(`drop database if exists "${scratchName}"`);
    await admin.close(true);
    await embedded?.stop();
  }
}

main().catch((error) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
