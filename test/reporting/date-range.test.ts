import { graphql } from '../__generated__';
import type { DateRange } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import { createBrand, createCategory, createCustomer, createProduct, makeSale, refreshRollups } from './reporting.fixtures';

/**
 * `DateRange` in calendar days (`fromDate`/`toDate`, business time zone, America/Bogota = UTC−5)
 * against the same period in UTC date-times. Sales on the edges of November 2026 in Bogotá:
 *
 * | sale | created (UTC)        | Bogotá            | in November? |
 * |------|----------------------|-------------------|--------------|
 * | A    | 2026-11-01 04:59     | 31 Oct 23:59      | no           |
 * | B    | 2026-11-01 05:00     | 1 Nov 00:00       | yes          |
 * | C    | 2026-11-15 17:00     | 15 Nov 12:00      | yes          |
 * | D    | 2026-12-01 04:59     | 30 Nov 23:59      | yes          |
 * | E    | 2026-12-01 05:00     | 1 Dec 00:00       | no           |
 *
 * Each sale is one phone at 100 000 COP, so November in Bogotá is 3 sales, 300 000 COP.
 */

const Report = graphql(`
  query DateRangeReport($filter: SalesReportFilter) {
    salesReport(groupBy: [DAY], filter: $filter) { keys { value } salesCount revenue }
  }
`);

const Popular = graphql(`
  query DateRangePopular($range: DateRange) {
    popularProducts(range: $range) { units }
  }
`);

const SalesList = graphql(`
  query DateRangeSales($filter: SaleFilter) {
    sales(first: 50, filter: $filter) { totalCount }
  }
`);

const INSTANTS: DateRange = { from: '2026-11-01T05:00:00.000Z', to: '2026-12-01T05:00:00.000Z' };
const DAYS: DateRange = { fromDate: '2026-11-01', toDate: '2026-12-01' };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { REPORTING_REFRESH_MINUTES: '0', BUSINESS_TIME_ZONE: 'America/Bogota' } });
  const brand = await createBrand(server, 'Motorola');
  const category = await createCategory(server, 'Smartphones');
  const phone = await createProduct(server, { name: 'Moto G85', brandId: brand, categoryId: category, price: '100000.00' });
  const customer = await createCustomer(server, 'Lucia', 'Bogotá', 'Bogotá D.C.');
  for (const at of ['2026-11-01T04:59:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-15T17:00:00.000Z', '2026-12-01T04:59:00.000Z', '2026-12-01T05:00:00.000Z']) {
    await makeSale(server, { customerId: customer, lines: [{ productId: phone, quantity: 1 }], fate: 'PAID', at });
  }
}, 120_000);

afterAll(() => server?.stop());

describe.each([
  ['from the sales tables', false],
  ['from the rollups', true],
])('November in Bogotá %s', (_name, withRollups) => {
  beforeAll(async () => {
    if (withRollups) await refreshRollups(server);
  });

  it('gives the same salesReport in calendar days as in UTC date-times', async () => {
    const analyst = server.as(Role.ANALYST);
    const byDays = (await analyst.query(Report, { filter: { createdAt: DAYS } })).salesReport;
    const byInstants = (await analyst.query(Report, { filter: { createdAt: INSTANTS } })).salesReport;
    expect(byDays).toEqual(byInstants);
    expect(byDays.map((row) => [row.keys[0].value, row.salesCount, row.revenue])).toEqual([
      ['2026-11-01', 1, '100000.00'],
      ['2026-11-15', 1, '100000.00'],
      ['2026-11-30', 1, '100000.00'],
    ]);
  });

  it('gives the same ranking in calendar days as in UTC date-times', async () => {
    const analyst = server.as(Role.ANALYST);
    const byDays = (await analyst.query(Popular, { range: DAYS })).popularProducts;
    expect(byDays).toEqual((await analyst.query(Popular, { range: INSTANTS })).popularProducts);
    expect(byDays.map((row) => row.units)).toEqual([3]);
  });
});

it('filters the sales list by calendar days too, with open ends', async () => {
  const analyst = server.as(Role.ANALYST);
  const count = async (createdAt: DateRange) => (await analyst.query(SalesList, { filter: { createdAt } })).sales.totalCount;
  expect(await count(DAYS)).toBe(3);
  expect(await count(INSTANTS)).toBe(3);
  expect(await count({ fromDate: '2026-11-01' })).toBe(4); // B, C, D and E
  expect(await count({ toDate: '2026-11-01' })).toBe(1); // A: 23:59 on 31 October in Bogotá
});

it('refuses a range that mixes date-times and calendar days', async () => {
  const analyst = server.as(Role.ANALYST);
  const mixed = await analyst.error(Report, { filter: { createdAt: { from: '2026-11-01T05:00:00.000Z', toDate: '2026-12-01' } } });
  expect(mixed.code).toBe('BAD_USER_INPUT');
  expect(mixed.extensions).toMatchObject({ detail: 'MIXED_RANGE_FORMS', fields: [{ field: 'filter.createdAt' }] });
  const ranking = await analyst.error(Popular, { range: { fromDate: '2026-11-01', to: '2026-12-01T05:00:00.000Z' } });
  expect(ranking).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'MIXED_RANGE_FORMS' } });
  const list = await analyst.error(SalesList, { filter: { createdAt: { fromDate: '2026-11-01', from: '2026-11-01T05:00:00.000Z' } } });
  expect(list).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'MIXED_RANGE_FORMS' } });
});

it('refuses an inverted range of days and a date that is not a calendar day', async () => {
  const analyst = server.as(Role.ANALYST);
  const inverted = await analyst.error(Report, { filter: { createdAt: { fromDate: '2026-12-01', toDate: '2026-11-01' } } });
  expect(inverted).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'INVERTED_RANGE' } });
  const notADay = await analyst.error(Report, { filter: { createdAt: { fromDate: '2026-11-31' } } });
  expect(notADay.code).toBe('BAD_USER_INPUT');
});
