import { graphql } from '../__generated__';
import type { AuditLogFilter } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { sql } from '../catalog/catalog.fixtures';
import { apolloClient } from '../support/client';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server';
import { createPerson, PERSON, PrivacyCreateCustomer, type Person } from './privacy.fixtures';

/** The audit trail: one row per committed mutation (none for a failed one), logins, `auditLog`. */

const AuditLog = graphql(`
  query AuditLog($first: Int, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id at staffId staff { id name } operation operationName entityType entityIds input outcome failure requestId clientAddress } }
    }
  }
`);

const AuditLogin = graphql(`
  mutation AuditLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { token staff { id } }
  }
`);

const AuditCreateStaff = graphql(`
  mutation AuditCreateStaff($input: CreateStaffInput!) {
    createStaff(input: $input) { id }
  }
`);

const AuditUpdateStaff = graphql(`
  mutation AuditUpdateStaff($id: ID!, $input: UpdateStaffInput!) {
    updateStaff(id: $id, input: $input) { id }
  }
`);

const AuditDeleteCustomer = graphql(`
  mutation AuditDeleteCustomer($id: ID!) {
    deleteCustomer(id: $id)
  }
`);

const AuditTwoMutations = graphql(`
  mutation AuditTwoMutations($good: RecordInteractionInput!, $bad: RecordInteractionInput!) {
    first: recordInteraction(input: $good) { id }
    second: recordInteraction(input: $bad) { id }
  }
`);

let server: TestServer;
let person: Person;

beforeAll(async () => {
  server = await startTestServer();
  person = await createPerson(server);
});
afterAll(() => server.stop());

async function entries(filter: AuditLogFilter, first = 100) {
  return (await server.as(Role.ADMIN).query(AuditLog, { first, filter })).auditLog;
}

async function auditRows(): Promise<number> {
  return Number((await sql<{ n: string }>(server, 'select count(*) as n from audit_entry'))[0].n);
}

