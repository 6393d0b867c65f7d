import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { nitCheckDigit } from '../../src/modules/users/document-number';
import { sql } from '../catalog/catalog.fixtures';
import { refreshRollups, withoutTypename } from '../reporting/reporting.fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { createPerson, PERSON, type Person } from './privacy.fixtures';

/** The data subject's rights: the export of everything held, and the anonymization after which every report still adds up. */

const Export = graphql(`
  query PrivacyExport($id: ID!) {
    customerDataExport(id: $id)
  }
`);

const Anonymize = graphql(`
  mutation PrivacyAnonymize($id: ID!, $reason: String!) {
    anonymizeCustomer(id: $id, reason: $reason) { id firstName lastName email phones documentNumber birthDate anonymizedAt city region category addresses { line1 postalCode city region } }
  }
`);

const UpdateName = graphql(`
  mutation PrivacyUpdateName($id: ID!) {
    updateCustomer(id: $id, input: { firstName: "Vuelve" }) { id }
  }
`);

const Reports = graphql(`
  query PrivacyReports($productId: ID!, $customerId: ID!) {
    topCustomers(limit: 50) { customer { id } revenue { amount } salesCount units }
    buyersOfProduct(productId: $productId) { totalCount edges { node { customer { id } quantity revenue { amount } } } }
    byPlace: salesReport(groupBy: [REGION, CITY]) { keys { value } revenue salesCount distinctCustomers units }
    byCategory: salesReport(groupBy: [CUSTOMER_CATEGORY, MONTH]) { keys { value } revenue salesCount }
    popularProducts(limit: 50) { product { id } units revenue { amount } distinctCustomers }
    customerInsights(customerId: $customerId) { salesCount totalSpent { amount } activeSubscriptions interactionsByType { key count } }
  }
`);

const CreateCompany = graphql(`
  mutation PrivacyCreateCompany($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id legalName displayName }
  }
`);

const AnonymizeCompany = graphql(`
  mutation PrivacyAnonymizeCompany($id: ID!, $reason: String!) {
    anonymizeCustomer(id: $id, reason: $reason) { id kind legalName displayName firstName lastName }
  }
`);

const AuditOf = graphql(`
  query PrivacyAuditOf($id: ID!) {
    auditLog(filter: { entityType: "Customer", entityId: $id }) { edges { node { operation staffId input } } }
  }
`);

let server: TestServer;
let person: Person;
let other: Person;

beforeAll(async () => {
  server = await startTestServer();
  person = await createPerson(server);
  other = await createPerson(server);
});
afterAll(() => server.stop());

describe('customerDataExport', () => {
  it('gives admins everything held about the customer as one JSON document, and records it', async () => {
    const { customerDataExport } = await server.as(Role.ADMIN).query(Export, { id: person.customerId });
    const document = customerDataExport as Record<string, any>;
    expect(document.customer).toMatchObject({
      id: person.customerId,
      firstName: PERSON.firstName,
      lastName: PERSON.lastName,
      email: person.email,
      phones: [PERSON.phone],
      documentNumber: person.documentNumber,
      birthDate: PERSON.birthDate,
      billingCity: 'Bogotá',
    });
    expect(document.customer.addresses[0]).toMatchObject({ line1: PERSON.street, postalCode: PERSON.postalCode });
    expect(document.categoryHistory).toEqual([expect.objectContaining({ toCategory: 'NEW', reason: 'New customer' })]);
    expect(document.interactions).toEqual([expect.objectContaining({ id: person.interactionId, description: PERSON.description, resolutionNote: PERSON.note })]);
    expect(document.subscriptions).toHaveLength(2); // subscribed by hand, and opened by the paid sale of the plan
    expect(document.subscriptions[0].installationAddress).toMatchObject({ line1: PERSON.installationStreet });
    expect(document.purchases.map((sale: any) => sale.id)).toEqual(person.saleIds);
    expect(document.purchases[0]).toMatchObject({ status: 'PAID', total: '357000.00', lines: [expect.objectContaining({ quantity: 2 })] });
    expect(document.purchases[0].statusHistory.map((change: any) => change.toStatus)).toEqual(['PENDING', 'PAID']);
    // Nothing of anyone else.
    expect(JSON.stringify(document)).not.toContain(other.documentNumber);

    const { auditLog } = await server.as(Role.ADMIN).query(AuditOf, { id: person.customerId });
    expect(auditLog.edges[0].node).toMatchObject({ operation: 'customerDataExport', staffId: server.staff.ADMIN.id, input: { id: person.customerId } });
  });

  it('is for admins only, and null for an unknown customer', async () => {
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) expect((await server.as(role).error(Export, { id: person.customerId })).code).toBe('FORBIDDEN');
    expect((await server.as(Role.ADMIN).query(Export, { id: '987654321' })).customerDataExport).toBeNull();
  });
});

