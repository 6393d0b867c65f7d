import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { postGraphql } from '../support/http';
import { startTestServer, type TestServer } from '../support/server';
import { createPerson, PERSON, type Person } from './privacy.fixtures';

/**
 * What each role reads of a customer, whatever the path: the customer itself, a sale's customer,
 * an interaction's, the reports' buyers and top customers, the insights. Through the real client.
 */

const CustomerAllFields = graphql(`
  fragment CustomerAllFields on Customer {
    id
    firstName
    lastName
    email
    phones
    documentType
    documentNumber
    birthDate
    birthYear
    addresses { kind line1 city region countryCode postalCode }
    category
    city
    region
  }
`);

const PrivacyCustomer = graphql(`
  query PrivacyCustomer($id: ID!) {
    customer(id: $id) { ...CustomerAllFields }
  }
`);

const PrivacyNested = graphql(`
  query PrivacyNested($id: ID!, $productId: ID!) {
    sales(filter: { customerId: $id }) { edges { node { total { amount } customer { ...CustomerAllFields } seller { id name role } } } }
    interactions(filter: { customerId: $id }) { edges { node { subject description resolutionNote customer { firstName lastName email } } } }
    buyersOfProduct(productId: $productId) { edges { node { quantity revenue { amount } customer { id firstName lastName email phones documentNumber } } } }
    topCustomers(limit: 5) { revenue { amount } customer { id firstName lastName email documentNumber } }
    customerInsights(customerId: $id) { totalSpent { amount } customer { firstName email phones addresses { line1 postalCode city } } }
    customer(id: $id) { subscriptions { installationAddress { line1 postalCode city region } } interactions { edges { node { description resolutionNote } } } }
  }
`);

const PrivacySearch = graphql(`
  query PrivacySearch($filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: 5, filter: $filter, orderBy: $orderBy) { edges { node { id firstName } } }
  }
`);

const PrivacySellerEmail = graphql(`
  query PrivacySellerEmail($id: ID!) {
    sale(id: $id) { id seller { id name role email } }
  }
`);

const PrivacySellerActive = graphql(`
  query PrivacySellerActive($id: ID!) {
    sale(id: $id) { id customer { interactions { edges { node { recordedBy { active } } } } } }
  }
`);

const PrivacySeller = graphql(`
  query PrivacySeller($id: ID!) {
    sale(id: $id) { id seller { id name role } }
  }
`);

const PrivacyMe = graphql(`
  query PrivacyMe {
    me { id name role email active createdAt }
  }
`);

let server: TestServer;
let person: Person;

beforeAll(async () => {
  server = await startTestServer();
  person = await createPerson(server);
});
afterAll(() => server.stop());

const FULL_CUSTOMER = () => ({
  firstName: PERSON.firstName,
  lastName: PERSON.lastName,
  email: person.email,
  phones: [PERSON.phone],
  documentType: 'CC',
  documentNumber: person.documentNumber,
  birthDate: PERSON.birthDate,
  birthYear: 1990,
  city: 'Bogotá',
  region: 'Bogotá D.C.',
});

const MASKED_CUSTOMER = () => ({
  firstName: 'A.',
  lastName: 'G.',
  email: 'a***@gmail.com',
  phones: ['***4567'],
  documentType: 'CC',
  documentNumber: `***${person.documentNumber.slice(-4)}`,
  birthDate: null,
  birthYear: 1990,
  city: 'Bogotá',
  region: 'Bogotá D.C.',
});

