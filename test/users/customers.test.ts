import { graphql } from '../__generated__';
import type { CreateCustomerInput, CustomerFilter, CustomerPageQuery } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';

const CreateCustomer = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      id
      firstName
      lastName
      documentType
      documentNumber
      email
      phones
      birthDate
      addresses { kind line1 city region countryCode postalCode }
      category
      categoryIsManual
      categoryHistory { from to reason changedBy { id } }
      createdAt
      updatedAt
    }
  }
`);

const CustomerById = graphql(`
  query CustomerById($id: ID!) {
    customer(id: $id) {
      id
      firstName
      lastName
      documentNumber
      email
      phones
      birthDate
      addresses { kind city region }
      category
      categoryIsManual
      categoryHistory { from to reason changedAt changedBy { id name } }
      updatedAt
    }
  }
`);

const UpdateCustomer = graphql(`
  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) {
    updateCustomer(id: $id, input: $input) {
      id
      firstName
      lastName
      documentType
      documentNumber
      email
      phones
      birthDate
      addresses { kind line1 city region countryCode postalCode }
      updatedAt
    }
  }
`);

const DeleteCustomer = graphql(`
  mutation DeleteCustomer($id: ID!) {
    deleteCustomer(id: $id)
  }
`);

const CustomerPage = graphql(`
  query CustomerPage($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id firstName lastName email category } }
    }
  }
`);

const SetCustomerCategory = graphql(`
  mutation SetCustomerCategory($id: ID!, $category: CustomerCategory, $reason: String) {
    setCustomerCategory(id: $id, category: $category, reason: $reason) {
      id
      category
      categoryIsManual
      categoryHistory { from to reason changedBy { id } }
    }
  }
