import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { createBrand, createCategory, createPlan, createProduct, makeSale } from '../reporting/reporting.fixtures';
import type { TestServer } from '../support/server';

/** One customer whose every personal field is known, with an interaction, a subscription and two PAID sales. */

export const PrivacyCreateCustomer = graphql(`
  mutation PrivacyCreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id }
  }
`);

export const PrivacyRecordInteraction = graphql(`
  mutation PrivacyRecordInteraction($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { id }
  }
`);

export const PrivacyResolveInteraction = graphql(`
  mutation PrivacyResolveInteraction($id: ID!, $note: String) {
    updateInteractionStatus(id: $id, status: RESOLVED, note: $note) { id status }
  }
`);

export const PrivacySubscribe = graphql(`
  mutation PrivacySubscribe($input: SubscribeCustomerInput!) {
    subscribeCustomer(input: $input) { id }
  }
`);

let sequence = 0;

export const PERSON = {
  firstName: 'Ana María',
  lastName: 'García',
  email: 'ana.garcia@gmail.com',
  phone: '+573001234567',
  birthDate: '1990-05-17',
  street: 'Calle 10 # 5-20 Apto 301',
  installationStreet: 'Carrera 7 # 80-12',
  postalCode: '110111',
  description: 'Ana dice que su vecino Pedro le cobró el router',
  note: 'Se llamó a Ana al 3001234567',
};

export interface Person {
  customerId: string;
  documentNumber: string;
  email: string;
  interactionId: string;
  productId: string;
  planId: string;
  saleIds: string[];
}

/** A customer of Bogotá with everything personal filled in, and what refers to it. */
export async function createPerson(server: TestServer): Promise<Person> {
  sequence++;
  const agent = server.as(Role.SALES_AGENT);
  const documentNumber = String(1_020_304_000 + sequence * 10 + 7).padStart(10, '0');
  const email = sequence === 1 ? PERSON.email : `ana.garcia${sequence}@gmail.com`;
  const { createCustomer } = await agent.mutate(PrivacyCreateCustomer, {
    input: {
      firstName: PERSON.firstName,
      lastName: PERSON.lastName,
      documentType: 'CC',
      documentNumber,
      email,
      phones: [PERSON.phone],
      birthDate: PERSON.birthDate,
      addresses: [
        { kind: 'BILLING', line1: PERSON.street, city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: PERSON.postalCode },
        { kind: 'INSTALLATION', line1: PERSON.installationStreet, city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: PERSON.postalCode },
      ],
    },
  });
  const customerId = createCustomer.id;
  const { recordInteraction } = await agent.mutate(PrivacyRecordInteraction, {
    input: { customerId, type: 'COMPLAINT', channel: 'PHONE', subject: 'Cobro del router', description: PERSON.description },
  });
  await agent.mutate(PrivacyResolveInteraction, { id: recordInteraction.id, note: PERSON.note });
  const brandId = await createBrand(server, `Marca privada ${sequence}`);
  const categoryId = await createCategory(server, `Categoría privada ${sequence}`);
  const productId = await createProduct(server, { name: `Router privado ${sequence}`, brandId, categoryId, price: '150000.00' });
  const planId = await createPlan(server, { name: `Fibra privada ${sequence}`, type: 'FIBER_INTERNET', price: '99900.00' });
  await agent.mutate(PrivacySubscribe, { input: { customerId, servicePlanId: planId } });
  const saleIds = [
    await makeSale(server, { customerId, lines: [{ productId, quantity: 2 }], fate: 'PAID' }),
    await makeSale(server, { customerId, lines: [{ productId, quantity: 1 }, { servicePlanId: planId, quantity: 1 }], fate: 'PAID' }),
  ];
  return { customerId, documentNumber, email, interactionId: recordInteraction.id, productId, planId, saleIds };
}
