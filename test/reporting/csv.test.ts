import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { csvCell } from '../../src/core/http/report-csv';
import { startTestServer, type TestServer } from '../support/server';
import { createBrand, createCategory, createCustomer, createProduct, makeSale } from './reporting.fixtures';

/**
 * Reports as CSV (`GET /reports/<field>.csv`): the same operation as over GraphQL, so the same
 * token, role rules, argument checks and limits; a header row, amounts as plain decimals.
 *
 * Data: products "Galaxy A55, 128 GB" (P1, 1 000 000) and "Router" (P2, 200 000); customers Ana
 * (Medellín, Antioquia), Bruno (Cali, Valle del Cauca), Carla (Envigado, Antioquia).
 * PAID sales: Ana P1×1 (2026-01-15), Bruno P2×2 (2026-02-10), Carla P1×1 + P2×1 (2026-02-20);
 * a PENDING one of Ana's (P2×1) that no report counts.
 */
let server: TestServer;
let baseUrl: string;
let p1: string;

const SalesByRegion = graphql(`
  query CsvSalesByRegion($groupBy: [SalesDimension!]!, $filter: SalesReportFilter) {
    salesReport(groupBy: $groupBy, filter: $filter) { keys { value label } salesCount units revenue discountTotal averageTicket currency }
  }
`);

beforeAll(async () => {
  server = await startTestServer();
  baseUrl = new URL(server.url).origin;
  const brand = await createBrand(server, 'Samsung');
  const category = await createCategory(server, 'Equipos');
  p1 = await createProduct(server, { name: 'Galaxy A55, 128 GB', brandId: brand, categoryId: category, price: '1000000' });
  const p2 = await createProduct(server, { name: 'Router', brandId: brand, categoryId: category, price: '200000' });
  const ana = await createCustomer(server, 'Ana', 'Medellín', 'Antioquia');
  const bruno = await createCustomer(server, 'Bruno', 'Cali', 'Valle del Cauca');
  const carla = await createCustomer(server, 'Carla', 'Envigado', 'Antioquia');
  await makeSale(server, { customerId: ana, lines: [{ productId: p1, quantity: 1 }], fate: 'PAID', at: '2026-01-15T15:00:00Z' });
  await makeSale(server, { customerId: bruno, lines: [{ productId: p2, quantity: 2 }], fate: 'PAID', at: '2026-02-10T15:00:00Z' });
  await makeSale(server, { customerId: carla, lines: [{ productId: p1, quantity: 1 }, { productId: p2, quantity: 1 }], fate: 'PAID', at: '2026-02-20T15:00:00Z' });
  await makeSale(server, { customerId: ana, lines: [{ productId: p2, quantity: 1 }], fate: 'PENDING' });
});

afterAll(() => server?.stop());

async function csv(path: string, role: Role | null = Role.ANALYST) {
  const response = await fetch(`${baseUrl}${path}`, { headers: role ? { authorization: `Bearer ${server.tokenOf(role)}` } : {} });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null;
  return { status: response.status, headers: response.headers, text, json, lines: text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean) };
}

