import { graphql } from '../__generated__';
import type { CreateCustomerInput, CreateServicePlanInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import type { TestServer } from '../support/server';

/** Operations and builders shared by the services tests; every value they create is unique per call. */

export const ServicesCreatePlan = graphql(`
  mutation ServicesCreatePlan($input: CreateServicePlanInput!) {
    createServicePlan(input: $input) {
      id
      code
      name
      description
      type
      features { name value unit }
      price { amount currency }
      billingPeriod
      status
      validFrom
      validUntil
      priceHistory { price { amount currency } validFrom validTo }
      createdAt
      updatedAt
    }
  }
`);

export const ServicesUpdatePlan = graphql(`
  mutation ServicesUpdatePlan($id: ID!, $input: UpdateServicePlanInput!) {
    updateServicePlan(id: $id, input: $input) {
      id
      code
      name
      description
      features { name value unit }
      price { amount currency }
      status
      priceHistory { price { amount currency } validFrom validTo }
      updatedAt
    }
  }
`);

export const ServicesRetirePlan = graphql(`
  mutation ServicesRetirePlan($id: ID!) {
    retireServicePlan(id: $id) { id status updatedAt }
  }
`);

export const ServicesDeletePlan = graphql(`
  mutation ServicesDeletePlan($id: ID!) {
    deleteServicePlan(id: $id)
  }
`);

export const ServicesPlanById = graphql(`
  query ServicesPlanById($id: ID!) {
    servicePlan(id: $id) {
      id
      code
      name
      description
      type
      features { name value unit }
      price { amount currency }
      billingPeriod
      status
      priceHistory { price { amount currency } validFrom validTo }
    }
  }
`);

export const ServicesCreateCustomer = graphql(`
  mutation ServicesCreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id addresses { kind line1 city region countryCode postalCode } }
  }
`);

let sequence = 0;
/** A number no other call of this test file gets. */
export function unique(): number {
  sequence += 1;
  return sequence;
}

/** An ACTIVE monthly fibre plan priced 109900 unless overridden; created by an admin. */
export async function createPlan(server: TestServer, overrides: Partial<CreateServicePlanInput> = {}) {
  const n = unique();
  const input: CreateServicePlanInput = {
    code: `PLAN-${n}`,
    name: `Plan de prueba ${n}`,
    type: 'FIBER_INTERNET',
    features: [{ name: 'Velocidad de descarga', value: '500', unit: 'Mbps' }],
    price: { amount: '109900' },
    billingPeriod: 'MONTHLY',
    ...overrides,
  };
  return (await server.as(Role.ADMIN).mutate(ServicesCreatePlan, { input })).createServicePlan;
}

/** A customer billed in Bogotá; with an INSTALLATION address in Medellín unless `addresses` says otherwise. */
export async function createCustomer(server: TestServer, overrides: Partial<CreateCustomerInput> = {}) {
  const n = unique();
  const input: CreateCustomerInput = {
    firstName: 'Camilo',
    lastName: `Suscriptor ${n}`,
    documentType: 'CC',
    documentNumber: String(2_000_000_000 + n),
    email: `subscriber${n}@test.claro`,
    phones: ['+573001000000'],
    addresses: [
      { kind: 'BILLING', line1: `Calle ${n} # 1-2`, city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO' },
      { kind: 'INSTALLATION', line1: `Carrera ${n} # 10-20`, city: 'Medellín', region: 'Antioquia', countryCode: 'CO', postalCode: '050021' },
    ],
    ...overrides,
  };
  return (await server.as(Role.SALES_AGENT).mutate(ServicesCreateCustomer, { input })).createCustomer;
}

/** Runs SQL on the server's database, outside any request. */
export async function sql<T = Record<string, unknown>>(server: TestServer, query: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.fork().getConnection().execute(query, params);
}

export async function countRows(server: TestServer, table: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }>(server, `select count(*)::int as n from "${table}"`);
  return n;
}