`);

const RecomputeCustomerCategories = graphql(`
  mutation RecomputeCustomerCategories {
    recomputeCustomerCategories
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** A valid input with values no other call uses (the database is this file's own). */
let sequence = 0;
function customerInput(overrides: Partial<CreateCustomerInput> = {}): CreateCustomerInput {
  sequence += 1;
  return {
    firstName: 'Ana',
    lastName: `Prueba ${sequence}`,
    documentType: 'CC',
    documentNumber: String(1_000_000_000 + sequence),
    email: `customer${sequence}@test.claro`,
    phones: ['+573001000000'],
    addresses: [{ kind: 'BILLING', line1: `Calle ${sequence} # 1-2`, city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO' }],
    ...overrides,
  };
}

async function createCustomer(overrides: Partial<CreateCustomerInput> = {}) {
  const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(CreateCustomer, { input: customerInput(overrides) });
  return createCustomer;
}

/** Creates `count` customers billed in `city` (a city no other test uses, so filters can isolate them). */
async function createCustomersIn(city: string, count: number, overrides: (i: number) => Partial<CreateCustomerInput> = () => ({})) {
  const created = [];
  for (let i = 0; i < count; i++) {
    created.push(await createCustomer({ addresses: [{ kind: 'BILLING', line1: `Carrera ${i}`, city, region: 'Región de Prueba', countryCode: 'CO' }], ...overrides(i) }));
  }
  return created;
}

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.fork().getConnection().execute(query, params);
}

async function historyRows(customerId?: string): Promise<number> {
  const [{ n }] = customerId
    ? await sql<{ n: number }>('select count(*)::int as n from customer_category_change where customer_id = ?', [customerId])
    : await sql<{ n: number }>('select count(*)::int as n from customer_category_change');
  return n;
}

async function totalCustomers(): Promise<number> {
  return (await server.as(Role.ADMIN).query(CustomerPage, { first: 0 })).customers.totalCount;
}

/** Moves a customer's start `days` into the past (milliseconds kept whole, as the application writes them). */
async function backdate(customerId: string, days: number): Promise<void> {
  await sql(`update customer set created_at = date_trunc('milliseconds', now()) - make_interval(days => ?) where id = ?`, [days, customerId]);
}

describe('createCustomer', () => {
  it('stores every field, normalised, and starts the customer as NEW with one history entry by the system', async () => {
    const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(CreateCustomer, {
      input: {
        firstName: '  María José ',
        lastName: ' Gutiérrez Peña ',
        documentType: 'CC',
        documentNumber: '1.020. 304.050',
        email: 'Maria.Gutierrez@Example.COM',
        phones: ['+573001234567', '+576014567890', '+573001234567'],
        birthDate: '1990-05-17',
        addresses: [
          { kind: 'INSTALLATION', line1: ' Calle 10 # 43-12 ', city: ' Medellín ', region: 'Antioquia', countryCode: 'CO', postalCode: '050021' },
          { kind: 'BILLING', line1: 'Carrera 7 # 71-21', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO' },
        ],
      },
    });
    expect(createCustomer).toMatchObject({
      firstName: 'María José',
      lastName: 'Gutiérrez Peña',
      documentType: 'CC',
      documentNumber: '1020304050',
      email: 'maria.gutierrez@example.com',
      phones: ['+573001234567', '+576014567890'],
      birthDate: '1990-05-17',
      addresses: [
        { kind: 'INSTALLATION', line1: 'Calle 10 # 43-12', city: 'Medellín', region: 'Antioquia', countryCode: 'CO', postalCode: '050021' },
        { kind: 'BILLING', line1: 'Carrera 7 # 71-21', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: null },
      ],
      category: 'NEW',
      categoryIsManual: false,
      categoryHistory: [{ from: null, to: 'NEW', reason: expect.any(String), changedBy: null }],
    });
    expect(createCustomer.id).toMatch(/^\d+$/);
    expect(Math.abs(new Date(createCustomer.createdAt).getTime() - Date.now())).toBeLessThan(60_000);

    // What was stored is what a later read returns.
    const { customer } = await server.as(Role.SALES_AGENT).query(CustomerById, { id: createCustomer.id });
    expect(customer).toMatchObject({ id: createCustomer.id, email: 'maria.gutierrez@example.com', documentNumber: '1020304050', phones: ['+573001234567', '+576014567890'] });
    // The BILLING address places the customer, even when it is not the first one.
    const inBogota = await server.as(Role.SALES_AGENT).query(CustomerPage, { filter: { search: 'gutiérrez peña', city: 'Bogotá' } });
    expect(inBogota.customers.edges.map((e) => e.node.id)).toEqual([createCustomer.id]);
    const inMedellin = await server.as(Role.SALES_AGENT).query(CustomerPage, { filter: { search: 'gutiérrez peña', city: 'Medellín' } });
    expect(inMedellin.customers.totalCount).toBe(0);
  });

  it('normalises each document type: a NIT gets its check digit verified and a hyphen, a CE or passport is upper-cased', async () => {
    expect((await createCustomer({ documentType: 'NIT', documentNumber: '900.123.4568', legalName: 'Distribuciones Andinas S.A.S.' })).documentNumber).toBe('900123456-8');
    expect((await createCustomer({ documentType: 'CE', documentNumber: 'ce 12345' })).documentNumber).toBe('CE12345');
    expect((await createCustomer({ documentType: 'PASSPORT', documentNumber: 'ab.123.456' })).documentNumber).toBe('AB123456');
  });

  it('refuses a CC or NIT that does not fit its type with BAD_USER_INPUT naming input.documentNumber', async () => {
    const agent = server.as(Role.SALES_AGENT);
    for (const [documentType, documentNumber] of [
      ['NIT', '900123456-7'], // wrong check digit (it is 8)
      ['NIT', '90012345-8'], // 8 digits before the check digit
      ['CC', '12345'], // too short
      ['CC', '10203040A'], // a letter
    ] as const) {
      const error = await agent.error(CreateCustomer, { input: customerInput({ documentType, documentNumber }) });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.detail).toBe('INVALID_DOCUMENT_NUMBER');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.documentNumber' })]);
    }
  });

  it('stores phones in E.164 form, each once, and refuses a number without its country code, naming it', async () => {
    const agent = server.as(Role.SALES_AGENT);
    // The PhoneNumber scalar lets spaces, dashes and parentheses through: they are not stored.
    const spaced = await createCustomer({ phones: ['+57 300 123 4567', '+57 (601) 456-7890', '+573001234567'] });
    expect(spaced.phones).toEqual(['+573001234567', '+576014567890']);

    for (const phones of [['+573001234567', '3001234567'], ['+573001234567', '573001234567'], ['+573001234567', '+57']]) {
      const error = await agent.error(CreateCustomer, { input: customerInput({ phones }) });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.phones[1]' })]);
    }
    const update = await agent.error(UpdateCustomer, { id: spaced.id, input: { phones: ['3001234567'] } });
    expect(update.code).toBe('BAD_USER_INPUT');
    expect(update.extensions.fields).toEqual([expect.objectContaining({ field: 'input.phones[0]' })]);
    expect((await server.as(Role.SALES_AGENT).query(CustomerById, { id: spaced.id })).customer?.phones).toEqual(['+573001234567', '+576014567890']);
  });

  it('refuses a malformed email or phone at the scalar, naming the field', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const email = await agent.error(CreateCustomer, { input: customerInput({ email: 'not-an-email' }) });
    expect(email.code).toBe('BAD_USER_INPUT');
    expect(email.extensions.fields).toEqual([expect.objectContaining({ field: 'input.email' })]);

    const phone = await agent.error(CreateCustomer, { input: customerInput({ phones: ['+573001234567', 'call me'] }) });
    expect(phone.code).toBe('BAD_USER_INPUT');
    expect(phone.extensions.fields).toEqual([expect.objectContaining({ field: 'input.phones[1]' })]);
  });

  it('refuses an input missing a required field, and a missing input altogether', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const { email: _left, ...withoutEmail } = customerInput();
    const missingField = await agent.error(CreateCustomer, { input: withoutEmail as CreateCustomerInput });
    expect(missingField.code).toBe('BAD_USER_INPUT');
    expect(missingField.message).toContain('Field "email" of required type "EmailAddress!" was not provided');
    // graphql-js reports a missing field at the object holding it, so the server names `input` (see report).
    expect(missingField.extensions.fields).toEqual([expect.objectContaining({ field: expect.stringMatching(/^input(\.email)?$/) })]);

    const missingVariable = await agent.error(CreateCustomer, {} as { input: CreateCustomerInput });
    expect(missingVariable.code).toBe('BAD_USER_INPUT');
    expect(missingVariable.extensions.fields).toEqual([expect.objectContaining({ field: 'input' })]);
  });

  it('refuses empty address and phone lists, naming the field', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const noAddress = await agent.error(CreateCustomer, { input: customerInput({ addresses: [] }) });
    expect(noAddress.code).toBe('BAD_USER_INPUT');
    expect(noAddress.extensions.fields).toEqual([expect.objectContaining({ field: 'input.addresses' })]);
    const noPhone = await agent.error(CreateCustomer, { input: customerInput({ phones: [] }) });
    expect(noPhone.code).toBe('BAD_USER_INPUT');
    expect(noPhone.extensions.fields).toEqual([expect.objectContaining({ field: 'input.phones' })]);
    const blankCity = await agent.error(CreateCustomer, {
      input: customerInput({ addresses: [{ kind: 'BILLING', line1: 'Calle 1', city: '   ', region: 'Cundinamarca', countryCode: 'CO' }] }),
    });
    expect(blankCity.code).toBe('BAD_USER_INPUT');
    expect(blankCity.extensions.fields).toEqual([expect.objectContaining({ field: 'input.addresses[0].city' })]);
  });

  it('answers CONFLICT with a stable detail for a duplicate document (same type and number) or email, and writes nothing', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const original = await createCustomer({ documentType: 'CC', documentNumber: '52123456', email: 'duplicada@test.claro' });
    const customersBefore = await totalCustomers();
    const historyBefore = await historyRows();

    // The same number written differently is the same document.
    const document = await agent.error(CreateCustomer, { input: customerInput({ documentType: 'CC', documentNumber: '52.123.456' }) });
    expect(document.code).toBe('CONFLICT');
    expect(document.extensions.detail).toBe('DUPLICATE_DOCUMENT');
    expect(document.extensions.fields).toEqual([expect.objectContaining({ field: 'input.documentNumber' })]);

    const email = await agent.error(CreateCustomer, { input: customerInput({ email: 'DUPLICADA@test.claro' }) });
    expect(email.code).toBe('CONFLICT');
    expect(email.extensions.detail).toBe('DUPLICATE_EMAIL');
    expect(email.extensions.fields).toEqual([expect.objectContaining({ field: 'input.email' })]);
    // Stable: the same answer the second time.
    const again = await agent.error(CreateCustomer, { input: customerInput({ email: 'duplicada@test.claro' }) });
    expect(again.extensions).toEqual(email.extensions);
    expect(again.message).toBe(email.message);

    expect(await totalCustomers()).toBe(customersBefore);
    expect(await historyRows()).toBe(historyBefore);

    // The same number under another document type is another document.
    const foreigner = await createCustomer({ documentType: 'CE', documentNumber: '52123456' });
    expect(foreigner.documentNumber).toBe('52123456');
    expect(foreigner.id).not.toBe(original.id);
  });
});

