import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import type { Viewer } from '../../src/core/context';
import { PaymentMethod } from '../../src/modules/sales/sales.enums';
import { cancelSale, createSale, paySale, refundSale } from '../../src/modules/sales/sale.service';
import { inSeedContext, seedProducts, seedSubscribedCustomers } from '../support/bulk-seed';
import { startTestServer, type TestServer } from '../support/server';

/**
 * A page of sales nesting its customer, seller, lines with their product (and brand) or plan,
 * and status history costs the same SQL statements for 10 sales as for 50: every relation is
 * loaded in batches. Counted on the server's own connection (`takeSqlCount`).
 */

const SalesNestedPage = graphql(`
  query SalesNestedPage($first: Int!) {
    sales(first: $first) {
      totalCount
      edges {
        node {
          number
          total { amount }
          customer { id lastName }
          seller { id name }
          lines {
            description
            quantity
            product { sku brand { name } category { name } }
            servicePlan { code name }
          }
          statusHistory { from to changedBy { id } }
          promotion { code }
        }
      }
    }
  }
`);

const SalesNestedPurchases = graphql(`
  query SalesNestedPurchases($first: Int!) {
    customers(first: $first) {
      edges {
        node {
          id
          purchases(first: 3) {
            totalCount
            edges { node { number customer { id } lines { product { sku } servicePlan { code } } } }
          }
        }
      }
    }
  }
`);

/** The hottest shapes (bench:read's): a first page read with what its items show. */
const SalesFirstPage = graphql(`
  query SalesFirstPage($first: Int!) {
    sales(first: $first) {
      edges { node { number customer { id firstName } lines { quantity product { sku } servicePlan { name } } } }
    }
  }
`);

const ProductsFirstPage = graphql(`
  query ProductsFirstPage($first: Int!) {
    products(first: $first) { edges { node { sku brand { name } category { name } } } }
  }
`);

/** What a sales page shows of its relations, as bench:read asks: rows narrowed to those columns. */
const NarrowSalesPage = graphql(`
  query NarrowSalesPage {
    sales(first: 20) {
      edges { node { number customer { id firstName email displayName } lines { quantity product { name sku brand { name } } servicePlan { name } } } }
    }
  }
`);

/** The same, plus a product's description and attributes elsewhere in the operation, and a customer field that may read anything. */
const WideSalesPage = graphql(`
  query WideSalesPage {
    sales(first: 20) {
      edges { node { number customer { id firstName email displayName recommendedOffers(limit: 1) { kind } } lines { quantity product { name sku brand { name } } servicePlan { name } } } }
    }
    products(first: 1) { edges { node { description attributes { name value } } } }
  }
`);

const SalesNumbersOnly = graphql(`
  query SalesNumbersOnly {
    sales(first: 20) { edges { node { number } } }
  }
`);

const SALES = 60;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const viewer = (role: Role.ADMIN | Role.SALES_AGENT): Viewer => ({ id: server.staff[role].id, email: server.staff[role].email, name: `Test ${role}`, role });
  await inSeedContext(server.app.orm, server.config, viewer(Role.ADMIN), async (ctx) => {
    const { customerIds, planIds } = await seedSubscribedCustomers(ctx, { customers: 20, subscriptionsEach: 0, plans: 6, tag: 'SALESQC' });
    const productIds = await seedProducts(ctx, 30, 'SALESQC');
    // Through the sales services, in every status, by two sellers.
    for (let i = 0; i < SALES; i++) {
      ctx.viewer = viewer(i % 3 ? Role.SALES_AGENT : Role.ADMIN);
      const sale = await createSale(ctx, {
        customerId: customerIds[i % customerIds.length],
        lines: [
          { productId: productIds[i % productIds.length], quantity: 1 },
          { servicePlanId: planIds[i % planIds.length], quantity: 1 + (i % 2) },
          ...(i % 4 === 0 ? [{ productId: productIds[(i + 7) % productIds.length], quantity: 1 }] : []),
        ],
      });
      await ctx.em.flush();
      if (i % 5 === 1) await cancelSale(ctx, sale.id, 'Cambió de opinión');
      if (i % 5 >= 2) await paySale(ctx, sale.id, { method: PaymentMethod.CARD, reference: null });
      await ctx.em.flush();
      if (i % 5 === 4) await refundSale(ctx, sale.id, 'Devuelto');
      await ctx.em.flush();
    }
  });
}, 60_000);
afterAll(() => server?.stop());

async function statementsOf<T>(request: () => Promise<T>): Promise<{ statements: number; result: T }> {
  server.takeSqlCount();
  const result = await request();
  return { statements: server.takeSqlCount(), result };
}

