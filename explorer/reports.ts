/**
 * The ready-made report tabs of the explorer, also printed in the README's "For analysts" section
 * (test/explorer/reports.test.ts runs each against the demo data and checks the README shows the
 * same queries). Plain data: imported by the browser bundle and by the tests.
 */
export interface ReadyMadeReport {
  /** Stable id, used in `?report=<id>` links. */
  id: string;
  /** The question it answers, as an analyst would ask it. */
  question: string;
  /** The GraphQL operation; its operation name is the tab's title. */
  query: string;
  /** Variables for it, computed from today (so the ranges always hold data). */
  variables(today: Date): Record<string, unknown>;
}

/** The start of the month `monthsBack` months before `today`'s, at midnight in Bogotá (UTC−5, no daylight saving). */
export function monthStartInBogota(today: Date, monthsBack: number): string {
  const local = new Date(today.getTime() - 5 * 3600_000);
  const start = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - monthsBack, 1, 5));
  return start.toISOString().replace('.000Z', 'Z');
}

export const READY_MADE_REPORTS: ReadyMadeReport[] = [
  {
    id: 'sales-by-month',
    question: 'How much did we sell each month of the last year: sales, units, net revenue, average ticket?',
    query: `query SalesByMonth($from: DateTimeISO) {
  salesReport(filter: { createdAt: { from: $from } }, groupBy: [MONTH]) {
    keys { label }
    salesCount
    units
    revenue
    averageTicket
  }
}`,
    variables: (today) => ({ from: monthStartInBogota(today, 11) }),
  },
  {
    id: 'revenue-by-region',
    question: 'Which regions bring the most net revenue, and from how many different customers?',
    query: `query RevenueByRegion {
  salesReport(groupBy: [REGION], orderBy: { measure: REVENUE }, limit: 10) {
    keys { label }
    revenue
    salesCount
    distinctCustomers
  }
}`,
    variables: () => ({}),
  },
  {
    id: 'top-products',
    question: 'Which phones and devices sell the most units, and what share of all units are they?',
    query: `query TopProducts {
  popularProducts(limit: 10) {
    product { name brand { name } }
    units
    share
    revenue { amount currency }
  }
}`,
    variables: () => ({}),
  },
  {
    id: 'popular-plans',
    question: 'Which service plans have the most active subscriptions now?',
    query: `query PopularPlans {
  popularServices(by: ACTIVE_SUBSCRIPTIONS, limit: 10) {
    servicePlan { name type }
    activeSubscriptions
    units
    revenue { amount }
  }
}`,
    variables: () => ({}),
  },
  {
    id: 'top-customers',
    question: 'Who are our ten best customers by net revenue, and where are they?',
    query: `query TopCustomers {
  topCustomers(by: REVENUE, limit: 10) {
    customer { firstName lastName category city }
    salesCount
    revenue { amount }
  }
}`,
    variables: () => ({}),
  },
  {
    id: 'sellers-this-year',
    question: 'How did each seller do this year, by customer category?',
    query: `query SellersThisYear($from: DateTimeISO) {
  salesReport(filter: { createdAt: { from: $from } }, groupBy: [SELLER, CUSTOMER_CATEGORY], orderBy: { measure: REVENUE }) {
    keys { dimension label }
    salesCount
    revenue
  }
}`,
    variables: (today) => ({ from: monthStartInBogota(today, new Date(today.getTime() - 5 * 3600_000).getUTCMonth()) }),
  },
];
