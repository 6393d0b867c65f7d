import pg from 'pg';
import pino from 'pino';
import { startApp, type RunningApp } from '../../src/app';
import { Role } from '../../src/core/auth/roles';
import { apolloClient } from '../support/client';
import { startTestServer, testConfig, type TestServer } from '../support/server';
import { createSale, saleSetup, SalesPaySale } from '../sales/sales.fixtures';
import { graphql } from '../__generated__';

/**
 * REPORTING_DATABASE_URL: the reports read there. The "replica" here is a copy of the database
 * taken after one sale; the server then makes a second sale on the primary. Reports (read from
 * the copy) see one sale, the sales list (read from the primary) two.
 */

const ReplicaReport = graphql(`
  query ReplicaReport {
    salesReport(groupBy: [], filter: { statuses: [PENDING, PAID, CANCELLED, REFUNDED] }) { salesCount }
    sales(first: 5) { totalCount }
  }
`);

const ReplicaOffers = graphql(`
  query ReplicaOffers($id: ID!) {
    customerInsights(customerId: $id) { salesCount }
    customer(id: $id) { purchases(first: 5) { totalCount } }
  }
`);

let seeded: TestServer;
let app: RunningApp | undefined;

afterAll(async () => {
  await app?.stop();
});

it('sends report reads to REPORTING_DATABASE_URL when it is set', async () => {
  // The primary with one sale, then stopped so that it can be copied.
  seeded = await startTestServer();
  const { customer, product } = await saleSetup(seeded);
  const first = await createSale(seeded, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] });
  await seeded.stop();
  const primaryUrl = new URL(seeded.databaseUrl);
  const replicaUrl = new URL(seeded.databaseUrl);
  replicaUrl.pathname = `${primaryUrl.pathname}_replica`;
  const admin = new pg.Client({ connectionString: process.env.CLARO_TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${replicaUrl.pathname.slice(1)}" template "${primaryUrl.pathname.slice(1)}"`);
  } finally {
    await admin.end();
  }

  const config = testConfig(seeded.databaseUrl, { REPORTING_DATABASE_URL: replicaUrl.toString(), REPORTING_REFRESH_MINUTES: '0' });
  app = await startApp({ config, logger: pino({ level: 'silent' }) });
  const client = apolloClient(app.url, seeded.tokenOf(Role.ADMIN));
  // On the primary only: a second sale, and the first one paid.
  await createSale({ ...seeded, as: () => client } as TestServer, { customerId: customer.id, lines: [{ productId: product.id, quantity: 1 }] }, client);
  await client.mutate(SalesPaySale, { id: first.id, input: { method: 'CASH' } });

  const answer = await client.query(ReplicaReport);
  expect(answer.sales.totalCount).toBe(2);
  expect(answer.salesReport).toEqual([expect.objectContaining({ salesCount: 1 })]);
  const insights = await client.query(ReplicaOffers, { id: customer.id });
  expect(insights.customer?.purchases.totalCount).toBe(2);
  // PAID sales only: the primary has one, the replica none.
  expect(insights.customerInsights.salesCount).toBe(0);
}, 60_000);
