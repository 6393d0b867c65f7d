import { graphql } from '../__generated__';
import type { CreateCustomerInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { nitCheckDigit } from '../../src/modules/users/document-number';
import { startTestServer, type TestServer } from '../support/server';

/** A company (NIT) is named by its legal name, with a contact person; a person has no legal name. */

const CreateKindCustomer = graphql(`
  mutation CreateKindCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id kind legalName displayName firstName lastName }
  }
`);

const UpdateKindCustomer = graphql(`
  mutation UpdateKindCustomer($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) { id legalName displayName }
  }
`);

const SearchKindCustomers = graphql(`
  query SearchKindCustomers($search: String!) {
    customers(first: 10, filter: { search: $search }) { edges { node { id displayName } } }
  }
`);

const PartnerReadsDisplayName = graphql(`
  query PartnerReadsDisplayName($id: ID!) {
    customer(id: $id) { id displayName }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

let sequence = 0;
function input(overrides: Partial<CreateCustomerInput>): CreateCustomerInput {
  sequence++;
  return {
    firstName: 'Marta Lucía',
    lastName: 'Cárdenas Ruiz',
    documentType: 'CC',
    documentNumber: String(71_000_000 + sequence),
    email: `kind${sequence}@example.co`,
    phones: ['+573001234567'],
    addresses: [{ kind: 'BILLING', line1: 'Carrera 43A # 1-50', city: 'Medellín', region: 'Antioquia', countryCode: 'CO' }],
    ...overrides,
  };
}

function nit(base: string): string {
  return `${base}-${nitCheckDigit(base)}`;
}

it('registers a company with its legal name and contact person, and names it by the legal name', async () => {
  const agent = server.as(Role.SALES_AGENT);
  const { createCustomer } = await agent.mutate(CreateKindCustomer, {
    input: input({ documentType: 'NIT', documentNumber: nit('900555123'), legalName: '  Comercializadora El Poblado S.A.S. ', firstName: 'Jorge', lastName: 'Mejía' }),
  });
  expect(createCustomer).toMatchObject({ kind: 'COMPANY', legalName: 'Comercializadora El Poblado S.A.S.', displayName: 'Comercializadora El Poblado S.A.S.', firstName: 'Jorge', lastName: 'Mejía' });

  // The search finds it by its legal name, without accents or letter case.
  const { customers } = await agent.query(SearchKindCustomers, { search: 'comercializadora el poblado' });
  expect(customers.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ id: createCustomer.id, displayName: 'Comercializadora El Poblado S.A.S.' })]);

  const renamed = await agent.mutate(UpdateKindCustomer, { id: createCustomer.id, input: { legalName: 'Comercializadora El Poblado S.A.' } });
  expect(renamed.updateCustomer).toMatchObject({ legalName: 'Comercializadora El Poblado S.A.', displayName: 'Comercializadora El Poblado S.A.' });
});

it('names a person by first and last name, with no legal name', async () => {
  const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(CreateKindCustomer, { input: input({}) });
  expect(createCustomer).toMatchObject({ kind: 'PERSON', legalName: null, displayName: 'Marta Lucía Cárdenas Ruiz' });
});

it('refuses a company without a legal name and a person with one', async () => {
  const agent = server.as(Role.SALES_AGENT);
  const company = await agent.error(CreateKindCustomer, { input: input({ documentType: 'NIT', documentNumber: nit('900555124') }) });
  expect(company).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'LEGAL_NAME_REQUIRED', fields: [{ field: 'input.legalName' }] } });
  const person = await agent.error(CreateKindCustomer, { input: input({ legalName: 'Marta S.A.S.' }) });
  expect(person).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'LEGAL_NAME_NOT_ALLOWED', fields: [{ field: 'input.legalName' }] } });

  const { createCustomer } = await agent.mutate(CreateKindCustomer, { input: input({}) });
  const update = await agent.error(UpdateKindCustomer, { id: createCustomer.id, input: { legalName: 'Marta S.A.S.' } });
  expect(update).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { detail: 'LEGAL_NAME_NOT_ALLOWED' } });
});

it('keeps the display name from partners, like the other personal fields', async () => {
  const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(CreateKindCustomer, { input: input({}) });
  const refused = await server.as(Role.PARTNER).error(PartnerReadsDisplayName, { id: createCustomer.id });
  expect(refused.code).toBe('FORBIDDEN');
});