describe('anonymizeCustomer', () => {
  it('erases the personal data for good while every report adds up as before, and records who, why', async () => {
    await refreshRollups(server);
    const admin = server.as(Role.ADMIN);
    const before = withoutTypename(await admin.query(Reports, { productId: person.productId, customerId: person.customerId }));

    const { anonymizeCustomer } = await admin.mutate(Anonymize, { id: person.customerId, reason: 'Solicitud de supresión radicado 2026-1234' });
    expect(anonymizeCustomer).toMatchObject({
      id: person.customerId,
      firstName: 'Anonymized',
      lastName: 'Customer',
      email: `anonymized-${person.customerId}@anonymized.invalid`,
      phones: [],
      documentNumber: `ANON-${person.customerId}`,
      birthDate: null,
      anonymizedAt: expect.any(String),
      city: 'Bogotá',
      region: 'Bogotá D.C.',
      category: 'NEW',
    });
    expect(anonymizeCustomer.addresses.map((a) => [a.line1, a.postalCode, a.city, a.region])).toEqual([
      ['', null, 'Bogotá', 'Bogotá D.C.'],
      ['', null, 'Bogotá', 'Bogotá D.C.'],
    ]);

    // Not a byte of it left in the customer's rows, the interactions or the subscriptions.
    const rows = JSON.stringify([
      await sql(server, 'select * from customer where id = ?', [person.customerId]),
      await sql(server, 'select * from interaction where customer_id = ?', [person.customerId]),
      await sql(server, 'select * from service_subscription where customer_id = ?', [person.customerId]),
      await sql(server, 'select input from audit_entry'),
    ]);
    for (const value of [PERSON.firstName, PERSON.lastName, person.email, PERSON.phone, person.documentNumber, PERSON.birthDate, PERSON.street, PERSON.installationStreet, PERSON.postalCode, PERSON.description, PERSON.note]) {
      expect(rows).not.toContain(value);
    }
    // The other customer keeps everything.
    const [kept] = await sql<{ first_name: string }>(server, 'select first_name from customer where id = ?', [other.customerId]);
    expect(kept.first_name).toBe(PERSON.firstName);

    const after = withoutTypename(await admin.query(Reports, { productId: person.productId, customerId: person.customerId }));
    expect(after).toEqual(before);
    await refreshRollups(server);
    expect(withoutTypename(await admin.query(Reports, { productId: person.productId, customerId: person.customerId }))).toEqual(before);
    expect(before.topCustomers.find((row) => row.customer.id === person.customerId)).toMatchObject({ revenue: { amount: '549900.00' }, salesCount: 2 });

    const { auditLog } = await admin.query(AuditOf, { id: person.customerId });
    expect(auditLog.edges.find(({ node }) => node.operation === 'anonymizeCustomer')!.node).toMatchObject({
      staffId: server.staff.ADMIN.id,
      input: { id: person.customerId, reason: 'Solicitud de supresión radicado 2026-1234' },
    });
  });

  it('replaces a company’s legal name too, keeping it a company', async () => {
    const base = '901234567';
    const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(CreateCompany, {
      input: {
        firstName: 'Jorge',
        lastName: 'Mejía',
        legalName: 'Comercializadora Suprimible S.A.S.',
        documentType: 'NIT',
        documentNumber: `${base}-${nitCheckDigit(base)}`,
        email: 'compras@suprimible.co',
        phones: ['+573001234567'],
        addresses: [{ kind: 'BILLING', line1: 'Carrera 43A # 1-50', city: 'Medellín', region: 'Antioquia', countryCode: 'CO' }],
      },
    });
    expect(createCustomer.displayName).toBe('Comercializadora Suprimible S.A.S.');
    const { anonymizeCustomer } = await server.as(Role.ADMIN).mutate(AnonymizeCompany, { id: createCustomer.id, reason: 'Solicitud de supresión' });
    expect(anonymizeCustomer).toMatchObject({ kind: 'COMPANY', legalName: 'Anonymized Customer', displayName: 'Anonymized Customer', firstName: 'Anonymized', lastName: 'Customer' });
    const [row] = await sql<{ text: string }>(server, 'select row_to_json(c)::text as text from customer c where id = ?', [createCustomer.id]);
    expect(row.text).not.toMatch(/Suprimible|Jorge|Mejía/);
  });

  it('cannot be undone or repeated, and is for admins only', async () => {
    expect(await server.as(Role.ADMIN).error(Anonymize, { id: person.customerId, reason: 'otra vez' })).toMatchObject({ code: 'CONFLICT', extensions: { detail: 'CUSTOMER_ANONYMIZED' } });
    expect(await server.as(Role.SALES_AGENT).error(UpdateName, { id: person.customerId })).toMatchObject({ code: 'CONFLICT', extensions: { detail: 'CUSTOMER_ANONYMIZED' } });
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) expect((await server.as(role).error(Anonymize, { id: other.customerId, reason: 'x' })).code).toBe('FORBIDDEN');
    expect(await server.as(Role.ADMIN).error(Anonymize, { id: '987654321', reason: 'x' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await server.as(Role.ADMIN).error(Anonymize, { id: other.customerId, reason: '  ' })).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
