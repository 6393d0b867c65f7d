import { planRange } from '../../src/modules/reporting/report-sql';
import { SalesDimension as D, SalesMeasure as M } from '../../src/modules/reporting/reporting.enums';
import { compileSalesReport } from '../../src/modules/reporting/sales-report.service';

/** How `salesReport` is compiled: which source serves a query, and that only the measures asked for are computed. */

const TZ = 'America/Bogota';
const coverage = { coveredUntil: new Date('2026-11-20T15:00:00.000Z') };
const compile = (groupBy: D[], measures: M[], filter: object | null = null) =>
  compileSalesReport({ groupBy, filter, limit: null, orderBy: null } as never, new Set(measures), coverage, TZ);

describe('salesReport compilation', () => {
  it('computes only the measures asked for', () => {
    const { statement } = compile([D.MONTH], [M.REVENUE]);
    expect(statement.sql).toMatch(/sum\(l\.net_amount\)/);
    expect(statement.sql).not.toMatch(/count\(distinct|l\.quantity|l\.discount|sales_count/);
  });

  it.each([
    [[D.MONTH, D.REGION], [M.REVENUE, M.SALES_COUNT], null, 'place'],
    [[D.CITY, D.CUSTOMER_CATEGORY, D.PAYMENT_METHOD, D.STATUS], [M.UNITS], null, 'place'],
    [[D.SELLER, D.YEAR], [M.SALES_COUNT, M.AVERAGE_TICKET], null, 'seller'],
    [[D.SELLER, D.REGION], [M.REVENUE], null, 'sales tables'],
    [[D.BRAND, D.MONTH], [M.UNITS, M.REVENUE, M.DISCOUNT_TOTAL], null, 'item'],
    // A sale with two lines of one brand counts once: sales cannot be counted from item rows.
    [[D.BRAND], [M.SALES_COUNT], null, 'sales tables'],
    [[D.PRODUCT, D.WEEK], [M.SALES_COUNT, M.AVERAGE_TICKET], null, 'item'],
    [[D.REGION, D.SERVICE_TYPE], [M.REVENUE], null, 'itemPlace'],
    [[D.CITY, D.PRODUCT, D.STATUS], [M.SALES_COUNT, M.UNITS], null, 'itemPlace'],
    [[D.SELLER, D.PRODUCT], [M.REVENUE], null, 'sales tables'],
    [[D.MONTH], [M.REVENUE, M.DISTINCT_CUSTOMERS], null, 'place'],
    [[], [M.REVENUE], { brandIds: ['3'] }, 'item'],
    [[], [M.REVENUE], { sellerIds: ['3'], regions: ['Antioquia'] }, 'sales tables'],
  ] as const)('groupBy %j with %j and filter %j reads %s', (groupBy, measures, filter, source) => {
    expect(compile([...groupBy], [...measures], filter).source).toBe(source);
  });

  it.each([
    [[D.MONTH], {}, 'customers'],
    [[D.CITY, D.CUSTOMER_CATEGORY, D.WEEK], { regions: ['Antioquia'] }, 'customers'],
    [[D.BRAND, D.REGION], { serviceTypes: [] }, 'customers'],
    [[D.SERVICE_TYPE], { servicePlanIds: ['4'] }, 'customers'],
    // The per-customer rollups hold PAID sales only, with no seller, status or payment method.
    [[D.MONTH], { statuses: ['PAID', 'REFUNDED'] }, 'sales tables'],
    [[D.STATUS], {}, 'sales tables'],
    [[D.PAYMENT_METHOD], {}, 'sales tables'],
    [[], { sellerIds: ['3'] }, 'sales tables'],
  ] as const)('reads the customers of distinctCustomers by %j with filter %j from %s', (groupBy, filter, customersSource) => {
    const query = compile([...groupBy], [M.DISTINCT_CUSTOMERS], filter);
    expect(query.customersSource).toBe(customersSource);
    // Only distinct customers asked: no additive measure, no part for them.
    expect(query.source).toBeNull();
    expect(query.statement.sql).not.toMatch(/sum\(/);
  });

  it('reads MONTH rows only when no key is a day or a week', () => {
    expect(compile([D.MONTH], [M.REVENUE]).statement.sql).toMatch(/grain = 'MONTH'/);
    expect(compile([D.WEEK], [M.REVENUE]).statement.sql).not.toMatch(/grain = 'MONTH'/);
    expect(compile([D.DAY], [M.REVENUE]).statement.sql).not.toMatch(/grain = 'MONTH'/);
  });

  it('puts client values in parameters, never in the text', () => {
    const { statement } = compile([D.REGION], [M.REVENUE], { regions: ["Antioquia'; drop table sale; --"] });
    expect(statement.sql).not.toMatch(/drop table/);
    expect(statement.params).toContain("antioquia'; drop table sale; --");
  });
});

describe('planRange (Bogotá, UTC−5; rollups up to 2026-11-20 10:00 local)', () => {
  it('reads all of the range live without rollups', () => {
    const range = { from: new Date('2026-01-01T05:00:00Z'), to: null };
    expect(planRange(range, null, TZ)).toEqual({ months: null, days: [], span: null, live: [range], pending: null });
  });

  it('splits a range into whole months, whole days and live edges', () => {
    const from = new Date('2026-01-15T14:00:00Z'); // 09:00 on 15 January in Bogotá
    const to = new Date('2026-03-15T17:00:00Z'); // 12:00 on 15 March
    expect(planRange({ from, to }, coverage, TZ)).toEqual({
      months: { from: '2026-02-01', to: '2026-03-01' },
      days: [
        { from: '2026-01-16', to: '2026-02-01' },
        { from: '2026-03-01', to: '2026-03-15' },
      ],
      span: { from: '2026-01-16', to: '2026-03-15' },
      live: [
        { from, to: new Date('2026-01-16T05:00:00Z') },
        { from: new Date('2026-03-15T05:00:00Z'), to },
      ],
      pending: { from, to },
    });
  });

  it('uses the partial day of the coverage only with everything after it read live', () => {
    const plan = planRange({ from: new Date('2026-11-01T05:00:00Z'), to: null }, coverage, TZ);
    expect(plan.months).toBeNull();
    expect(plan.days).toEqual([{ from: '2026-11-01', to: '2026-11-21' }]);
    expect(plan.live).toEqual([{ from: coverage.coveredUntil, to: null }]);
    // A range ending before the coverage's end, on its day: that day is read live.
    const early = planRange({ from: null, to: new Date('2026-11-20T12:00:00Z') }, coverage, TZ);
    expect(early.months).toEqual({ from: null, to: '2026-11-01' });
    expect(early.days).toEqual([{ from: '2026-11-01', to: '2026-11-20' }]);
    expect(early.live).toEqual([{ from: new Date('2026-11-20T05:00:00Z'), to: new Date('2026-11-20T12:00:00Z') }]);
  });
});