describe('customer(id)', () => {
  it('returns null for an unknown id, well-formed or not', async () => {
    for (const id of ['999999', 'abc', '-1', '99999999999999999999999']) {
      const { customer } = await server.as(Role.SALES_AGENT).query(CustomerById, { id });
      expect(customer).toBeNull();
    }
  });
});

describe('updateCustomer and deleteCustomer', () => {
  it('changes only the fields given, normalised, and moves the customer when the billing address changes', async () => {
    const created = await createCustomer({ birthDate: '1985-01-31', phones: ['+573001112233'] });
    const { updateCustomer } = await server.as(Role.SALES_AGENT).mutate(UpdateCustomer, {
      id: created.id,
      input: {
        lastName: ' Nuevo Apellido ',
        email: 'Otro.Correo@Test.CLARO',
        phones: ['+573009998877'],
        birthDate: null,
        addresses: [{ kind: 'BILLING', line1: 'Avenida 6N # 23-45', city: 'Cali', region: 'Valle del Cauca', countryCode: 'co' }],
      },
    });
    expect(updateCustomer).toMatchObject({
      id: created.id,
      firstName: created.firstName,
      lastName: 'Nuevo Apellido',
      documentType: created.documentType,
      documentNumber: created.documentNumber,
      email: 'otro.correo@test.claro',
      phones: ['+573009998877'],
      birthDate: null,
      addresses: [{ kind: 'BILLING', line1: 'Avenida 6N # 23-45', city: 'Cali', region: 'Valle del Cauca', countryCode: 'CO', postalCode: null }],
    });
    expect(new Date(updateCustomer.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());
    const inCali = await server.as(Role.SALES_AGENT).query(CustomerPage, { filter: { search: 'otro.correo@test.claro', city: 'cali' } });
    expect(inCali.customers.edges.map((e) => e.node.id)).toEqual([created.id]);
  });

  it('refuses null for a required field and an email another customer has, and keeps the customer as it was', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const taken = await createCustomer();
    const customer = await createCustomer();
    const nullName = await agent.error(UpdateCustomer, { id: customer.id, input: { firstName: null } });
    expect(nullName.code).toBe('BAD_USER_INPUT');
    expect(nullName.extensions.fields).toEqual([expect.objectContaining({ field: 'input.firstName' })]);

    const duplicate = await agent.error(UpdateCustomer, { id: customer.id, input: { firstName: 'Cambiado', email: taken.email.toUpperCase() } });
    expect(duplicate.code).toBe('CONFLICT');
    expect(duplicate.extensions.detail).toBe('DUPLICATE_EMAIL');

    // The first change of the input was made before the second failed: neither is kept.
    const futureBirth = await agent.error(UpdateCustomer, { id: customer.id, input: { firstName: 'Cambiado', birthDate: '2999-01-01' } });
    expect(futureBirth.code).toBe('BAD_USER_INPUT');
    expect(futureBirth.extensions.fields).toEqual([expect.objectContaining({ field: 'input.birthDate' })]);

    const { customer: after } = await server.as(Role.SALES_AGENT).query(CustomerById, { id: customer.id });
    expect(after).toMatchObject({ firstName: customer.firstName, email: customer.email, birthDate: null });
  });

  it('deletes a customer with its history, after which the id is unknown everywhere', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const customer = await createCustomer();
    expect(await historyRows(customer.id)).toBe(1);
    const { deleteCustomer } = await agent.mutate(DeleteCustomer, { id: customer.id });
    expect(deleteCustomer).toBe(customer.id);
    expect((await server.as(Role.SALES_AGENT).query(CustomerById, { id: customer.id })).customer).toBeNull();
    expect(await historyRows(customer.id)).toBe(0);
    expect((await agent.error(DeleteCustomer, { id: customer.id })).code).toBe('NOT_FOUND');
  });

  it('answers NOT_FOUND for an unknown id in every customer mutation, well-formed or not', async () => {
    const agent = server.as(Role.SALES_AGENT);
    for (const id of ['999999', 'abc']) {
      const update = await agent.error(UpdateCustomer, { id, input: { firstName: 'Nadie' } });
      expect(update.code).toBe('NOT_FOUND');
      expect(update.extensions).toMatchObject({ entity: 'Customer', id });
      expect((await agent.error(DeleteCustomer, { id })).code).toBe('NOT_FOUND');
      expect((await agent.error(SetCustomerCategory, { id, category: 'LOYAL' })).code).toBe('NOT_FOUND');
    }
  });
});

