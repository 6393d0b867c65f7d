import { graphql } from '../__generated__';
import type { InteractionFilter, InteractionListQuery, CustomerInteractionsQuery, RecordInteractionInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';

const InteractionsSeedCustomer = graphql(`
  mutation InteractionsSeedCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id }
  }
`);

const InteractionsSetCategory = graphql(`
  mutation InteractionsSetCategory($id: ID!, $category: CustomerCategory) {
    setCustomerCategory(id: $id, category: $category) { id category }
  }
`);

const RecordInteraction = graphql(`
  mutation RecordInteraction($input: RecordInteractionInput!) {
    recordInteraction(input: $input) {
      id
      type
      channel
      subject
      description
      status
      resolutionNote
      createdAt
      updatedAt
      customer { id }
      recordedBy { id name }
    }
  }
`);

const UpdateInteractionStatus = graphql(`
  mutation UpdateInteractionStatus($id: ID!, $status: InteractionStatus!, $note: String) {
    updateInteractionStatus(id: $id, status: $status, note: $note) { id status resolutionNote updatedAt }
  }
`);

const InteractionList = graphql(`
  query InteractionList($first: Int, $after: String, $filter: InteractionFilter) {
    interactions(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id type status createdAt customer { id } } }
    }
  }
`);

const CustomerInteractions = graphql(`
  query CustomerInteractions($id: ID!, $first: Int, $after: String) {
    customer(id: $id) {
      id
      interactions(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { node { id subject status createdAt recordedBy { id } } }
      }
    }
  }
`);

const CustomersWithNestedLists = graphql(`
  query CustomersWithNestedLists($first: Int!, $city: String!) {
    customers(first: $first, filter: { city: $city }) {
      totalCount
      edges {
        node {
          id
          categoryHistory { from to changedBy { id } }
          interactions(first: 3) {
            totalCount
            pageInfo { hasNextPage }
            edges { node { id status customer { id } recordedBy { id } } }
          }
        }
      }
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

let sequence = 0;
async function createCustomer(city = 'Bogotá'): Promise<string> {
  sequence += 1;
  const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(InteractionsSeedCustomer, {
    input: {
      firstName: 'Cliente',
      lastName: `Interacciones ${sequence}`,
      documentType: 'CC',
      documentNumber: String(2_000_000_000 + sequence),
      email: `interactions${sequence}@test.claro`,
      phones: ['+573002000000'],
      addresses: [{ kind: 'BILLING', line1: `Calle ${sequence}`, city, region: 'Cundinamarca', countryCode: 'CO' }],
    },
  });
  return createCustomer.id;
}

async function record(customerId: string, overrides: Partial<RecordInteractionInput> = {}, role: Role = Role.SALES_AGENT) {
  const { recordInteraction } = await server.as(role).mutate(RecordInteraction, {
    input: { customerId, type: 'INQUIRY', channel: 'PHONE', subject: 'Consulta', description: 'Pregunta por la cobertura de fibra', ...overrides },
  });
  return recordInteraction;
}

async function backdateInteraction(id: string, days: number): Promise<void> {
  await server.app.orm.em
    .fork()
    .getConnection()
    .execute(`update interaction set created_at = date_trunc('milliseconds', now()) - make_interval(days => ?) where id = ?`, [days, id]);
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe('recordInteraction', () => {
  it('records an OPEN interaction on the customer, by the staff member making the request', async () => {
    const customerId = await createCustomer();
    const byAgent = await record(customerId, { type: 'COMPLAINT', channel: 'STORE', subject: '  Internet intermitente ', description: ' Se cae en las noches ' });
    expect(byAgent).toMatchObject({
      type: 'COMPLAINT',
      channel: 'STORE',
      subject: 'Internet intermitente',
      description: 'Se cae en las noches',
      status: 'OPEN',
      resolutionNote: null,
      customer: { id: customerId },
      recordedBy: { id: server.staff.SALES_AGENT.id, name: 'Test SALES_AGENT' },
    });
    const byAdmin = await record(customerId, {}, Role.ADMIN);
    expect(byAdmin.recordedBy.id).toBe(server.staff.ADMIN.id);

    const { customer } = await server.as(Role.ANALYST).query(CustomerInteractions, { id: customerId });
    expect(customer!.interactions.edges.map((e) => [e.node.id, e.node.recordedBy.id])).toEqual([
      [byAdmin.id, server.staff.ADMIN.id],
      [byAgent.id, server.staff.SALES_AGENT.id],
    ]);
  });

  it('answers NOT_FOUND naming input.customerId for an unknown customer, and records nothing', async () => {
    const before = (await server.as(Role.ANALYST).query(InteractionList, { first: 0 })).interactions.totalCount;
    for (const customerId of ['999999', 'abc']) {
      const error = await server.as(Role.SALES_AGENT).error(RecordInteraction, {
        input: { customerId, type: 'INQUIRY', channel: 'WEB', subject: 'Nadie', description: 'Cliente inexistente' },
      });
      expect(error.code).toBe('NOT_FOUND');
      expect(error.extensions).toMatchObject({ entity: 'Customer', id: customerId });
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.customerId' })]);
    }
    expect((await server.as(Role.ANALYST).query(InteractionList, { first: 0 })).interactions.totalCount).toBe(before);
  });

  it('refuses a blank subject naming the field, and other roles than sales agents', async () => {
    const customerId = await createCustomer();
    const blank = await server.as(Role.SALES_AGENT).error(RecordInteraction, {
      input: { customerId, type: 'INQUIRY', channel: 'WEB', subject: '   ', description: 'Algo' },
    });
    expect(blank.code).toBe('BAD_USER_INPUT');
    expect(blank.extensions.fields).toEqual([expect.objectContaining({ field: 'input.subject' })]);
    for (const role of [Role.ANALYST, Role.PARTNER]) {
      const error = await server.as(role).error(RecordInteraction, { input: { customerId, type: 'INQUIRY', channel: 'WEB', subject: 'S', description: 'D' } });
      expect(error.code).toBe('FORBIDDEN');
    }
    expect((await server.as(null).error(InteractionList, { first: 1 })).code).toBe('UNAUTHENTICATED');
    expect((await server.as(Role.PARTNER).error(InteractionList, { first: 1 })).code).toBe('FORBIDDEN');
  });
});

describe('Customer.interactions', () => {
  it('pages a customer’s own interactions newest first, with their total, and no one else’s', async () => {
    const customerId = await createCustomer();
    const otherId = await createCustomer();
    const mine = [];
    for (let i = 1; i <= 5; i++) mine.push((await record(customerId, { subject: `Consulta ${i}` })).id);
    await record(otherId);

    const client = server.as(Role.ANALYST);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const result: CustomerInteractionsQuery = await client.query(CustomerInteractions, { id: customerId, first: 2, after });
      const interactions: NonNullable<CustomerInteractionsQuery['customer']>['interactions'] = result.customer!.interactions;
      expect(interactions.totalCount).toBe(5);
      expect(interactions.pageInfo.hasPreviousPage).toBe(page > 0);
      seen.push(...interactions.edges.map((e) => e.node.id));
      if (!interactions.pageInfo.hasNextPage) break;
      after = interactions.pageInfo.endCursor!;
    }
    expect(seen).toEqual([...mine].reverse());

    const other = await client.query(CustomerInteractions, { id: otherId });
    expect(other.customer!.interactions.totalCount).toBe(1);
    expect(other.customer!.interactions.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a bad page size or cursor on the nested list', async () => {
    const customerId = await createCustomer();
    const client = server.as(Role.ANALYST);
    const tooMany = await client.error(CustomerInteractions, { id: customerId, first: 101 });
    expect(tooMany.code).toBe('BAD_USER_INPUT');
    expect(tooMany.extensions.fields).toEqual([expect.objectContaining({ field: 'first' })]);
    const garbage = await client.error(CustomerInteractions, { id: customerId, first: 2, after: 'garbage' });
    expect(garbage.code).toBe('BAD_USER_INPUT');
    expect(garbage.extensions.detail).toBe('INVALID_CURSOR');
  });
});

describe('interactions (top-level list)', () => {
  let customerId: string;
  let old: string; // INQUIRY, 10 days ago
  let complaint: string; // COMPLAINT, IN_PROGRESS
  let suggestion: string; // SUGGESTION
  let oldCreatedAt: string;
  beforeAll(async () => {
    customerId = await createCustomer();
    old = (await record(customerId, { type: 'INQUIRY' })).id;
    complaint = (await record(customerId, { type: 'COMPLAINT' })).id;
    suggestion = (await record(customerId, { type: 'SUGGESTION' })).id;
    await server.as(Role.SALES_AGENT).mutate(UpdateInteractionStatus, { id: complaint, status: 'IN_PROGRESS' });
    await backdateInteraction(old, 10);
    const { interactions } = await server.as(Role.ANALYST).query(InteractionList, { filter: { customerId } });
    oldCreatedAt = interactions.edges.find((e) => e.node.id === old)!.node.createdAt;
  });

  const ids = async (filter: InteractionFilter) => {
    const { interactions } = await server.as(Role.ANALYST).query(InteractionList, { first: 100, filter });
    expect(interactions.totalCount).toBe(interactions.edges.length);
    return interactions.edges.map((e) => e.node.id);
  };

  it('filters by customer, type and status, newest first', async () => {
    expect(await ids({ customerId })).toEqual([suggestion, complaint, old]);
    expect(await ids({ customerId, type: 'COMPLAINT' })).toEqual([complaint]);
    expect(await ids({ customerId, status: 'IN_PROGRESS' })).toEqual([complaint]);
    expect(await ids({ customerId, status: 'OPEN' })).toEqual([suggestion, old]);
    expect(await ids({ customerId, type: 'COMPLAINT', status: 'OPEN' })).toEqual([]);
    expect(await ids({ customerId: 'abc' })).toEqual([]);
    expect(await ids({ customerId: '999999' })).toEqual([]);
    const everyone = await ids({ type: 'SUGGESTION' });
    expect(everyone).toContain(suggestion);
    expect(everyone).not.toContain(complaint);
  });

  it('filters by a creation date range, `from` included and `to` excluded', async () => {
    expect(await ids({ customerId, createdAt: { from: daysAgo(2) } })).toEqual([suggestion, complaint]);
    expect(await ids({ customerId, createdAt: { to: daysAgo(2) } })).toEqual([old]);
    expect(await ids({ customerId, createdAt: { from: daysAgo(11), to: daysAgo(9) } })).toEqual([old]);
    expect(await ids({ customerId, createdAt: { from: oldCreatedAt, to: daysAgo(9) } })).toEqual([old]);
    expect(await ids({ customerId, createdAt: { from: daysAgo(11), to: oldCreatedAt } })).toEqual([]);
  });

  it('refuses an inverted date range, naming the field', async () => {
    const error = await server.as(Role.ANALYST).error(InteractionList, { filter: { customerId, createdAt: { from: daysAgo(1), to: daysAgo(3) } } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.detail).toBe('INVERTED_RANGE');
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'filter.createdAt' })]);
  });

  it('pages the filtered list with endCursor', async () => {
    const client = server.as(Role.ANALYST);
    const first: InteractionListQuery = await client.query(InteractionList, { first: 2, filter: { customerId } });
    expect(first.interactions).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = await client.query(InteractionList, { first: 2, after: first.interactions.pageInfo.endCursor, filter: { customerId } });
    expect(second.interactions).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect([...first.interactions.edges, ...second.interactions.edges].map((e) => e.node.id)).toEqual([suggestion, complaint, old]);
    expect((await client.error(InteractionList, { first: 2, after: 'garbage' })).extensions.detail).toBe('INVALID_CURSOR');
  });
});

describe('updateInteractionStatus', () => {
  it('moves forward, steps may be skipped, and keeps the resolution note given', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const interaction = await record(await createCustomer());
    const { updateInteractionStatus: resolved } = await agent.mutate(UpdateInteractionStatus, {
      id: interaction.id,
      status: 'RESOLVED',
      note: '  Se reemplazó el router  ',
    });
    expect(resolved).toMatchObject({ id: interaction.id, status: 'RESOLVED', resolutionNote: 'Se reemplazó el router' });
    // No note: the note stays.
    const { updateInteractionStatus: closed } = await agent.mutate(UpdateInteractionStatus, { id: interaction.id, status: 'CLOSED' });
    expect(closed).toMatchObject({ status: 'CLOSED', resolutionNote: 'Se reemplazó el router' });

    const stepByStep = await record(await createCustomer());
    for (const status of ['IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const) {
      expect((await agent.mutate(UpdateInteractionStatus, { id: stepByStep.id, status })).updateInteractionStatus.status).toBe(status);
    }
  });

  it('refuses a backward or same-status move with INVALID_TRANSITION, changing nothing', async () => {
    const agent = server.as(Role.SALES_AGENT);
    const customerId = await createCustomer();
    const interaction = await record(customerId);
    expect((await agent.error(UpdateInteractionStatus, { id: interaction.id, status: 'OPEN' })).extensions.detail).toBe('INVALID_TRANSITION');
    await agent.mutate(UpdateInteractionStatus, { id: interaction.id, status: 'RESOLVED', note: 'Resuelto' });

    for (const status of ['RESOLVED', 'IN_PROGRESS', 'OPEN'] as const) {
      const error = await agent.error(UpdateInteractionStatus, { id: interaction.id, status, note: 'Otra nota' });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.detail).toBe('INVALID_TRANSITION');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'status' })]);
    }
    const { interactions } = await server.as(Role.ANALYST).query(InteractionList, { filter: { customerId } });
    expect(interactions.edges.map((e) => e.node.status)).toEqual(['RESOLVED']);
    const { customer } = await server.as(Role.ANALYST).query(CustomerInteractions, { id: customerId });
    expect(customer!.interactions.edges[0].node.status).toBe('RESOLVED');
  });

  it('answers NOT_FOUND for an unknown interaction, well-formed or not, and FORBIDDEN to analysts', async () => {
    for (const id of ['999999', 'abc']) {
      const error = await server.as(Role.SALES_AGENT).error(UpdateInteractionStatus, { id, status: 'CLOSED' });
      expect(error.code).toBe('NOT_FOUND');
      expect(error.extensions).toMatchObject({ entity: 'Interaction', id });
    }
    const interaction = await record(await createCustomer());
    expect((await server.as(Role.ANALYST).error(UpdateInteractionStatus, { id: interaction.id, status: 'CLOSED' })).code).toBe('FORBIDDEN');
  });
});

describe('batching', () => {
  it('loads the nested lists of 30 customers with as many SQL statements as for 5', async () => {
    const city = 'Lotópolis';
    const agent = server.as(Role.SALES_AGENT);
    const customers: string[] = [];
    for (let i = 0; i < 30; i++) customers.push(await createCustomer(city));
    // Every customer has interactions (one has more than a page of 3); some have a category set by hand.
    const interactionsOf = new Map<string, string[]>(customers.map((id) => [id, []]));
    for (const [i, customerId] of customers.entries()) {
      for (let n = 0; n < (i % 10 === 9 ? 4 : 1); n++) interactionsOf.get(customerId)!.push((await record(customerId)).id);
      if (i % 5 === 4) await agent.mutate(InteractionsSetCategory, { id: customerId, category: 'REGULAR' });
    }

    const client = server.as(Role.ANALYST);
    const countFor = async (first: number) => {
      server.takeSqlCount();
      const { customers: page } = await client.query(CustomersWithNestedLists, { first, city });
      const statements = server.takeSqlCount();
      expect(page.totalCount).toBe(30);
      expect(page.edges).toHaveLength(first);
      for (const { node } of page.edges) {
        const expected = [...interactionsOf.get(node.id)!].reverse();
        expect(node.interactions.totalCount).toBe(expected.length);
        expect(node.interactions.pageInfo.hasNextPage).toBe(expected.length > 3);
        expect(node.interactions.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 3));
        expect(node.interactions.edges.every((e) => e.node.customer.id === node.id && e.node.recordedBy.id === server.staff.SALES_AGENT.id)).toBe(true);
        const manual = customers.indexOf(node.id) % 5 === 4;
        expect(node.categoryHistory.map((h) => h.changedBy?.id ?? null)).toEqual(manual ? [null, server.staff.SALES_AGENT.id] : [null]);
      }
      return statements;
    };

    const forFive = await countFor(5);
    const forThirty = await countFor(30);
    expect(forThirty).toBe(forFive);
    // Authentication, page, count, history, its staff, interactions page and count, their customers and staff.
    expect(forThirty).toBeLessThanOrEqual(10);
  });
});