describe('a customer, read directly', () => {
  it('is whole for admins and sales agents', async () => {
    for (const role of [Role.ADMIN, Role.SALES_AGENT]) {
      const { customer } = await server.as(role).query(PrivacyCustomer, { id: person.customerId });
      expect(customer).toMatchObject(FULL_CUSTOMER());
      expect(customer!.addresses[0]).toMatchObject({ line1: PERSON.street, postalCode: PERSON.postalCode, city: 'Bogotá' });
    }
  });

  it('is masked for analysts: initials, masked email, phones and document, birth year only, no street or postal code; place and category stay', async () => {
    const { customer } = await server.as(Role.ANALYST).query(PrivacyCustomer, { id: person.customerId });
    expect(customer).toMatchObject(MASKED_CUSTOMER());
    expect(customer!.category).toBe('NEW');
    expect(customer!.addresses.map((a) => ({ ...a, __typename: undefined }))).toEqual([
      { kind: 'BILLING', line1: '***', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: null, __typename: undefined },
      { kind: 'INSTALLATION', line1: '***', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: null, __typename: undefined },
    ]);
  });

  it('is refused to partners beyond its id, category, city and region', async () => {
    expect(await server.as(Role.PARTNER).error(PrivacyCustomer, { id: person.customerId })).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a customer reached through sales, interactions, subscriptions and reports', () => {
  it('is masked the same way on every path for analysts, amounts untouched', async () => {
    const data = await server.as(Role.ANALYST).query(PrivacyNested, { id: person.customerId, productId: person.productId });
    for (const { node } of data.sales.edges) expect(node.customer).toMatchObject(MASKED_CUSTOMER());
    expect(data.sales.edges.map(({ node }) => node.total.amount).sort()).toEqual(['357000.00', '297381.00'].sort());
    expect(data.interactions.edges[0].node).toMatchObject({
      subject: 'Cobro del router',
      description: '***',
      resolutionNote: null,
      customer: { firstName: 'A.', lastName: 'G.', email: 'a***@gmail.com' },
    });
    const buyer = data.buyersOfProduct.edges.find(({ node }) => node.customer.id === person.customerId)!.node;
    expect(buyer).toMatchObject({ quantity: 3, revenue: { amount: '450000.00' }, customer: { firstName: 'A.', lastName: 'G.', email: 'a***@gmail.com', phones: ['***4567'] } });
    expect(buyer.customer.documentNumber).toBe(`***${person.documentNumber.slice(-4)}`);
    const top = data.topCustomers.find((row) => row.customer.id === person.customerId)!;
    expect(top).toMatchObject({ revenue: { amount: '549900.00' }, customer: { firstName: 'A.', lastName: 'G.', email: 'a***@gmail.com' } });
    expect(data.customerInsights).toMatchObject({ totalSpent: { amount: '549900.00' }, customer: { firstName: 'A.', email: 'a***@gmail.com', phones: ['***4567'] } });
    expect(data.customerInsights.customer.addresses[0]).toMatchObject({ line1: '***', postalCode: null, city: 'Bogotá' });
    expect(data.customer!.subscriptions[0].installationAddress).toMatchObject({ line1: '***', postalCode: null, city: 'Bogotá', region: 'Bogotá D.C.' });
    expect(data.customer!.interactions.edges[0].node).toMatchObject({ description: '***', resolutionNote: null });
  });

  it('is whole on the same paths for admins', async () => {
    const data = await server.as(Role.ADMIN).query(PrivacyNested, { id: person.customerId, productId: person.productId });
    for (const { node } of data.sales.edges) expect(node.customer).toMatchObject(FULL_CUSTOMER());
    expect(data.interactions.edges[0].node).toMatchObject({ description: PERSON.description, resolutionNote: PERSON.note, customer: { email: person.email } });
    expect(data.buyersOfProduct.edges.find(({ node }) => node.customer.id === person.customerId)!.node.customer.firstName).toBe(PERSON.firstName);
    expect(data.customer!.subscriptions[0].installationAddress).toMatchObject({ line1: PERSON.installationStreet, postalCode: PERSON.postalCode });
  });
});

describe('searches, filters and orderings on personal data', () => {
  it('refuses them (FORBIDDEN) to analysts, who read names and emails masked, and nothing runs', async () => {
    const analyst = server.as(Role.ANALYST);
    for (const variables of [{ filter: { search: 'garcia' } }, { filter: { search: 'ana.garcia@gmail.com' } }, { orderBy: { field: 'LAST_NAME' as const, direction: 'ASC' as const } }]) {
      const error = await analyst.error(PrivacySearch, variables);
      expect(error).toMatchObject({ code: 'FORBIDDEN', extensions: { detail: 'PERSONAL_DATA' } });
      expect(error.data).toBeNull();
    }
  });

  it('keeps the others open to analysts: place, category, the default ordering', async () => {
    const { customers } = await server.as(Role.ANALYST).query(PrivacySearch, { filter: { city: 'bogotá', category: 'NEW' }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } });
    expect(customers.edges.map(({ node }) => node)).toContainEqual({ __typename: 'Customer', id: person.customerId, firstName: 'A.' });
  });

  it('lets sales agents search by name, email and document number', async () => {
    for (const search of ['garcia', person.email, person.documentNumber]) {
      const { customers } = await server.as(Role.SALES_AGENT).query(PrivacySearch, { filter: { search } });
      expect(customers.edges.map(({ node }) => node.id)).toContain(person.customerId);
    }
  });
});

describe('staff accounts', () => {
  it('show their email, state and creation to admins and, under `me`, to their owner', async () => {
    const { sale } = await server.as(Role.ADMIN).query(PrivacySellerEmail, { id: person.saleIds[0] });
    expect(sale!.seller).toMatchObject({ id: server.staff.SALES_AGENT.id, email: server.staff.SALES_AGENT.email });
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) {
      const { me } = await server.as(role).query(PrivacyMe);
      expect(me).toMatchObject({ id: server.staff[role].id, email: server.staff[role].email, active: true });
    }
  });

  it('show others only their name and role: email or state elsewhere is refused up front (HTTP 403, nothing runs)', async () => {
    for (const role of [Role.SALES_AGENT, Role.ANALYST]) {
      const { sale } = await server.as(role).query(PrivacySeller, { id: person.saleIds[0] });
      expect(sale!.seller).toEqual({ __typename: 'Staff', id: server.staff.SALES_AGENT.id, name: 'Test SALES_AGENT', role: 'SALES_AGENT' });
      expect(await server.as(role).error(PrivacySellerEmail, { id: person.saleIds[0] })).toMatchObject({ code: 'FORBIDDEN', extensions: { field: 'Staff.email' } });
    }
    expect(await server.as(Role.ANALYST).error(PrivacySellerActive, { id: person.saleIds[0] })).toMatchObject({ code: 'FORBIDDEN', extensions: { field: 'Staff.active' } });
    server.takeSqlCount();
    const response = await postGraphql(server.url, { query: 'query { sales(first: 1) { edges { node { seller { email } } } } }' }, { authorization: `Bearer ${server.tokenOf(Role.ANALYST)}` });
    expect(response.status).toBe(403);
    expect(response.body?.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', detail: 'PERSONAL_DATA' });
    expect(server.takeSqlCount()).toBe(1); // the token's staff check only
  });
});