describe('customers (Relay pagination)', () => {
  const city = 'Paginópolis';
  let ids: string[];
  beforeAll(async () => {
    ids = (await createCustomersIn(city, 23)).map((c) => c.id);
  });

  it('walks every page with endCursor, giving each customer exactly once, newest first', async () => {
    const client = server.as(Role.SALES_AGENT);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const { customers }: CustomerPageQuery = await client.query(CustomerPage, { first: 5, after, filter: { city } });
      expect(customers.totalCount).toBe(23);
      expect(customers.pageInfo.hasPreviousPage).toBe(page > 0);
      seen.push(...customers.edges.map((e) => e.node.id));
      if (!customers.pageInfo.hasNextPage) {
        expect(page).toBe(4);
        expect(customers.edges).toHaveLength(3);
        break;
      }
      expect(customers.edges).toHaveLength(5);
      after = customers.pageInfo.endCursor!;
      expect(page).toBeLessThan(4);
    }
    // Newest first (the default order) is creation order reversed.
    expect(seen).toEqual([...ids].reverse());
  });

  it('answers an exact last page with hasNextPage false and an empty page after it', async () => {
    const client = server.as(Role.SALES_AGENT);
    const all = await client.query(CustomerPage, { first: 23, filter: { city } });
    expect(all.customers.pageInfo.hasNextPage).toBe(false);
    expect(all.customers.edges).toHaveLength(23);
    const beyond = await client.query(CustomerPage, { first: 5, after: all.customers.pageInfo.endCursor, filter: { city } });
    expect(beyond.customers.edges).toEqual([]);
    expect(beyond.customers.pageInfo).toMatchObject({ hasNextPage: false, endCursor: null });
    // Defaults to 20 when `first` is left out.
    const byDefault = await client.query(CustomerPage, { filter: { city } });
    expect(byDefault.customers.edges).toHaveLength(20);
    expect(byDefault.customers.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a page size above 100 or below 0 and a cursor it did not give, naming the argument', async () => {
    const client = server.as(Role.SALES_AGENT);
    for (const first of [101, -1]) {
      const error = await client.error(CustomerPage, { first });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'first' })]);
    }
    expect((await client.query(CustomerPage, { first: 100 })).customers.edges.length).toBeGreaterThan(0);

    const forged = Buffer.from(JSON.stringify(['createdAt:asc,id:asc', '2020-01-01T00:00:00.000Z', '1'])).toString('base64url');
    for (const after of ['garbage', forged]) {
      const error = await client.error(CustomerPage, { first: 5, after });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.detail).toBe('INVALID_CURSOR');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'after' })]);
    }
    // A cursor of one ordering is not a cursor of another.
    const byName = await client.query(CustomerPage, { first: 1, filter: { city }, orderBy: { field: 'LAST_NAME', direction: 'ASC' } });
    const mixed = await client.error(CustomerPage, { first: 1, after: byName.customers.pageInfo.endCursor });
    expect(mixed.extensions.detail).toBe('INVALID_CURSOR');
  });

  it('orders by last name (ties by id) both ways, and pages in that order', async () => {
    const orderCity = 'Ordenópolis';
    const lastNames = ['Zapata', 'Acosta', 'Mora', 'Acosta', 'Bernal', 'Mora', 'Castaño'];
    const created = await createCustomersIn(orderCity, lastNames.length, (i) => ({ lastName: lastNames[i] }));
    const client = server.as(Role.SALES_AGENT);
    const walk = async (direction: 'ASC' | 'DESC') => {
      const names: string[] = [];
      let after: string | null | undefined = null;
      do {
        const { customers }: CustomerPageQuery = await client.query(CustomerPage, { first: 2, after, filter: { city: orderCity }, orderBy: { field: 'LAST_NAME', direction } });
        names.push(...customers.edges.map((e) => `${e.node.lastName}#${e.node.id}`));
        after = customers.pageInfo.hasNextPage ? customers.pageInfo.endCursor : undefined;
      } while (after);
      return names;
    };
    const byIdNumber = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
    const expected = [...created].sort((a, b) => a.lastName.localeCompare(b.lastName, 'en') || byIdNumber(a, b)).map((c) => `${c.lastName}#${c.id}`);
    expect(await walk('ASC')).toEqual(expected);
    expect(await walk('DESC')).toEqual([...expected].reverse());
  });
});

