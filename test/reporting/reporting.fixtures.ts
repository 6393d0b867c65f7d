import pg from 'pg';
import { graphql } from '../__generated__';
import type { CreateCustomerInput, SaleLineInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import type { TestServer } from '../support/server';

/**
 * A small data set built through the API, for reports whose right answers the tests count by
 * hand. Only the sales' creation instants are then moved into the past with SQL (the API stamps
 * a sale with the current time): everything else is what the mutations wrote.
 */

export const ReportingCreateBrand = graphql(`
  mutation ReportingCreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) { id }
  }
`);

export const ReportingCreateCategory = graphql(`
  mutation ReportingCreateCategory($input: CreateProductCategoryInput!) {
    createProductCategory(input: $input) { id }
  }
`);

export const ReportingCreateProduct = graphql(`
  mutation ReportingCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) { id }
  }
`);

export const ReportingUpdateProduct = graphql(`
  mutation ReportingUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) { id status }
  }
`);

export const ReportingCreatePlan = graphql(`
  mutation ReportingCreatePlan($input: CreateServicePlanInput!) {
    createServicePlan(input: $input) { id }
  }
`);

export const ReportingCreateCustomer = graphql(`
  mutation ReportingCreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id }
  }
`);

export const ReportingUpdateCustomer = graphql(`
  mutation ReportingUpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) { id }
  }
`);

export const ReportingSetCategory = graphql(`
  mutation ReportingSetCategory($id: ID!, $category: CustomerCategory) {
    setCustomerCategory(id: $id, category: $category) { id category }
  }
`);

export const ReportingSubscribe = graphql(`
  mutation ReportingSubscribe($input: SubscribeCustomerInput!) {
    subscribeCustomer(input: $input) { id }
  }
`);

export const ReportingCreatePromotion = graphql(`
  mutation ReportingCreatePromotion($input: CreatePromotionInput!) {
    createPromotion(input: $input) { id code }
  }
`);

export const ReportingCreateSale = graphql(`
  mutation ReportingCreateSale($input: CreateSaleInput!) {
    createSale(input: $input) { id total { amount } }
  }
`);

export const ReportingPaySale = graphql(`
  mutation ReportingPaySale($id: ID!, $input: PaySaleInput!) {
    paySale(id: $id, input: $input) { id status }
  }
`);

export const ReportingCancelSale = graphql(`
  mutation ReportingCancelSale($id: ID!, $reason: String!) {
    cancelSale(id: $id, reason: $reason) { id status }
  }
`);

export const ReportingRefundSale = graphql(`
  mutation ReportingRefundSale($id: ID!, $reason: String!) {
    refundSale(id: $id, reason: $reason) { id status }
  }
`);

export const ReportingRecordInteraction = graphql(`
  mutation ReportingRecordInteraction($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { id }
  }
`);

export const RefreshRollups = graphql(`
  mutation RefreshRollups($mode: ReportingRefreshMode) {
    refreshReportingRollups(mode: $mode) { mode refreshedAt fullRefreshedAt coveredUntil salesRolledUp }
  }
`);

let sequence = 0;

export async function createBrand(server: TestServer, name: string): Promise<string> {
  return (await server.as(Role.ADMIN).mutate(ReportingCreateBrand, { input: { name } })).createBrand.id;
}

export async function createCategory(server: TestServer, name: string): Promise<string> {
  return (await server.as(Role.ADMIN).mutate(ReportingCreateCategory, { input: { name } })).createProductCategory.id;
}

export async function createProduct(server: TestServer, input: { name: string; brandId: string; categoryId: string; price: string; stock?: number }): Promise<string> {
  sequence++;
  const { createProduct } = await server.as(Role.ADMIN).mutate(ReportingCreateProduct, {
    input: { sku: `REP-${sequence}`, name: input.name, brandId: input.brandId, categoryId: input.categoryId, price: { amount: input.price }, stock: input.stock ?? 100 },
  });
  return createProduct.id;
}

export async function createPlan(
  server: TestServer,
  input: { name: string; type: 'FIBER_INTERNET' | 'MOBILE_POSTPAID' | 'MOBILE_PREPAID' | 'TV' | 'LANDLINE' | 'BUNDLE'; price: string; status?: 'DRAFT' | 'ACTIVE' },
): Promise<string> {
  sequence++;
  const { createServicePlan } = await server.as(Role.ADMIN).mutate(ReportingCreatePlan, {
    input: {
      code: `REP-PLAN-${sequence}`,
      name: input.name,
      type: input.type,
      price: { amount: input.price },
      billingPeriod: 'MONTHLY',
      features: [{ name: 'Velocidad', value: '300', unit: 'Mbps' }],
      status: input.status ?? 'ACTIVE',
    },
  });
  return createServicePlan.id;
}

const DOCUMENT_BASE = 52_000_000;

/** A customer billed in `city`, `region`. */
export async function createCustomer(server: TestServer, firstName: string, city: string, region: string): Promise<string> {
  sequence++;
  const input: CreateCustomerInput = {
    firstName,
    lastName: 'Reportes',
    documentType: 'CC',
    documentNumber: String(DOCUMENT_BASE + sequence),
    email: `${firstName.toLowerCase()}.${sequence}@reportes.example.co`,
    phones: [`+5730012${String(10000 + sequence).slice(-5)}`],
    addresses: [billingAddress(city, region)],
  };
  return (await server.as(Role.SALES_AGENT).mutate(ReportingCreateCustomer, { input })).createCustomer.id;
}

export function billingAddress(city: string, region: string) {
  return { kind: 'BILLING' as const, line1: 'Calle 10 # 20-30', city, region, countryCode: 'CO' };
}

export type SaleFate = 'PAID' | 'PENDING' | 'CANCELLED' | 'REFUNDED';

export interface SaleSpec {
  customerId: string;
  lines: SaleLineInput[];
  fate: SaleFate;
  /** When the sale was made; now when omitted. */
  at?: string;
  seller?: Role;
  promotionCode?: string;
  method?: 'CASH' | 'CARD' | 'TRANSFER' | 'FINANCING';
}

/** Creates the sale through the API, takes it to its fate, then moves its creation instant to `at`. */
export async function makeSale(server: TestServer, spec: SaleSpec): Promise<string> {
  const seller = server.as(spec.seller ?? Role.SALES_AGENT);
  const { createSale } = await seller.mutate(ReportingCreateSale, { input: { customerId: spec.customerId, lines: spec.lines, promotionCode: spec.promotionCode ?? null } });
  const id = createSale.id;
  if (spec.fate === 'PAID' || spec.fate === 'REFUNDED') await seller.mutate(ReportingPaySale, { id, input: { method: spec.method ?? 'CARD' } });
  if (spec.fate === 'REFUNDED') await server.as(Role.ADMIN).mutate(ReportingRefundSale, { id, reason: 'Returned' });
  if (spec.fate === 'CANCELLED') await seller.mutate(ReportingCancelSale, { id, reason: 'Changed their mind' });
  if (spec.at) await backdate(server, id, spec.at);
  return id;
}

export async function backdate(server: TestServer, saleId: string, at: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    await client.query('update sale set created_at = $2, updated_at = $2 where id = $1', [saleId, at]);
  } finally {
    await client.end();
  }
}

export async function refreshRollups(server: TestServer, mode: 'FULL' | 'INCREMENTAL' = 'FULL') {
  return (await server.as(Role.ADMIN).mutate(RefreshRollups, { mode })).refreshReportingRollups;
}

/** `value` without the `__typename` fields Apollo Client adds, for exact comparisons. */
export function withoutTypename<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, inner) => (key === '__typename' ? undefined : inner));
}
