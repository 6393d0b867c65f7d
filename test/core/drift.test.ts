import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { buildAppSchema, printAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it('schema.graphql is what the code emits (run `npm run schema:emit` and commit it)', async () => {
  const committed = await readFile(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');
  expect(printAppSchema(await buildAppSchema(installAppModules()))).toBe(committed);
});

it('the committed migrations produce exactly the schema the entities describe (else `npm run migration:create`)', async () => {
  const migrator = server.app.orm.getMigrator();
  expect(await migrator.getPendingMigrations()).toEqual([]);
  expect(await migrator.checkMigrationNeeded()).toBe(false);
});
