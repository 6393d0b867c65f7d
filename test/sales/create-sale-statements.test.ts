import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import { countRows, createCustomer, createPlan, createProduct, createSale, ledgerOf, SalesSaleById, stockOf } from './sales.fixtures';

/**
 * The SQL statements of one createSale through the API, counted on the server's own connection
 * (`takeSqlCount`), so that a statement added to the write path shows here. 10 with or without
 * more lines:
 *   1 the token's staff check, 2 begin, 3 the customer, 4 the products, 5 the plans (one query
 *   each, whatever the number of lines), 6 the sale's id, 7 the stock of every product line with
 *   its ledger rows, 8 the invoice number with the sale, its lines, history and event, 9 the
 *   audit-trail entry, 10 commit.
 * The answer's lines are the ones just written: not read back.
 */

const StatementsCreateSale = graphql(`
  mutation StatementsCreateSale($input: CreateSaleInput!) {
    createSale(input: $input) { id number status total { amount } lines { id position quantity total { amount } } }
  }
`);

const STATEMENTS_PER_SALE = 10;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function statementsOfCreateSale(lines: { productId?: string; servicePlanId?: string; quantity: number }[]) {
  const customer = await createCustomer(server);
  const agent = server.as(Role.SALES_AGENT);
  server.takeSqlCount();
  const { createSale } = await agent.mutate(StatementsCreateSale, { input: { customerId: customer.id, lines } });
  return { statements: server.takeSqlCount(), sale: createSale };
}

it(`writes a sale of 3 product lines and 1 plan line in ${STATEMENTS_PER_SALE} statements, every row there`, async () => {
  const products = [await createProduct(server, { stock: 5 }), await createProduct(server, { stock: 5 }), await createProduct(server, { stock: 5 })];
  const plan = await createPlan(server);
  const { statements, sale } = await statementsOfCreateSale([
    { productId: products[0].id, quantity: 1 },
    { servicePlanId: plan.id, quantity: 1 },
    { productId: products[1].id, quantity: 2 },
    { productId: products[2].id, quantity: 3 },
  ]);
  expect(statements).toBe(STATEMENTS_PER_SALE);

  expect(sale.status).toBe('PENDING');
  expect(sale.lines.map((line) => [line.position, line.quantity])).toEqual([[1, 1], [2, 1], [3, 2], [4, 3]]);
  expect(await countRows(server, 'sale_line', 'sale_id = ?', [sale.id])).toBe(4);
  expect(await Promise.all(products.map((product) => stockOf(server, product.id)))).toEqual([4, 3, 2]);
  for (const product of products) expect((await ledgerOf(server, product.id)).filter((row) => row.sale_id === sale.id)).toHaveLength(1);
  expect(await countRows(server, 'sale_status_change', 'sale_id = ?', [sale.id])).toBe(1);
  expect(await countRows(server, 'sale_event', "sale_id = ? and type = 'SALE_CREATED'", [sale.id])).toBe(1);
});

it('costs the same statements for 1 product line as for 3', async () => {
  const product = await createProduct(server, { stock: 5 });
  const plan = await createPlan(server);
  const { statements } = await statementsOfCreateSale([
    { productId: product.id, quantity: 1 },
    { servicePlanId: plan.id, quantity: 1 },
  ]);
  expect(statements).toBe(STATEMENTS_PER_SALE);
});

it('answers with the sale and lines it wrote exactly as a later read of the sale shows them', async () => {
  const product = await createProduct(server, { stock: 5 });
  const plan = await createPlan(server);
  const customer = await createCustomer(server);
  const written = await createSale(server, { customerId: customer.id, lines: [{ productId: product.id, quantity: 2 }, { servicePlanId: plan.id, quantity: 1 }] });
  const { sale } = await server.as(Role.SALES_AGENT).query(SalesSaleById, { id: written.id });
  expect(written.lines).toHaveLength(2);
  expect(written).toEqual(sale);
});
