// Drops the databases this run created, then stops the embedded server if one was started.
import pg from 'pg';

export default async function globalTeardown() {
  const runId = process.env.CLARO_TEST_RUN_ID;
  const client = new pg.Client({ connectionString: process.env.CLARO_TEST_SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query('select datname from pg_database where datname like $1', [`claro_${runId}_%`]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
  // The embedded server of this run (global-setup.ts), with its throwaway cluster.
  await globalThis.__CLARO_TEST_POSTGRES__?.destroy();
}