describe('customers (filters)', () => {
  it('searches name, email and document number, whatever the letter case or accents', async () => {
    const ingrid = await createCustomer({ firstName: 'Íngrid', lastName: 'García Muñoz', email: 'ingrid.filtro@test.claro', documentNumber: '79555111' });
    const pedro = await createCustomer({ firstName: 'Pedro', lastName: 'Gomez Pena', email: 'pedro.filtro@test.claro', documentNumber: '79555222' });
    const client = server.as(Role.SALES_AGENT);
    const found = async (search: string) => (await client.query(CustomerPage, { filter: { search } })).customers.edges.map((e) => e.node.id);
    // Only the name holds "garcia", "munoz" or "ingrid garcia": the accents must be ignored to match.
    for (const search of ['García', 'GARCÍA', 'garcia', 'GARCIA MUNOZ', 'muñoz', 'INGRID GARCIA', ' íngrid ', 'Ingrid.Filtro@', '79555111']) {
      expect({ search, found: await found(search) }).toEqual({ search, found: [ingrid.id] });
    }
    // Accents the client types that the stored name lacks are ignored too.
    expect(await found('Gómez Peña')).toEqual([pedro.id]);
    expect(await found('79555')).toEqual([pedro.id, ingrid.id]);
    expect(await found('.filtro@test.claro')).toEqual([pedro.id, ingrid.id]);
    // LIKE wildcards are plain characters.
    expect(await found('%')).toEqual([]);
    expect(await found('g_mez')).toEqual([]);
  });

  it('filters by category, billing city and region, in any letter case, and combines the filters', async () => {
    const [first, second, third] = await createCustomersIn('Filtrópolis', 3);
    const elsewhere = await createCustomer({ addresses: [{ kind: 'BILLING', line1: 'Calle 1', city: 'Otra Ciudad', region: 'Región de Prueba', countryCode: 'CO' }] });
    await server.as(Role.SALES_AGENT).mutate(SetCustomerCategory, { id: second.id, category: 'LOYAL', reason: 'Filter test' });
    const client = server.as(Role.SALES_AGENT);
    const ids = async (filter: CustomerFilter) =>
      (await client.query(CustomerPage, { first: 100, filter })).customers.edges.map((e) => e.node.id);

    expect(await ids({ city: 'FILTRÓPOLIS' })).toEqual([third.id, second.id, first.id]);
    expect(await ids({ city: ' filtrópolis ' })).toEqual([third.id, second.id, first.id]);
    expect(await ids({ city: 'Filtró' })).toEqual([]); // the whole city, not a prefix
    expect(await ids({ region: 'región de prueba', city: 'Otra Ciudad' })).toEqual([elsewhere.id]);
    expect(await ids({ region: 'REGIÓN DE PRUEBA', category: 'LOYAL' })).toEqual([second.id]);
    expect(await ids({ city: 'Filtrópolis', category: 'NEW' })).toEqual([third.id, first.id]);
    const loyal = await client.query(CustomerPage, { first: 100, filter: { category: 'LOYAL' } });
    expect(loyal.customers.edges.every((e) => e.node.category === 'LOYAL')).toBe(true);
    expect(loyal.customers.edges.map((e) => e.node.id)).toContain(second.id);
  });
});

