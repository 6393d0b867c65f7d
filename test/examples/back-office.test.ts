import { Role } from '../../src/core/auth/roles';
import { runBackOffice } from '../../examples/back-office/main';
import { createBrand, createCategory, createCustomer, createProduct } from '../reporting/reporting.fixtures';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server';

/**
 * The back-office example (examples/back-office/, `npm run example`) against a real server: it
 * logs in, lists customers, sells and takes the payment, runs the month's report; its second run
 * sends every operation as a persisted query's hash alone.
 */

let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  const brand = await createBrand(server, 'Xiaomi');
  const category = await createCategory(server, 'Smartphones');
  await createProduct(server, { name: 'Redmi Note 13', brandId: brand, categoryId: category, price: '699900.00', stock: 5 });
  await createProduct(server, { name: 'Redmi 13C', brandId: brand, categoryId: category, price: '449900.00', stock: 5 });
  customerId = await createCustomer(server, 'Paola', 'Pereira', 'Risaralda');
}, 60_000);
afterAll(() => server?.stop());

function run(bodies: { query?: string; extensions?: unknown }[], log: string[]) {
  return runBackOffice({
    url: server.url,
    agent: { email: server.staff[Role.SALES_AGENT].email, password: TEST_PASSWORD },
    analyst: { email: server.staff[Role.ANALYST].email, password: TEST_PASSWORD },
    log: (line) => log.push(line),
    fetch: async (input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    },
  });
}

it('logs in, lists customers, sells the cheapest phone in stock, and reports the month by region', async () => {
  const log: string[] = [];
  const result = await run([], log);
  expect(result.customers.edges[0].node).toMatchObject({ id: customerId, kind: 'PERSON', displayName: 'Paola Reportes', city: 'Pereira' });
  expect(result.sale).toMatchObject({ status: 'PAID', paymentMethod: 'CASH', total: { amount: '535381.00', currency: 'COP' } }); // 449,900 + 19% IVA
  expect(result.revenueByRegion).toEqual([
    expect.objectContaining({ keys: [expect.objectContaining({ dimension: 'REGION', value: 'Risaralda' })], salesCount: 1, units: 1, revenue: '449900.00', currency: 'COP' }),
  ]);
  expect(log.join('\n')).toContain(`sold Redmi 13C to Paola Reportes: ${result.sale.number}`);
});

it('sends only the hashes of its operations once the server knows them', async () => {
  const bodies: { query?: string; extensions?: unknown }[] = [];
  const result = await run(bodies, []);
  expect(result.revenueByRegion[0]).toMatchObject({ salesCount: 2, revenue: '899800.00' });
  expect(bodies).toHaveLength(7); // two logins, customers, products, createSale, paySale, the report
  for (const body of bodies) {
    expect(body.query).toBeUndefined();
    expect(body.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  }
});