describe('GET /reports/<report>.csv', () => {
  it('needs a token, and follows the role rules of the GraphQL report', async () => {
    const anonymous = await csv('/reports/salesReport.csv?groupBy=REGION', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const badToken = await fetch(`${baseUrl}/reports/salesReport.csv?groupBy=REGION`, { headers: { authorization: 'Bearer nonsense' } });
    expect(badToken.status).toBe(401);

    const agent = await csv('/reports/salesReport.csv?groupBy=REGION', Role.SALES_AGENT);
    expect(agent.status).toBe(403);
    expect(agent.json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(agent.text).not.toContain('Antioquia');
  });

  it('answers UTF-8 CSV with a header row, the same rows as the GraphQL report and amounts as plain decimals', async () => {
    const answer = await csv('/reports/salesReport.csv?groupBy=REGION');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="salesReport-\d{4}-\d{2}-\d{2}\.csv"$/);
    // A byte-order mark first, so that spreadsheet programs read UTF-8 (fetch's text() drops it).
    const bytes = Buffer.from(await (await fetch(`${baseUrl}/reports/salesReport.csv?groupBy=REGION`, { headers: { authorization: `Bearer ${server.tokenOf(Role.ANALYST)}` } })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(answer.lines).toEqual([
      'region,region_value,sales_count,units,revenue,discount_total,average_ticket,currency',
      'Antioquia,Antioquia,2,3,2200000.00,0.00,1100000.00,COP',
      'Valle del Cauca,Valle del Cauca,1,2,400000.00,0.00,400000.00,COP',
    ]);

    const { salesReport } = await server.as(Role.ANALYST).query(SalesByRegion, { groupBy: ['REGION'] });
    expect(answer.lines.slice(1)).toEqual(
      salesReport.map((row) =>
        [row.keys[0].label, row.keys[0].value, row.salesCount, row.units, row.revenue, row.discountTotal, row.averageTicket, row.currency].join(','),
      ),
    );
  });

  it('takes the filters of the GraphQL arguments as parameters, nested with dots, lists repeated or comma-separated', async () => {
    const february = await csv('/reports/salesReport.csv?groupBy=MONTH,CITY&filter.createdAt.from=2026-02-01T05:00:00Z&filter.createdAt.to=2026-03-01T05:00:00Z');
    expect(february.lines).toEqual([
      'month,month_value,city,city_value,sales_count,units,revenue,discount_total,average_ticket,currency',
      '2026-02,2026-02-01,"Cali, Valle del Cauca",Cali,1,2,400000.00,0.00,400000.00,COP',
      '2026-02,2026-02-01,"Envigado, Antioquia",Envigado,1,2,1200000.00,0.00,1200000.00,COP',
    ]);

    const antioquia = await csv('/reports/salesReport.csv?groupBy=MONTH&filter.regions=Antioquia&measures=revenue,salesCount');
    expect(antioquia.lines).toEqual(['month,month_value,sales_count,revenue,currency', '2026-01,2026-01-01,1,1000000.00,COP', '2026-02,2026-02-01,1,1200000.00,COP']);

    const repeated = await csv('/reports/salesReport.csv?groupBy=REGION&filter.statuses=PAID&filter.statuses=PENDING&measures=salesCount');
    expect(repeated.lines).toEqual(['region,region_value,sales_count,currency', 'Antioquia,Antioquia,3,COP', 'Valle del Cauca,Valle del Cauca,1,COP']);
  });

  it('quotes text that holds commas, and reads every other report as rows', async () => {
    const products = await csv('/reports/popularProducts.csv?limit=5');
    expect(products.lines[0]).toBe('product_id,product,sku,brand,category,units,share,distinct_customers,revenue,currency');
    expect(products.lines[1]).toMatch(/^\d+,Router,REP-\d+,Samsung,Equipos,3,0\.6,2,600000\.00,COP$/);
    expect(products.lines[2]).toMatch(/^\d+,"Galaxy A55, 128 GB",REP-\d+,Samsung,Equipos,2,0\.4,2,2000000\.00,COP$/);

    // The CSV runs the report's GraphQL operation: an analyst reads customers' names as initials there too.
    const top = await csv('/reports/topCustomers.csv?by=REVENUE&limit=2');
    expect(top.lines).toEqual([
      'customer_id,first_name,last_name,category,city,region,sales_count,units,revenue,currency',
      expect.stringMatching(/^\d+,C\.,R\.,\w+,Envigado,Antioquia,1,2,1200000\.00,COP$/),
      expect.stringMatching(/^\d+,A\.,R\.,\w+,Medellín,Antioquia,1,1,1000000\.00,COP$/),
    ]);

    const buyers = await csv(`/reports/buyersOfProduct.csv?productId=${p1}`);
    expect(buyers.lines).toHaveLength(3);
    expect(buyers.lines[0]).toBe('customer_id,first_name,last_name,category,city,region,quantity,revenue,currency,last_purchase_at');
    const firstBuyer = await csv(`/reports/buyersOfProduct.csv?productId=${p1}&first=1`);
    expect(firstBuyer.lines).toEqual(buyers.lines.slice(0, 2));

    const catalog = await csv('/reports/catalogSummary.csv');
    expect(catalog.lines).toEqual(expect.arrayContaining(['measure,key,count', 'productCount,,2', 'productsByBrand,Samsung,2']));
  });

  it('refuses a bad argument with a clear 400 and the code GraphQL would give, before writing any CSV', async () => {
    const badEnum = await csv('/reports/salesReport.csv?groupBy=MONTHS');
    expect(badEnum.status).toBe(400);
    expect(badEnum.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badEnum.json.errors[0].message).toContain('"MONTHS" does not exist in "SalesDimension"');

    const belowOne = await csv('/reports/salesReport.csv?groupBy=DAY&limit=0');
    expect(belowOne.status).toBe(400);
    expect(belowOne.json.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'limit', message: 'must not be less than 1' }] });

    // The operation limits of /graphql too: 5000 rows of a report cost more than an operation may.
    const tooCostly = await csv('/reports/salesReport.csv?groupBy=DAY&limit=5000');
    expect(tooCostly.status).toBe(400);
    expect(tooCostly.json.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', detail: 'QUERY_TOO_COSTLY' });

    const notANumber = await csv('/reports/popularProducts.csv?limit=ten');
    expect(notANumber.status).toBe(400);
    expect(notANumber.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const unknown = await csv('/reports/salesReport.csv?groupBy=REGION&region=Antioquia');
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toEqual({
      message: 'Unknown parameter region: expected one of filter, groupBy, limit, orderBy, measures',
      extensions: { code: 'BAD_USER_INPUT', detail: 'UNKNOWN_PARAMETER' },
    });

    const missing = await csv('/reports/buyersOfProduct.csv');
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].message).toContain('productId');

    const badMeasure = await csv('/reports/salesReport.csv?groupBy=REGION&measures=profit');
    expect(badMeasure.status).toBe(400);
    expect(badMeasure.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const noSuchReport = await csv('/reports/salaries.csv');
    expect(noSuchReport.status).toBe(404);
    expect(noSuchReport.json.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('csvCell', () => {
  it('quotes what needs quoting and keeps a spreadsheet from running text as a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1200.50')).toBe('-1200.50');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.25)).toBe('0.25');
  });
});