it('reads 10 or 50 sales with customer, seller, lines with product, brand, category or plan, and history in the same statements', async () => {
  const reader = server.as(Role.ANALYST);
  await reader.query(SalesNestedPage, { first: 1 }); // warm-up: the first request pays for metadata
  const small = await statementsOf(() => reader.query(SalesNestedPage, { first: 10 }));
  const large = await statementsOf(() => reader.query(SalesNestedPage, { first: 50 }));

  expect(small.result.sales.edges).toHaveLength(10);
  expect(large.result.sales.edges).toHaveLength(50);
  expect(large.result.sales.totalCount).toBe(SALES);
  const statuses = new Set<string>();
  for (const { node } of large.result.sales.edges) {
    // An analyst reads the last name reduced to its initial (SALESQC n → S.).
    expect(node.customer.lastName).toBe('S.');
    expect([server.staff.ADMIN.id, server.staff.SALES_AGENT.id]).toContain(node.seller.id);
    expect(node.lines.length).toBeGreaterThanOrEqual(2);
    for (const line of node.lines) {
      expect(Boolean(line.product) !== Boolean(line.servicePlan)).toBe(true);
      if (line.product) expect(line.product.brand.name).toMatch(/ SALESQC$/);
      if (line.servicePlan) expect(line.servicePlan.code).toMatch(/^SALESQC-\d+$/);
    }
    expect(node.statusHistory[0]).toMatchObject({ from: null, to: 'PENDING' });
    statuses.add(node.statusHistory.at(-1)!.to);
  }
  expect([...statuses].sort()).toEqual(['CANCELLED', 'PAID', 'PENDING', 'REFUNDED']);
  expect(large.statements).toBe(small.statements);
  // auth, page, count, customers, staff, lines, products, brands, categories, plans, history
  expect(large.statements).toBeLessThanOrEqual(12);
});

it('reads a first page of sales with customers and lines in 3 statements, of products with brands and categories in 2', async () => {
  const reader = server.as(Role.SALES_AGENT);
  await reader.query(SalesFirstPage, { first: 1 }); // warm-up: the first request pays for metadata
  // The staff check, the page with each sale's customer, the lines with their product or plan.
  const sales = await statementsOf(() => reader.query(SalesFirstPage, { first: 50 }));
  expect(sales.result.sales.edges).toHaveLength(50);
  for (const { node } of sales.result.sales.edges) {
    expect(node.customer.firstName).toMatch(/\S/);
    for (const line of node.lines) expect(Boolean(line.product?.sku) !== Boolean(line.servicePlan?.name)).toBe(true);
  }
  expect(sales.statements).toBe(3);
  // The staff check, the page with each product's brand and category.
  const products = await statementsOf(() => reader.query(ProductsFirstPage, { first: 20 }));
  expect(products.result.products.edges.length).toBeGreaterThan(0);
  for (const { node } of products.result.products.edges) expect(node.brand.name && node.category.name).toBeTruthy();
  expect(products.statements).toBe(2);
});

it('reads the purchases of 5 or 20 customers, with their lines, in the same statements', async () => {
  const reader = server.as(Role.ANALYST);
  const small = await statementsOf(() => reader.query(SalesNestedPurchases, { first: 5 }));
  const large = await statementsOf(() => reader.query(SalesNestedPurchases, { first: 20 }));
  expect(large.result.customers.edges).toHaveLength(20);
  for (const { node } of large.result.customers.edges) {
    expect(node.purchases.totalCount).toBe(SALES / 20);
    expect(node.purchases.edges).toHaveLength(3);
    for (const edge of node.purchases.edges) expect(edge.node.customer.id).toBe(node.id);
  }
  expect(large.statements).toBe(small.statements);
});

describe('rows that only serve the answer', () => {
  /** The statement that joins `table` (the page's or the lines'). */
  const joining = (statements: string[], table: string) => {
    const found = statements.filter((sql) => sql.includes(`left join "${table}"`));
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('bring only the columns the operation reads of a joined relation, with the same values as whole rows', async () => {
    const reader = server.as(Role.ADMIN);
    await reader.query(NarrowSalesPage);
    server.takeSql();
    const narrow = await reader.query(NarrowSalesPage);
    const narrowSql = server.takeSql();
    const lines = joining(narrowSql, 'product');
    expect(lines).toMatch(/\."sku"/);
    expect(lines).toMatch(/\."brand_id"/);
    expect(lines).not.toMatch(/\."attributes"|\."price_amount"|\."stock"/);
    const page = joining(narrowSql, 'customer');
    expect(page).toMatch(/\."email"/);
    expect(page).not.toMatch(/\."addresses"|\."phones"|\."document_number"/);

    const wide = await reader.query(WideSalesPage);
    const wideSql = server.takeSql();
    // Read elsewhere in the operation, description and attributes come with every product row.
    expect(joining(wideSql, 'product')).toMatch(/\."attributes"/);
    // recommendedOffers is a resolver method that declares nothing: the customers' rows are whole.
    expect(joining(wideSql, 'customer')).toMatch(/\."addresses"/);

    expect(narrow.sales.edges.length).toBe(20);
    const shown = (page: typeof narrow) =>
      page.sales.edges.map(({ node }) => ({
        number: node.number,
        customer: { id: node.customer.id, firstName: node.customer.firstName, email: node.customer.email },
        lines: node.lines.map((line) => ({ quantity: line.quantity, product: line.product && { name: line.product.name, sku: line.product.sku, brand: line.product.brand.name }, plan: line.servicePlan?.name ?? null })),
      }));
    expect(shown(narrow)).toEqual(shown(wide as unknown as typeof narrow));
    expect(shown(narrow).flatMap((sale) => sale.lines).some((line) => line.product?.sku)).toBe(true);
  });

  it('join nothing for a relation the operation does not read', async () => {
    const reader = server.as(Role.ADMIN);
    server.takeSql();
    await reader.query(SalesNumbersOnly);
    const statements = server.takeSql();
    expect(statements.some((sql) => sql.includes('left join "customer"'))).toBe(false);
  });
});