describe('categories', () => {
  it('sets a category by hand with the staff member and reason in the history, and the rule then leaves it alone', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const admin = server.as(Role.ADMIN);
    const manual = await createCustomer();
    const automatic = await createCustomer();

    const { setCustomerCategory } = await agent.mutate(SetCustomerCategory, { id: manual.id, category: 'LOYAL', reason: '  Cuenta corporativa  ' });
    expect(setCustomerCategory).toMatchObject({
      id: manual.id,
      category: 'LOYAL',
      categoryIsManual: true,
      categoryHistory: [
        { from: null, to: 'NEW', changedBy: null },
        { from: 'NEW', to: 'LOYAL', reason: 'Cuenta corporativa', changedBy: { id: server.staff.SALES_AGENT.id } },
      ],
    });

    // Settle anything earlier tests left, then make both customers old enough for REGULAR.
    await admin.mutate(RecomputeCustomerCategories);
    await backdate(manual.id, 200);
    await backdate(automatic.id, 200);
    const { recomputeCustomerCategories } = await admin.mutate(RecomputeCustomerCategories);
    expect(recomputeCustomerCategories).toBe(1);

    const { customer: promoted } = await agent.query(CustomerById, { id: automatic.id });
    expect(promoted).toMatchObject({ category: 'REGULAR', categoryIsManual: false });
    expect(promoted!.categoryHistory).toHaveLength(2);
    expect(promoted!.categoryHistory[1]).toMatchObject({ from: 'NEW', to: 'REGULAR', changedBy: null, reason: expect.stringContaining('200 days') });

    const { customer: untouched } = await agent.query(CustomerById, { id: manual.id });
    expect(untouched).toMatchObject({ category: 'LOYAL', categoryIsManual: true });
    expect(untouched!.categoryHistory).toHaveLength(2);

    // A second run finds nothing to change.
    expect((await admin.mutate(RecomputeCustomerCategories)).recomputeCustomerCategories).toBe(0);
  });

  it('gives a customer back to the rule with a null category: recomputed at once, recorded with no staff member', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const customer = await createCustomer();
    await agent.mutate(SetCustomerCategory, { id: customer.id, category: 'LOYAL', reason: 'Temporal' });
    await backdate(customer.id, 200);

    const { setCustomerCategory } = await agent.mutate(SetCustomerCategory, { id: customer.id, category: null });
    expect(setCustomerCategory).toMatchObject({ category: 'REGULAR', categoryIsManual: false });
    expect(setCustomerCategory.categoryHistory.map((h) => [h.from, h.to, h.changedBy?.id ?? null])).toEqual([
      [null, 'NEW', null],
      ['NEW', 'LOYAL', server.staff.SALES_AGENT.id],
      ['LOYAL', 'REGULAR', null],
    ]);
    expect(setCustomerCategory.categoryHistory[2].reason).toMatch(/^Automatic rule/);

    // Setting the category it already has makes it manual without a history entry.
    const { setCustomerCategory: pinned } = await agent.mutate(SetCustomerCategory, { id: customer.id, category: 'REGULAR' });
    expect(pinned).toMatchObject({ category: 'REGULAR', categoryIsManual: true });
    expect(pinned.categoryHistory).toHaveLength(3);
  });

  it('keeps recomputing to admins', async () => {
    const error = await server.as(Role.SALES_AGENT).error(RecomputeCustomerCategories);
    expect(error.code).toBe('FORBIDDEN');
  });
});

