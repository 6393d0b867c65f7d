import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { appModules } from '../../src/modules';
import { inSeedContext, seedProducts, seedSubscribedCustomers } from '../support/bulk-seed';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Every relation a list nests is loaded in batches: the number of SQL statements of a request
 * does not grow with the page size. Counted on the server's own connection (`takeSqlCount`),
 * including the staff look-up of authentication.
 */

const NPlusOneCustomers = graphql(`
  query NPlusOneCustomers($first: Int!) {
    customers(first: $first) {
      edges {
        node {
          id
          subscriptions {
            status
            price { amount }
            servicePlan { code name features { name value } }
          }
        }
      }
    }
  }
`);

const NPlusOnePlans = graphql(`
  query NPlusOnePlans($first: Int!) {
    servicePlans(first: $first) {
      edges {
        node {
          code
          features { name value unit }
          subscribers(first: 5) {
            totalCount
            edges { node { status startDate customer { id lastName } servicePlan { code } } }
          }
        }
      }
    }
  }
`);

const NPlusOneProducts = graphql(`
  query NPlusOneProducts($first: Int!) {
    products(first: $first) {
      edges { node { id sku brand { name } category { name } } }
    }
  }
`);

const MAX_STATEMENTS = 6;

/** Products are checked as soon as the catalog module is served. */
const catalogServed = appModules.some((module) => module.name === 'catalog');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const admin = { id: server.staff.ADMIN.id, email: server.staff.ADMIN.email, name: 'Test ADMIN', role: Role.ADMIN };
  await inSeedContext(server.app.orm, server.config, admin, async (ctx) => {
    await seedSubscribedCustomers(ctx, { customers: 100, subscriptionsEach: 2, plans: 20, tag: 'NPLUS' });
    if (catalogServed) await seedProducts(ctx, 100, 'NPLUS');
  });
}, 60_000);
afterAll(() => server?.stop());

/** The SQL statements sent for one request. */
async function statementsOf<T>(request: () => Promise<T>): Promise<{ statements: number; result: T }> {
  server.takeSqlCount();
  const result = await request();
  return { statements: server.takeSqlCount(), result };
}

describe('N+1 free lists', () => {
  it('reads 10 or 100 customers with their subscriptions and each subscription’s plan in the same few statements', async () => {
    const reader = server.as(Role.ANALYST);
    const small = await statementsOf(() => reader.query(NPlusOneCustomers, { first: 10 }));
    const large = await statementsOf(() => reader.query(NPlusOneCustomers, { first: 100 }));

    expect(small.result.customers.edges).toHaveLength(10);
    expect(large.result.customers.edges).toHaveLength(100);
    for (const { node } of large.result.customers.edges) {
      expect(node.subscriptions).toHaveLength(2);
      for (const subscription of node.subscriptions) {
        expect(subscription).toMatchObject({ status: 'ACTIVE', price: { amount: expect.stringMatching(/^\d+\.\d{2}$/) }, servicePlan: { code: expect.stringMatching(/^NPLUS-\d+$/) } });
        expect(subscription.servicePlan.features).toHaveLength(3);
      }
    }
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  it('reads 2 or 20 plans with a page of their subscribers, each with its customer and plan, in the same few statements', async () => {
    const reader = server.as(Role.ANALYST);
    const small = await statementsOf(() => reader.query(NPlusOnePlans, { first: 2 }));
    const large = await statementsOf(() => reader.query(NPlusOnePlans, { first: 20 }));

    expect(small.result.servicePlans.edges).toHaveLength(2);
    expect(large.result.servicePlans.edges).toHaveLength(20);
    for (const { node } of large.result.servicePlans.edges) {
      expect(node.subscribers.totalCount).toBe(10);
      expect(node.subscribers.edges).toHaveLength(5);
      for (const edge of node.subscribers.edges) expect(edge.node.servicePlan.code).toBe(node.code);
    }
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
  });

  (catalogServed ? it : it.skip)('reads 10 or 100 products with their brand and category in the same few statements', async () => {
    const reader = server.as(Role.ANALYST);
    const small = await statementsOf(() => reader.query(NPlusOneProducts, { first: 10 }));
    const large = await statementsOf(() => reader.query(NPlusOneProducts, { first: 100 }));

    expect(small.result.products.edges).toHaveLength(10);
    expect(large.result.products.edges).toHaveLength(100);
    for (const { node } of large.result.products.edges) {
      expect(node.brand.name).toMatch(/ NPLUS$/);
      expect(node.category.name).toMatch(/ NPLUS$/);
    }
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
  });
});
