import { SignJWT } from 'jose';
import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { apolloClient } from '../support/client';
import { startTestServer, TEST_JWT_SECRET, TEST_PASSWORD, type TestServer } from '../support/server';

const Login = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      expiresAt
      staff { id email name role active }
    }
  }
`);

const Me = graphql(`
  query Me {
    me { id email role }
  }
`);

const StaffMembers = graphql(`
  query StaffMembers {
    staffMembers { id email role active }
  }
`);

const CreateStaff = graphql(`
  mutation CreateStaff($input: CreateStaffInput!) {
    createStaff(input: $input) { id email name role active }
  }
`);

const UpdateStaff = graphql(`
  mutation UpdateStaff($id: ID!, $input: UpdateStaffInput!) {
    updateStaff(id: $id, input: $input) { id name role active }
  }
`);

const DeactivateStaff = graphql(`
  mutation DeactivateStaff($id: ID!) {
    deactivateStaff(id: $id) { id active }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const key = new TextEncoder().encode(TEST_JWT_SECRET);
const claims = (staffId: string) => new SignJWT({ ver: 0 }).setProtectedHeader({ alg: 'HS256' }).setSubject(staffId).setIssuer('claro-graph').setAudience('claro-graph-api');

describe('login', () => {
  it('returns a token that authenticates later requests as that staff member', async () => {
    const { login } = await server.as(null).mutate(Login, { email: 'ADMIN@test.claro ', password: TEST_PASSWORD });
    expect(login.staff).toMatchObject({ id: server.staff.ADMIN.id, email: 'admin@test.claro', name: 'Test ADMIN', role: 'ADMIN', active: true });
    expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { me } = await server.withToken(login.token).query(Me);
    expect(me).toMatchObject({ id: server.staff.ADMIN.id, email: 'admin@test.claro', role: 'ADMIN' });
  });

  it('answers a wrong password and an unknown email with the same UNAUTHENTICATED error', async () => {
    const wrongPassword = await server.as(null).error(Login, { email: 'admin@test.claro', password: 'not the password' });
    const unknownEmail = await server.as(null).error(Login, { email: 'nobody@test.claro', password: TEST_PASSWORD });
    expect(wrongPassword.code).toBe('UNAUTHENTICATED');
    expect(unknownEmail.code).toBe('UNAUTHENTICATED');
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(unknownEmail.extensions).toEqual(wrongPassword.extensions);
  });
});

describe('tokens', () => {
  it('refuses a request without a token', async () => {
    const error = await server.as(null).error(Me);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.detail).toBe('MISSING_TOKEN');
  });

  it('refuses a forged token (signed with another secret)', async () => {
    const forged = await claims(server.staff.ADMIN.id).setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    const error = await server.withToken(forged).error(Me);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.detail).toBe('INVALID_TOKEN');
  });

  it('refuses an expired token', async () => {
    const expired = await claims(server.staff.ADMIN.id).setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
    const error = await server.withToken(expired).error(Me);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.detail).toBe('EXPIRED_TOKEN');
  });

  it('refuses a token once it expires, though it was accepted (and its signature remembered) before', async () => {
    const now = Math.floor(Date.now() / 1000);
    const shortLived = await claims(server.staff.ADMIN.id).setIssuedAt(now).setExpirationTime(now + 2).sign(key);
    const client = server.withToken(shortLived);
    expect((await client.query(Me)).me?.id).toBe(server.staff.ADMIN.id);
    expect((await client.query(Me)).me?.id).toBe(server.staff.ADMIN.id);
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    const error = await client.error(Me);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.detail).toBe('EXPIRED_TOKEN');
  });

  it('refuses garbage in the Authorization header', async () => {
    const error = await apolloClient(server.url, 'not-a-jwt').error(Me);
    expect(error.code).toBe('UNAUTHENTICATED');
  });
});