describe('roles', () => {
  it('lets an analyst read customers but not create them', async () => {
    const customer = await createCustomer();
    const analyst = server.as(Role.ANALYST);
    expect((await analyst.query(CustomerById, { id: customer.id })).customer?.id).toBe(customer.id);
    expect((await analyst.query(CustomerPage, { first: 1 })).customers.totalCount).toBeGreaterThan(0);
    for (const role of [Role.ANALYST, Role.PARTNER]) {
      const error = await server.as(role).error(CreateCustomer, { input: customerInput() });
      expect(error.code).toBe('FORBIDDEN');
      expect((await server.as(role).error(UpdateCustomer, { id: customer.id, input: { firstName: 'No' } })).code).toBe('FORBIDDEN');
      expect((await server.as(role).error(DeleteCustomer, { id: customer.id })).code).toBe('FORBIDDEN');
    }
    // An analyst reads the name reduced to its initial (see test/users/personal-data.test.ts).
    expect((await analyst.query(CustomerById, { id: customer.id })).customer?.firstName).toBe(`${[...customer.firstName][0].toUpperCase()}.`);
  });

  it('keeps customers from partners (FORBIDDEN) and from anonymous callers (UNAUTHENTICATED)', async () => {
    const customer = await createCustomer();
    const partner = server.as(Role.PARTNER);
    expect((await partner.error(CustomerPage, { first: 1 })).code).toBe('FORBIDDEN');
    expect((await partner.error(CustomerById, { id: customer.id })).code).toBe('FORBIDDEN');

    const anonymous = server.as(null);
    for (const error of [
      await anonymous.error(CustomerPage, { first: 1 }),
      await anonymous.error(CustomerById, { id: customer.id }),
      await anonymous.error(CreateCustomer, { input: customerInput() }),
    ]) {
      expect(error.code).toBe('UNAUTHENTICATED');
      expect(error.extensions.detail).toBe('MISSING_TOKEN');
    }
  });
});
