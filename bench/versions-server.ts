/**
 * `bench:versions`' server, run in a child process: the API of the checkout named by the first
 * argument (its own `startApp`, modules and dependencies), in production mode on the bench's
 * database. Each checkout's files are required by path, so one script serves either version.
 * Not meant to be run by hand.
 */
const checkout = process.argv[2];

async function serve(): Promise<void> {
  const pino = require(`${checkout}/node_modules/pino`);
  const { startApp } = require(`${checkout}/src/app`);
  const { loadConfig } = require(`${checkout}/src/core/config`);
  const databaseUrl = process.env.BENCH_VERSIONS_DATABASE_URL;
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: process.env.BENCH_VERSIONS_JWT_SECRET,
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
    DATABASE_URL: databaseUrl,
  });
  const app = await startApp({ config, logger: pino({ level: 'warn' }) });
  process.send!({ url: app.url });
}

serve().catch((error) => {
  process.stderr.write(`bench:versions server of ${checkout}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