describe('staff accounts', () => {
  it('lets an admin create, rename, re-role and deactivate a staff member, whose tokens then stop working', async () => {
    const admin = server.as(Role.ADMIN);
    const { createStaff } = await admin.mutate(CreateStaff, { input: { email: 'Nuevo.Agente@test.claro', name: 'Nuevo Agente', role: 'SALES_AGENT', password: 'a-long-password' } });
    expect(createStaff).toMatchObject({ email: 'nuevo.agente@test.claro', role: 'SALES_AGENT', active: true });

    const { login } = await server.as(null).mutate(Login, { email: 'nuevo.agente@test.claro', password: 'a-long-password' });
    const newcomer = server.withToken(login.token);
    expect((await newcomer.query(Me)).me.role).toBe('SALES_AGENT');

    const { updateStaff } = await admin.mutate(UpdateStaff, { id: createStaff.id, input: { name: 'Agente Senior', role: 'ANALYST' } });
    expect(updateStaff).toMatchObject({ name: 'Agente Senior', role: 'ANALYST', active: true });

    const { deactivateStaff } = await admin.mutate(DeactivateStaff, { id: createStaff.id });
    expect(deactivateStaff.active).toBe(false);
    const revoked = await newcomer.error(Me);
    expect(revoked.code).toBe('UNAUTHENTICATED');
    expect(revoked.extensions.detail).toBe('REVOKED_TOKEN');
    const relogin = await server.as(null).error(Login, { email: 'nuevo.agente@test.claro', password: 'a-long-password' });
    expect(relogin.code).toBe('UNAUTHENTICATED');
  });

  it('revokes older tokens when the password changes', async () => {
    const admin = server.as(Role.ADMIN);
    const { createStaff } = await admin.mutate(CreateStaff, { input: { email: 'rotate@test.claro', name: 'Rotate', role: 'ANALYST', password: 'first-password' } });
    const { login } = await server.as(null).mutate(Login, { email: 'rotate@test.claro', password: 'first-password' });
    await admin.mutate(UpdateStaff, { id: createStaff.id, input: { password: 'second-password' } });
    expect((await server.withToken(login.token).error(Me)).extensions.detail).toBe('REVOKED_TOKEN');
    const again = await server.as(null).mutate(Login, { email: 'rotate@test.claro', password: 'second-password' });
    expect((await server.withToken(again.login.token).query(Me)).me.email).toBe('rotate@test.claro');
  });

  it('refuses a duplicate email with CONFLICT and a short password with BAD_USER_INPUT naming the field', async () => {
    const admin = server.as(Role.ADMIN);
    const duplicate = await admin.error(CreateStaff, { input: { email: 'admin@test.claro', name: 'Again', role: 'ADMIN', password: 'a-long-password' } });
    expect(duplicate.code).toBe('CONFLICT');
    const short = await admin.error(CreateStaff, { input: { email: 'short@test.claro', name: 'Short', role: 'ADMIN', password: 'abc' } });
    expect(short.code).toBe('BAD_USER_INPUT');
    expect(short.extensions.fields).toEqual([expect.objectContaining({ field: 'input.password' })]);
  });

  it('does not let an admin deactivate their own account', async () => {
    const error = await server.as(Role.ADMIN).error(DeactivateStaff, { id: server.staff.ADMIN.id });
    expect(error.code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown staff id, well-formed or not', async () => {
    for (const id of ['999999', 'not-an-id']) {
      expect((await server.as(Role.ADMIN).error(DeactivateStaff, { id })).code).toBe('NOT_FOUND');
    }
  });

  it('keeps staff administration to admins: other roles get FORBIDDEN', async () => {
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) {
      const error = await server.as(role).error(StaffMembers);
      expect(error.code).toBe('FORBIDDEN');
    }
    const { staffMembers } = await server.as(Role.ADMIN).query(StaffMembers);
    expect(staffMembers.map((s) => s.email)).toEqual(expect.arrayContaining(['admin@test.claro', 'partner@test.claro']));
  });

  it('never exposes a password hash in the schema', async () => {
    const { __type } = await server.as(Role.ADMIN).query(graphql(`query StaffFields { __type(name: "Staff") { fields { name } } }`));
    const fields = __type!.fields!.map((f) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['id', 'email', 'role', 'active']));
    expect(fields.filter((name) => /password|hash|token/i.test(name))).toEqual([]);
  });
});