describe('a committed mutation', () => {
  it('writes one row: who, when, the operation, the record, its input with personal values masked', async () => {
    const before = new Date();
    const { auditLog } = await server.as(Role.ADMIN).query(AuditLog, { filter: { operation: 'createCustomer', entityId: person.customerId } });
    expect(auditLog.totalCount).toBe(1);
    const entry = auditLog.edges[0].node;
    expect(entry).toMatchObject({
      staffId: server.staff.SALES_AGENT.id,
      staff: { id: server.staff.SALES_AGENT.id, name: 'Test SALES_AGENT' },
      operation: 'createCustomer',
      operationName: 'PrivacyCreateCustomer',
      entityType: 'Customer',
      entityIds: [person.customerId],
      outcome: 'SUCCEEDED',
      failure: null,
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(new Date(entry.at).getTime()).toBeLessThan(before.getTime());
    expect(entry.input).toEqual({
      input: {
        firstName: 'A.',
        lastName: 'G.',
        documentType: 'CC',
        documentNumber: `***${person.documentNumber.slice(-4)}`,
        email: 'a***@gmail.com',
        phones: ['***4567'],
        birthDate: '***',
        addresses: [
          { kind: 'BILLING', line1: '***', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: '***' },
          { kind: 'INSTALLATION', line1: '***', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO', postalCode: '***' },
        ],
      },
    });
    // Nothing personal anywhere in the stored row.
    const [raw] = await sql<{ input: unknown }>(server, 'select input from audit_entry where id = ?', [entry.id]);
    for (const secret of [PERSON.firstName, PERSON.lastName, person.email, PERSON.phone, person.documentNumber, PERSON.street, PERSON.postalCode, PERSON.birthDate]) {
      expect(JSON.stringify(raw.input)).not.toContain(secret);
    }
  });

  it('records each kind of mutation with its record: interactions (texts masked), sales, payments, subscriptions, deletions', async () => {
    const interaction = (await entries({ operation: 'recordInteraction', entityId: person.interactionId })).edges[0].node;
    expect(interaction).toMatchObject({ entityType: 'Interaction', entityIds: [person.interactionId] });
    expect(interaction.input).toEqual({ input: { customerId: person.customerId, type: 'COMPLAINT', channel: 'PHONE', subject: 'Cobro del router', description: '***' } });
    const status = (await entries({ operation: 'updateInteractionStatus', entityId: person.interactionId })).edges[0].node;
    expect(status.input).toEqual({ id: person.interactionId, status: 'RESOLVED', note: '***' });
    for (const saleId of person.saleIds) {
      const { edges } = await entries({ entityType: 'Sale', entityId: saleId });
      expect(edges.map(({ node }) => node.operation).sort()).toEqual(['createSale', 'paySale']);
    }
    expect((await entries({ operation: 'subscribeCustomer' })).edges[0].node).toMatchObject({ entityType: 'ServiceSubscription', staffId: server.staff.SALES_AGENT.id });
    expect((await entries({ operation: 'createProduct' })).edges[0].node).toMatchObject({ entityType: 'Product', staffId: server.staff.ADMIN.id });

    const { createCustomer } = await server.as(Role.SALES_AGENT).mutate(PrivacyCreateCustomer, {
      input: { firstName: 'Borrar', lastName: 'Pronto', documentType: 'CC', documentNumber: '99887766', email: 'borrar@test.claro', phones: ['+573009998877'], addresses: [{ kind: 'BILLING', line1: 'Calle 1', city: 'Cali', region: 'Valle del Cauca', countryCode: 'CO' }] },
    });
    await server.as(Role.SALES_AGENT).mutate(AuditDeleteCustomer, { id: createCustomer.id });
    expect((await entries({ entityType: 'Customer', entityId: createCustomer.id })).edges.map(({ node }) => [node.operation, node.entityIds])).toEqual([
      ['deleteCustomer', [createCustomer.id]],
      ['createCustomer', [createCustomer.id]],
    ]);
  });

  it('keeps no password: creating staff and changing a password leave the secret out', async () => {
    const { createStaff } = await server.as(Role.ADMIN).mutate(AuditCreateStaff, { input: { email: 'nueva.persona@test.claro', name: 'Nueva Persona', role: 'ANALYST', password: 'a-very-secret-pass' } });
    await server.as(Role.ADMIN).mutate(AuditUpdateStaff, { id: createStaff.id, input: { password: 'another-secret-pass', name: 'Nueva P.' } });
    const { edges } = await entries({ entityType: 'Staff', entityId: createStaff.id });
    expect(edges.map(({ node }) => [node.operation, node.input])).toEqual([
      ['updateStaff', { id: createStaff.id, input: { name: 'Nueva P.' } }],
      ['createStaff', { input: { email: 'n***@test.claro', name: 'Nueva Persona', role: 'ANALYST' } }],
    ]);
    const stored = await sql<{ input: unknown }>(server, "select input from audit_entry where operation in ('createStaff', 'updateStaff')");
    expect(JSON.stringify(stored)).not.toMatch(/secret-pass|password/);
  });
});

describe('a failed mutation', () => {
  it('leaves no row, and a committed one next to it in the same request has exactly one', async () => {
    const before = await auditRows();
    const duplicate = await server.as(Role.SALES_AGENT).error(PrivacyCreateCustomer, {
      input: { firstName: 'Otra', lastName: 'Vez', documentType: 'CC', documentNumber: person.documentNumber, email: 'otra@test.claro', phones: ['+573001112233'], addresses: [{ kind: 'BILLING', line1: 'x', city: 'Cali', region: 'Valle', countryCode: 'CO' }] },
    });
    expect(duplicate.code).toBe('CONFLICT');
    expect(await server.as(Role.SALES_AGENT).error(AuditDeleteCustomer, { id: person.customerId })).toMatchObject({ code: 'CONFLICT' });
    expect(await auditRows()).toBe(before);

    const good = { customerId: person.customerId, type: 'INQUIRY' as const, channel: 'WEB' as const, subject: 'Horario', description: 'Pregunta por el horario' };
    const error = await server.as(Role.SALES_AGENT).error(AuditTwoMutations, { good, bad: { ...good, customerId: '999999999' } });
    expect(error.code).toBe('NOT_FOUND');
    // The first field committed in its own transaction; the second rolled back.
    const [written] = await sql<{ id: string }>(server, "select id::text as id from interaction where subject = 'Horario'");
    expect(await auditRows()).toBe(before + 1);
    expect((await entries({ entityType: 'Interaction', entityId: written.id })).edges.map(({ node }) => node.operation)).toEqual(['recordInteraction']);
  });
});

describe('logins', () => {
  it('records a successful one as the person, and a failed one (wrong password, unknown email) with no one, the email masked, never the password', async () => {
    const anonymous = apolloClient(server.url);
    const { login } = await anonymous.mutate(AuditLogin, { email: server.staff.ANALYST.email, password: TEST_PASSWORD });
    expect((await anonymous.error(AuditLogin, { email: server.staff.ANALYST.email, password: 'wrong password!' })).code).toBe('UNAUTHENTICATED');
    expect((await anonymous.error(AuditLogin, { email: 'nobody@test.claro', password: 'wrong password!' })).code).toBe('UNAUTHENTICATED');
    const { edges } = await entries({ operation: 'login' });
    expect(edges.map(({ node }) => [node.outcome, node.staffId, node.failure, node.entityIds, node.input])).toEqual([
      ['FAILED', null, 'BAD_CREDENTIALS', [], { email: 'n***@test.claro' }],
      ['FAILED', null, 'BAD_CREDENTIALS', [], { email: 'a***@test.claro' }],
      ['SUCCEEDED', login.staff.id, null, [login.staff.id], { email: 'a***@test.claro' }],
    ]);
    const stored = await sql(server, "select * from audit_entry where operation = 'login'");
    expect(JSON.stringify(stored)).not.toContain('wrong password');
    expect(JSON.stringify(stored)).not.toContain(TEST_PASSWORD);
    expect(JSON.stringify(stored)).not.toContain(login.token);
  });
});

describe('auditLog', () => {
  it('is for admins only', async () => {
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) expect((await server.as(role).error(AuditLog, { first: 1 })).code).toBe('FORBIDDEN');
    expect((await server.as(null).error(AuditLog, { first: 1 })).code).toBe('UNAUTHENTICATED');
  });

  it('filters by staff member, operation, entity type and id, and time; pages newest first with cursors', async () => {
    const all = await entries({}, 100);
    expect(all.totalCount).toBeGreaterThan(10);
    const times = all.edges.map(({ node }) => node.at);
    expect([...times].sort().reverse()).toEqual(times);

    const byAdmin = await entries({ staffId: server.staff.ADMIN.id });
    expect(byAdmin.totalCount).toBeGreaterThan(0);
    expect(byAdmin.edges.every(({ node }) => node.staffId === server.staff.ADMIN.id)).toBe(true);

    const sales = await entries({ entityType: 'Sale' });
    expect(new Set(sales.edges.map(({ node }) => node.entityType))).toEqual(new Set(['Sale']));

    const middle = all.edges[Math.floor(all.edges.length / 2)].node.at;
    const older = await entries({ at: { to: middle } });
    const newer = await entries({ at: { from: middle } });
    expect(older.totalCount + newer.totalCount).toBe(all.totalCount);
    expect(older.edges.every(({ node }) => node.at < middle)).toBe(true);

    const seen: string[] = [];
    let after: string | null | undefined = null;
    do {
      const page: Awaited<ReturnType<typeof entries>> = (await server.as(Role.ADMIN).query(AuditLog, { first: 7, after })).auditLog;
      seen.push(...page.edges.map(({ node }) => node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    expect(seen).toEqual(all.edges.map(({ node }) => node.id));
  });

  it('refuses a malformed staff id or an inverted range, naming the field', async () => {
    expect(await server.as(Role.ADMIN).error(AuditLog, { filter: { staffId: 'abc' } })).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { fields: [{ field: 'filter.staffId' }] } });
    expect(await server.as(Role.ADMIN).error(AuditLog, { filter: { at: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' } } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { fields: [{ field: 'filter.at' }] },
    });
  });
});

